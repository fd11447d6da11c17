import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatSummary } from '../../../../shared/domain';
import { deleteChat, openChat, renameChat, showChat } from '../../store/actions';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { IconButton } from '../common/IconButton';
import { RenameField } from './RenameField';

export function ChatListItem({ chat, current }: { chat: ChatSummary; current: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const title = chat.title || t('sidebar.untitled');

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
            type="button"
            className="chat-link"
            aria-current={current ? 'page' : undefined}
            onClick={() => {
              showChat();
              void openChat(chat.id);
            }}
            title={title}
          >
            {title}
          </button>
          <span className="chat-item-actions">
            <IconButton icon="pencil" label={t('sidebar.renameChat', { title })} onClick={() => setRenaming(true)} />
            <IconButton icon="trash" label={t('sidebar.deleteChat', { title })} onClick={() => setConfirming(true)} />
          </span>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('sidebar.confirmDeleteTitle')}
          body={t('sidebar.confirmDeleteBody', { title })}
          confirmLabel={t('common.delete')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void deleteChat(chat.id);
          }}
        />
      )}
    </li>
  );
}
