import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/error-text';
import { restartWorker } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';

/** The engine process: a short note while it restarts, a way out once it gave up. */
export function WorkerBanner(): React.JSX.Element | null {
  const { t } = useTranslation();
  const worker = useAppStore((s) => s.worker);
  if (worker?.state === 'restarting') {
    return <div className="banner is-info">{t('worker.restarting')}</div>;
  }
  if (worker?.state !== 'down') return null;
  return (
    <div className="banner is-error" role="alert">
      <Icon name="alert" />
      <div className="banner-text">
        <strong>{t('worker.down')}</strong>
        {worker.lastError && <span>{t('worker.lastError', { message: errorText(t, worker.lastError) })}</span>}
      </div>
      <button type="button" className="button" onClick={() => void restartWorker()}>
        <Icon name="refresh" />
        {t('worker.restart')}
      </button>
    </div>
  );
}
