import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';

export function ConnectionBanner(): React.JSX.Element | null {
  const { t } = useTranslation();
  const connection = useAppStore((s) => s.connection);
  if (connection === 'refused') {
    return (
      <div className="banner is-error" role="alert">
        {t('connection.refused')}
      </div>
    );
  }
  if (connection !== 'reconnecting') return null;
  return (
    <div className="banner is-warning" role="alert">
      <span className="spinner" aria-hidden="true" />
      {t('connection.reconnecting')}
    </div>
  );
}
