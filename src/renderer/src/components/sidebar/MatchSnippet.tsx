import { useTranslation } from 'react-i18next';
import { SEARCH_MARK, type SearchMatch } from '../../../../shared/domain';
import { jumpToMessage } from '../../store/actions';

/** The words a search found in a chat, marked, as a link to that message. */
export function MatchSnippet({ match }: { match: SearchMatch }): React.JSX.Element {
  const { t } = useTranslation();
  // Between a start and an end mark is a found word: the split alternates plain and found text.
  const parts = match.snippet.split(new RegExp(`[${SEARCH_MARK.start}${SEARCH_MARK.end}]`));
  return (
    <button type="button" className="match-snippet" title={t('sidebar.goToMatch')} onClick={() => void jumpToMessage(match.chatId, match.messageId)}>
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}
    </button>
  );
}
