import { useAppStore } from '../../store/state';
import { AssistantMessage } from './AssistantMessage';
import { ContextCut } from './ContextCut';
import { UserMessage } from './UserMessage';

/** Subscribes to its own message only, so a change elsewhere never re-renders it. */
export function MessageItem({ id }: { id: string }): React.JSX.Element {
  const message = useAppStore((s) => s.messages[id]);
  const found = useAppStore((s) => s.focusMessageId === id);
  // Virtuoso measures every item; an empty element keeps it from complaining about size 0.
  if (!message) return <div className="message-missing" />;
  return (
    <>
      <ContextCut messageId={id} />
      {/* Focusable from code only: a search result that was opened lands here. */}
      <div id={`message-${id}`} tabIndex={-1} className={found ? 'message-target is-found' : 'message-target'}>
        {message.role === 'user' ? <UserMessage message={message} /> : <AssistantMessage message={message} />}
      </div>
    </>
  );
}
