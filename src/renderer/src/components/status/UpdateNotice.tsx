import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { IconButton } from '../common/IconButton';

/**
 * A newer Candil exists: said once, out of the way, with its release page (opened in the system
 * browser by the window's link policy). Candil itself downloads and installs nothing.
 */
export function UpdateNotice(): React.JSX.Element | null {
  const { t } = useTranslation();
  const available = useAppStore((s) => s.update?.available ?? null);
  // Hidden for the version it named; a later release found in this session shows again.
  const [hidden, setHidden] = useState<string | null>(null);
  if (!available || hidden === available.version) return null;
  return (
    <section className="banner is-info" aria-label={t('updates.title')}>
      <div className="banner-text">
        <strong>{t('updates.available', { version: available.version })}</strong>
      </div>
      <a href={available.url} target="_blank" rel="noopener noreferrer">
        {t('updates.releasePage')}
      </a>
      <IconButton icon="close" label={t('updates.hide')} onClick={() => setHidden(available.version)} />
    </section>
  );
}
