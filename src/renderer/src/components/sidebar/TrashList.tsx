import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { purgeTrash, restoreChat, toggleTrash } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';

/** The chats in the trash, in place of the chat list: restore one, delete one or all for good. */
export function TrashList(): React.JSX.Element {
  const { t } = useTranslation();
  const trash = useAppStore((s) => s.trash);
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="trash" aria-labelledby="trash-title">
      <div className="trash-header">
        <button type="button" className="button ghost small" onClick={() => void toggleTrash(false)}>
          <Icon name="back" />
          {t('sidebar.backToChats')}
        </button>
        <h2 id="trash-title" className="chat-group-title">
          {t('sidebar.trashTitle')}
        </h2>
      </div>
      <p className="sidebar-hint">{t('sidebar.trashHint')}</p>
      {trash.length === 0 ? (
        <p className="sidebar-empty">{t('sidebar.trashEmpty')}</p>
      ) : (
        <>
          <ul className="chat-list">
            {trash.map((chat) => {
              const title = chat.title || t('sidebar.untitled');
              return (
                <li key={chat.id} className="chat-item">
                  <span className="chat-link is-static" title={title}>
                    {title}
                  </span>
                  <span className="chat-item-actions is-visible">
                    <IconButton icon="undo" label={t('sidebar.restore', { title })} onClick={() => void restoreChat(chat.id)} />
                    <IconButton icon="trash" label={t('sidebar.purge', { title })} onClick={() => void purgeTrash(chat.id)} />
                  </span>
                </li>
              );
            })}
          </ul>
          <button type="button" className="button danger small" onClick={() => setConfirming(true)}>
            {t('sidebar.emptyTrash')}
          </button>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('sidebar.confirmEmptyTitle')}
          body={t('sidebar.confirmEmptyBody')}
          confirmLabel={t('sidebar.emptyTrash')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void purgeTrash();
          }}
        />
      )}
    </section>
  );
}
