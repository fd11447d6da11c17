import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { useAppStore } from '../../store/state';

/**
 * The text as the model sees it: the prompt, dimmed, and what it wrote after it, exactly as
 * written (plain text keeps code and spacing intact). Only this re-renders while it streams.
 */
export function CompletionOutput({ message, prompt }: { message: Message; prompt: string }): React.JSX.Element {
  const { t } = useTranslation();
  const live = useAppStore((s) => s.streaming[message.id]?.text);
  const position = useAppStore((s) => s.queuePositions[message.id]);
  const text = useDeferredValue(live ?? message.content);
  return (
    <pre className="completion-output">
      <span className="completion-output-prompt">{prompt}</span>
      {text}
      {message.status === 'streaming' && !text && position ? <span className="reply-queued"> {t('chat.queued', { position })}</span> : null}
    </pre>
  );
}
