import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/error-text';
import { useAppStore } from '../../store/state';

/**
 * The one polite status region. It stays mounted (a region added with its text is often
 * not read); each announcement is a new child so repeating the same words is read again.
 */
export function LiveRegion(): React.JSX.Element {
  const { t } = useTranslation();
  const announcement = useAppStore((s) => s.announcement);
  return (
    <div role="status" aria-live="polite" className="visually-hidden">
      {announcement && (
        <span key={announcement.id}>
          {t(announcement.key, { ...announcement.params, message: announcement.error ? errorText(t, announcement.error) : (announcement.message ?? '') })}
        </span>
      )}
    </div>
  );
}
