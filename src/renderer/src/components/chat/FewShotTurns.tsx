import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';

/** The chat's example exchanges, collapsed above the conversation: sent first, never part of it. */
export function FewShotTurns(): React.JSX.Element | null {
  const { t } = useTranslation();
  const fewShot = useAppStore((s) => s.currentChat?.fewShot);
  if (!fewShot || fewShot.length === 0) return null;
  return (
    <details className="few-shot">
      <summary>{t('chat.fewShotSummary', { count: fewShot.length })}</summary>
      <dl>
        {fewShot.map((turn, i) => (
          <div key={i} className="few-shot-pair">
            <dt>{t('chat.you')}</dt>
            <dd className="user-text">{turn.user}</dd>
            <dt>{t('chat.assistant')}</dt>
            <dd className="user-text">{turn.assistant}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
