import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchChats } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';

const debounceMs = 200;

/** Filters the chat list on the main side (`chats.list {query}`), which also searches message text. */
export function ChatSearch(): React.JSX.Element {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');

  useEffect(() => {
    // Nothing to do on mount: the first load already listed every chat.
    if (query === useAppStore.getState().chatQuery) return;
    const timer = setTimeout(() => void searchChats(query), debounceMs);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <div className="chat-search">
      <Icon name="search" />
      <input
        type="search"
        data-shortcut-target="search"
        aria-label={t('sidebar.search')}
        placeholder={t('sidebar.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
    </div>
  );
}
