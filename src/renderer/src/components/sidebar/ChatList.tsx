import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { groupChats } from './chat-groups';
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
  const groupLabels = {
    pinned: t('sidebar.groupPinned'),
    today: t('sidebar.groupToday'),
    yesterday: t('sidebar.groupYesterday'),
    week: t('sidebar.groupWeek'),
    older: t('sidebar.groupOlder'),
  };
  return (
    <div className="chat-groups">
      {groupChats(chats, new Date()).map((group) => (
        <section key={group.key} className="chat-group" aria-labelledby={`chat-group-${group.key}`}>
          <h2 id={`chat-group-${group.key}`} className="chat-group-title">
            {groupLabels[group.key]}
          </h2>
          <ul className="chat-list">
            {group.chats.map((chat) => (
              <ChatListItem key={chat.id} chat={chat} current={chat.id === currentChatId} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
