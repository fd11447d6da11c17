import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { formatNumber } from '../../format';

/**
 * Tokens, speed, time to first token, and how much of the prompt was evaluated or reused from
 * the engine's cache, under a finished reply: what main stored with it.
 */
export function ReplyStats({ message }: { message: Message }): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const { completionTokens, durationMs, firstTokenMs, evaluatedTokens, reusedTokens } = message;
  if (completionTokens === null) return null;
  const lang = i18n.language;
  const parts = [t('chat.statsTokens', { count: completionTokens, value: formatNumber(completionTokens, lang) })];
  if (durationMs && durationMs > 0) {
    parts.push(t('chat.statsSpeed', { value: formatNumber(completionTokens / (durationMs / 1000), lang, 1) }));
  }
  if (firstTokenMs !== null) {
    parts.push(t('chat.statsFirstToken', { value: formatNumber(firstTokenMs / 1000, lang, 2) }));
  }
  if (evaluatedTokens !== null && reusedTokens !== null) {
    parts.push(t('chat.statsPrompt', { evaluated: formatNumber(evaluatedTokens, lang), reused: formatNumber(reusedTokens, lang) }));
  }
  return <p className="reply-stats">{parts.join(' · ')}</p>;
}
