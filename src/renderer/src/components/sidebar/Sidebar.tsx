import { useTranslation } from 'react-i18next';
import { newChat } from '../../store/actions';
import { Icon } from '../common/Icon';
import { ChatList } from './ChatList';
import { ChatSearch } from './ChatSearch';

export function Sidebar(): React.JSX.Element {
  const { t } = useTranslation();
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
    </nav>
  );
}
