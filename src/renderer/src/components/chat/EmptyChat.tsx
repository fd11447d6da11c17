import { useTranslation } from 'react-i18next';
import { showsGetStarted } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { GetStarted } from '../first-run/GetStarted';
import { FewShotTurns } from './FewShotTurns';
import { PresetGallery } from './PresetGallery';

export function EmptyChat(): React.JSX.Element {
  const { t } = useTranslation();
  // A chat already set up (from a preset, or its settings) shows what it starts with instead.
  const getStarted = useAppStore(showsGetStarted);
  const setUp = useAppStore((s) => Boolean(s.currentChat && (s.currentChat.systemPrompt || s.currentChat.fewShot.length > 0)));
  if (getStarted) {
    return (
      <div className="empty-chat">
        <GetStarted />
      </div>
    );
  }
  return (
    <div className="empty-chat">
      <span className="brand-mark is-large" aria-hidden="true" />
      <h2>{t('chat.emptyTitle')}</h2>
      <p>{t('chat.emptyBody')}</p>
      {setUp ? <FewShotTurns /> : <PresetGallery />}
    </div>
  );
}
