import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { Markdown } from '../markdown/Markdown';

/**
 * A reply's text, streaming or finished. The only component that re-renders on each
 * `chat.delta`; the deferred value lets React drop intermediate renders when tokens come faster
 * than Markdown can be drawn. One component for both states, so when the reply ends the blocks
 * already parsed are kept and only those with code are parsed again.
 */
export function ReplyBody({ messageId, stored, streaming }: { messageId: string; stored: string; streaming: boolean }): React.JSX.Element | null {
  const { t } = useTranslation();
  const live = useAppStore((s) => (streaming ? s.streaming[messageId]?.text : undefined));
  const position = useAppStore((s) => s.queuePositions[messageId]);
  const text = useDeferredValue(live || stored);
  if (!streaming) return stored ? <Markdown text={stored} /> : null;
  if (!text && position) return <p className="reply-queued">{t('chat.queued', { position })}</p>;
  if (!text) return <span className="cursor is-alone" aria-hidden="true" />;
  return <Markdown text={text} streaming />;
}
