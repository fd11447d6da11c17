import { useTranslation } from 'react-i18next';
import { newChat, showChat, showModels } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { ChatList } from './ChatList';
import { ChatSearch } from './ChatSearch';

export function Sidebar(): React.JSX.Element {
  const { t } = useTranslation();
  const onModels = useAppStore((s) => s.view === 'models');
  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        {t('app.name')}
      </div>
      <button type="button" className="button primary new-chat" onClick={() => void newChat()}>
        <Icon name="plus" />
        {t('sidebar.newChat')}
      </button>
      <ChatSearch />
      <ChatList />
      <div className="sidebar-footer">
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
    </nav>
  );
}
