import { useEffect, useRef, useState } from 'react';
import { focusIfLost } from '../../focus/focus-rescue';
import { useTranslation } from 'react-i18next';
import type { ChatSummary } from '../../../../shared/domain';
import { deleteChat, openChat, renameChat, setPinned, showChat } from '../../store/actions';
import { IconButton } from '../common/IconButton';
import { useAppStore } from '../../store/state';
import { MatchSnippet } from './MatchSnippet';
import { RenameField } from './RenameField';

export function ChatListItem({ chat, current }: { chat: ChatSummary; current: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const link = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  // The title field is gone once the rename ends: back to the chat's link, not to the page's top.
  useEffect(() => {
    if (wasRenaming.current && !renaming) focusIfLost(link.current);
    wasRenaming.current = renaming;
  }, [renaming]);
  const title = chat.title || t('sidebar.untitled');
  const match = useAppStore((s) => s.matches[chat.id]);

  return (
    <li className={`chat-item ${current ? 'is-current' : ''}`}>
      {renaming ? (
        <RenameField
          initial={chat.title}
          onCancel={() => setRenaming(false)}
          onSave={(next) => {
            setRenaming(false);
            void renameChat(chat.id, next);
          }}
        />
      ) : (
        <>
          <button
            ref={link}
            type="button"
            className="chat-link"
            aria-current={current ? 'page' : undefined}
            aria-label={chat.mode === 'completion' ? `${t('sidebar.completionBadge')}: ${title}` : undefined}
            onClick={() => {
              showChat();
              void openChat(chat.id);
            }}
            title={title}
          >
            {chat.mode === 'completion' && <span className="chat-badge">{t('sidebar.completionBadge')}</span>}
            {title}
          </button>
          <span className="chat-item-actions">
            <IconButton
              icon="pin"
              className={chat.pinned ? 'is-on' : ''}
              aria-pressed={chat.pinned}
              label={t(chat.pinned ? 'sidebar.unpin' : 'sidebar.pin', { title })}
              onClick={() => void setPinned(chat.id, !chat.pinned)}
            />
            <IconButton icon="pencil" label={t('sidebar.renameChat', { title })} onClick={() => setRenaming(true)} />
            {/* To the trash, with "Undo" in the notice that follows: no dialog in the way. */}
            <IconButton icon="trash" label={t('sidebar.deleteChat', { title })} onClick={() => void deleteChat(chat.id)} />
          </span>
          {match && <MatchSnippet match={match} />}
        </>
      )}
    </li>
  );
}
