import { useTranslation } from 'react-i18next';
import type { ContextMeasure } from '../../../../shared/domain';
import { formatNumber } from '../../format';
import { dropOldestTurns, summarizeIntoNewChat } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';

/**
 * Said before sending, never after: the next message will not fit the window. Two ways on —
 * stop sending the oldest turns (they stay in the chat), or a new chat from a summary.
 */
export function ContextNotice({ measure, draft }: { measure: ContextMeasure; draft: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const chatId = useAppStore((s) => s.currentChatId);
  const working = useAppStore((s) => s.contextWork);
  const lang = i18n.language;
  return (
    <div className="context-notice" role="alert">
      <Icon name="alert" />
      <div>
        <p>
          {t('context.tooLong', {
            needed: formatNumber(measure.promptTokens + measure.replyTokens, lang),
            size: formatNumber(measure.contextSize, lang),
            reply: formatNumber(measure.replyTokens, lang),
          })}
        </p>
        {chatId && (
          <div className="context-notice-actions">
            <button type="button" className="button small" disabled={working !== null} onClick={() => void dropOldestTurns(chatId, draft)}>
              {t('context.dropOldest')}
            </button>
            <button type="button" className="button small" disabled={working !== null} onClick={() => void summarizeIntoNewChat(chatId, t('context.summaryHeading'))}>
              {working === 'summarizing' ? t('context.summarizing') : t('context.summarize')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
