import { useTranslation } from 'react-i18next';

export function EmptyChat(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="empty-chat">
      <span className="brand-mark is-large" aria-hidden="true" />
      <h2>{t('chat.emptyTitle')}</h2>
      <p>{t('chat.emptyBody')}</p>
    </div>
  );
}
