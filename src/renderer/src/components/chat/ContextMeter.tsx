import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContextMeasure } from '../../../../shared/domain';
import { formatNumber } from '../../format';
import { useAppStore } from '../../store/state';

/**
 * How full the context window will be with the draft and room for the reply (measured before
 * sending), or how full it was after the last reply until the first measure arrives.
 */
export function ContextMeter({ measure }: { measure: ContextMeasure | null }): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const labelId = useId();
  const usage = useAppStore((s) => (s.currentChatId ? s.contextUsage[s.currentChatId] : undefined));
  const used = measure ? measure.promptTokens + measure.replyTokens : usage?.used;
  const size = measure ? measure.contextSize : usage?.size;
  if (used === undefined || !size || size <= 0) return null;
  const lang = i18n.language;
  const values = { used: formatNumber(used, lang), size: formatNumber(size, lang) };
  return (
    <div className="context-meter">
      <meter aria-labelledby={labelId} min={0} max={size} value={Math.min(used, size)} low={size * 0.7} high={size * 0.9} optimum={0} />
      <span id={labelId}>{measure ? t(measure.exact ? 'chat.contextNext' : 'chat.contextNextEstimated', values) : t('chat.context', values)}</span>
    </div>
  );
}
