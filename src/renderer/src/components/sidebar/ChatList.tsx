import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { ChatListItem } from './ChatListItem';

export function ChatList(): React.JSX.Element {
  const { t } = useTranslation();
  const chats = useAppStore((s) => s.chats);
  // On the Models screen no chat is the current page.
  const currentChatId = useAppStore((s) => (s.view === 'chat' ? s.currentChatId : null));
  const query = useAppStore((s) => s.chatQuery.trim());

  if (chats.length === 0) {
    return <p className="sidebar-empty">{query ? t('sidebar.noResults', { query }) : t('sidebar.empty')}</p>;
  }
  return (
    <ul className="chat-list">
      {chats.map((chat) => (
        <ChatListItem key={chat.id} chat={chat} current={chat.id === currentChatId} />
      ))}
    </ul>
  );
}
