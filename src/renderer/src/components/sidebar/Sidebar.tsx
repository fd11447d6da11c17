import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showChat, showModels, startNewChat, toggleTrash } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { TransferDialog } from '../transfer/TransferDialog';
import { ChatList } from './ChatList';
import { ChatSearch } from './ChatSearch';
import { TrashList } from './TrashList';
import { UndoNotice } from './UndoNotice';

export function Sidebar(): React.JSX.Element {
  const { t } = useTranslation();
  const onModels = useAppStore((s) => s.view === 'models');
  const trashOpen = useAppStore((s) => s.trashOpen);
  const [transferOpen, setTransferOpen] = useState(false);
  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        {t('app.name')}
      </div>
      <button type="button" className="button primary new-chat" onClick={() => startNewChat('chat')}>
        <Icon name="plus" />
        {t('sidebar.newChat')}
      </button>
      <button type="button" className="button ghost small new-completion" onClick={() => startNewChat('completion')}>
        <Icon name="note" />
        {t('sidebar.newCompletion')}
      </button>
      {trashOpen ? (
        <TrashList />
      ) : (
        <>
          <ChatSearch />
          <ChatList />
        </>
      )}
      <UndoNotice />
      <div className="sidebar-footer">
        {!trashOpen && (
          <button type="button" className="button ghost sidebar-link" onClick={() => void toggleTrash(true)}>
            <Icon name="trash" />
            {t('sidebar.trash')}
          </button>
        )}
        <button type="button" className="button ghost sidebar-link" aria-haspopup="dialog" onClick={() => setTransferOpen(true)}>
          <Icon name="download" />
          {t('transfer.open')}
        </button>
        <button
          type="button"
          className={`button ghost sidebar-link ${onModels ? '' : 'is-current'}`}
          aria-current={onModels ? undefined : 'true'}
          onClick={showChat}
        >
          <Icon name="note" />
          {t('nav.chat')}
        </button>
        <button
          type="button"
          className={`button ghost sidebar-link ${onModels ? 'is-current' : ''}`}
          aria-current={onModels ? 'true' : undefined}
          onClick={() => showModels()}
        >
          <Icon name="layers" />
          {t('nav.models')}
        </button>
      </div>
      {transferOpen && <TransferDialog onClose={() => setTransferOpen(false)} />}
    </nav>
  );
}
