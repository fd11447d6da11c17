import { useTranslation } from 'react-i18next';
import { sendAllTurns } from '../../store/actions';
import { useAppStore } from '../../store/state';

/** Above the first message still sent, when older ones were dropped to fit the window. */
export function ContextCut({ messageId }: { messageId: string }): React.JSX.Element | null {
  const { t } = useTranslation();
  const chatId = useAppStore((s) => (s.currentChat?.contextFromId === messageId ? s.currentChat.id : null));
  // Main tells: the pinned message may be far above what the window has loaded.
  const pinnedAbove = useAppStore((s) => s.pinnedBeforeCut);
  if (!chatId) return null;
  return (
    <div className="context-cut" role="note">
      <span>{t(pinnedAbove ? 'chat.notSentPinned' : 'chat.notSent')}</span>
      <button type="button" className="button small ghost" onClick={() => void sendAllTurns(chatId)}>
        {t('chat.sendAllAgain')}
      </button>
    </div>
  );
}
