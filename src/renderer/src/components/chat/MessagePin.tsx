import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { pinMessage } from '../../store/actions';
import { isReplyBusy } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';

/** A toggle: its name stays, `aria-pressed` says whether the message is pinned. */
export function PinButton({ message }: { message: Message }): React.JSX.Element {
  const { t } = useTranslation();
  const busy = useAppStore(isReplyBusy);
  return (
    <IconButton
      icon="pin"
      label={t('chat.pin')}
      aria-pressed={message.pinned}
      className={message.pinned ? 'is-on' : ''}
      disabled={busy}
      onClick={() => void pinMessage(message.id, !message.pinned)}
    />
  );
}

/** Shown on a pinned message whether or not its actions are: it is still sent when older turns are dropped. */
export function PinnedMarker({ message }: { message: Message }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!message.pinned) return null;
  return (
    <p className="pinned-marker">
      <Icon name="pin" />
      {t('chat.pinned')}
    </p>
  );
}
