import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { FewShotTurns } from './FewShotTurns';
import { PresetGallery } from './PresetGallery';

export function EmptyChat(): React.JSX.Element {
  const { t } = useTranslation();
  // A chat already set up (from a preset, or its settings) shows what it starts with instead.
  const setUp = useAppStore((s) => Boolean(s.currentChat && (s.currentChat.systemPrompt || s.currentChat.fewShot.length > 0)));
  return (
    <div className="empty-chat">
      <span className="brand-mark is-large" aria-hidden="true" />
      <h2>{t('chat.emptyTitle')}</h2>
      <p>{t('chat.emptyBody')}</p>
      {setUp ? <FewShotTurns /> : <PresetGallery />}
    </div>
  );
}
