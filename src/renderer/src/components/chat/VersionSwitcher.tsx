import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { showVersion } from '../../store/actions';
import { isReplyBusy } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { IconButton } from '../common/IconButton';

/** "‹ 2 / 3 ›" next to a message that has other versions (regenerated, or edited). */
export function VersionSwitcher({ message }: { message: Message }): React.JSX.Element | null {
  const { t } = useTranslation();
  const busy = useAppStore(isReplyBusy);
  const count = message.versionIds.length;
  if (count < 2) return null;
  const index = message.versionIds.indexOf(message.id);
  const previous = message.versionIds[index - 1];
  const next = message.versionIds[index + 1];
  return (
    <span className="version-switcher" role="group" aria-label={t('chat.version', { index: index + 1, count })}>
      <IconButton icon="left" label={t('chat.versionPrevious')} disabled={busy || !previous} onClick={() => previous && void showVersion(previous)} />
      <span className="version-count" aria-hidden="true">
        {index + 1} / {count}
      </span>
      <IconButton icon="right" label={t('chat.versionNext')} disabled={busy || !next} onClick={() => next && void showVersion(next)} />
    </span>
  );
}
