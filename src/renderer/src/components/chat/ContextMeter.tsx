import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format';
import { useAppStore } from '../../store/state';

/** How full the model's context was after the last reply of this chat. */
export function ContextMeter(): React.JSX.Element | null {
  const { t, i18n } = useTranslation();
  const labelId = useId();
  const usage = useAppStore((s) => (s.currentChatId ? s.contextUsage[s.currentChatId] : undefined));
  if (!usage || usage.size <= 0) return null;
  const lang = i18n.language;
  return (
    <div className="context-meter">
      <meter aria-labelledby={labelId} min={0} max={usage.size} value={usage.used} low={usage.size * 0.7} high={usage.size * 0.9} optimum={0} />
      <span id={labelId}>
        {t('chat.context', { used: formatNumber(usage.used, lang), size: formatNumber(usage.size, lang) })}
      </span>
    </div>
  );
}
