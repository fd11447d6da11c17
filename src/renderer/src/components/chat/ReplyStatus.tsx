import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { errorText } from '../../i18n/error-text';
import { Icon } from '../common/Icon';

/** Why a reply ended early; its partial text stays above this line. */
export function ReplyStatus({ message }: { message: Message }): React.JSX.Element | null {
  const { t } = useTranslation();
  const error = message.error;
  if (message.status === 'stopped') {
    if (error?.code === 'CONTEXT_FULL') {
      return (
        <p className="reply-status">
          {t('chat.stoppedContextFull')}. {errorText(t, error)}
        </p>
      );
    }
    return <p className="reply-status">{t('chat.stopped')}</p>;
  }
  if (message.status === 'error') {
    return (
      <p className="reply-status is-error">
        <Icon name="alert" />
        <span>
          {t('chat.error', { message: error ? errorText(t, error) : t('errors.GENERATION_FAILED') })}
          {error && <span className="reply-status-code"> ({t(`errors.${error.code}`)})</span>}
        </span>
      </p>
    );
  }
  return null;
}
