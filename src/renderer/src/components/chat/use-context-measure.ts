import { useEffect, useState } from 'react';
import type { ContextMeasure } from '../../../../shared/domain';
import { api } from '../../ipc';
import { useAppStore } from '../../store/state';

/** Waits for a pause in typing before measuring again: each measure renders the whole prompt. */
const DEBOUNCE_MS = 300;

/**
 * How much of the window the open chat plus the draft would take, measured by main with the
 * engine's tokenizer. Measured again when the draft, the chat, its messages, the model or the
 * engine's state change; null until the first answer (or without a model).
 */
export function useContextMeasure(draft: string): ContextMeasure | null {
  const chatId = useAppStore((s) => s.currentChatId);
  const messages = useAppStore((s) => s.messageIds.length);
  const contextFrom = useAppStore((s) => s.currentChat?.contextFromId ?? null);
  const setup = useAppStore((s) => s.currentChat?.updatedAt ?? 0);
  const model = useAppStore((s) => s.settings?.selectedModelPath ?? null);
  const settings = useAppStore((s) => s.settings);
  const loaded = useAppStore((s) => s.worker?.modelPath ?? null);
  const busy = useAppStore((s) => Object.values(s.streaming).some((r) => r.chatId === s.currentChatId));
  const [measure, setMeasure] = useState<ContextMeasure | null>(null);

  useEffect(() => {
    if (!model || busy) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .call('chat.measure', { chatId, draft })
        .then((result) => current && setMeasure(result))
        .catch(() => current && setMeasure(null));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [chatId, draft, messages, contextFrom, setup, model, settings, loaded, busy]);

  return model ? measure : null;
}
