import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { Icon } from '../common/Icon';

/** Why a reply ended early; its partial text stays above this line. */
export function ReplyStatus({ message }: { message: Message }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (message.status === 'stopped') {
    return <p className="reply-status">{t('chat.stopped')}</p>;
  }
  if (message.status === 'error') {
    const error = message.error;
    return (
      <p className="reply-status is-error">
        <Icon name="alert" />
        <span>
          {t('chat.error', { message: error?.message ?? t('errors.GENERATION_FAILED') })}
          {error && <span className="reply-status-code"> ({t(`errors.${error.code}`)})</span>}
        </span>
      </p>
    );
  }
  return null;
}
