import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dismissToast } from '../../store/actions';
import { errorText } from '../../i18n/error-text';
import { useAppStore, type Toast } from '../../store/state';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';
import { usePausableTimeout } from './use-pausable-timeout';

const visibleMs = 8000;

function ToastItem({ toast }: { toast: Toast }): React.JSX.Element {
  const { t } = useTranslation();
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  // Time to read it, however long that takes: the clock stops under the pointer and while focus is inside.
  usePausableTimeout(() => dismissToast(toast.id), visibleMs, hovered || focused);
  return (
    <li
      className="toast"
      data-testid="error-toast"
      data-code={toast.error.code}
      data-paused={hovered || focused ? 'true' : undefined}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <Icon name="alert" />
      <div className="toast-text">
        <strong>{t(`errors.${toast.error.code}`)}</strong>
        <span>{errorText(t, toast.error)}</span>
      </div>
      <IconButton icon="close" label={t('common.dismiss')} onClick={() => dismissToast(toast.id)} />
    </li>
  );
}

/** Failed calls; the live region reads them out, so this list is not live itself. */
export function Toasts(): React.JSX.Element {
  const { t } = useTranslation();
  const toasts = useAppStore((s) => s.toasts);
  return (
    <section className="toasts" aria-label={t('toast.region')}>
      <ul>
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ul>
    </section>
  );
}
