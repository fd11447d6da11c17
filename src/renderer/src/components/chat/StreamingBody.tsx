import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { StreamingMarkdown } from '../markdown/Markdown';

/**
 * The only component that re-renders on each `chat.delta`. The deferred value lets React
 * drop intermediate renders when tokens come faster than Markdown can be drawn.
 */
export function StreamingBody({ messageId, stored }: { messageId: string; stored: string }): React.JSX.Element {
  const { t } = useTranslation();
  const live = useAppStore((s) => s.streaming[messageId]?.text);
  const position = useAppStore((s) => s.queuePositions[messageId]);
  const text = useDeferredValue(live || stored);
  if (!text && position) return <p className="reply-queued">{t('chat.queued', { position })}</p>;
  if (!text) return <span className="cursor is-alone" aria-hidden="true" />;
  return <StreamingMarkdown text={text} className="is-streaming" />;
}
