import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { CompletionView } from '../completion/CompletionView';
import { Composer } from './Composer';
import { EmptyChat } from './EmptyChat';
import { MessageList } from './MessageList';

export function ChatView(): React.JSX.Element {
  const { t } = useTranslation();
  const isEmpty = useAppStore((s) => s.messageIds.length === 0);
  const isCompletion = useAppStore((s) => (s.currentChat?.mode ?? s.draftMode) === 'completion');
  if (isCompletion) return <CompletionView />;
  return (
    <section className="chat-view" aria-label={t('app.main')}>
      {isEmpty ? (
        <section className="message-log" aria-label={t('chat.log')}>
          <EmptyChat />
        </section>
      ) : (
        <MessageList />
      )}
      <Composer />
    </section>
  );
}
