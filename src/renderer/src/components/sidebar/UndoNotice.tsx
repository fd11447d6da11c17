import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { focusIfLost } from '../../focus/focus-rescue';
import { dismissUndo, restoreChat } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';

/** "“Title” was moved to the trash. Undo" — stays until dismissed or another chat is deleted. */
export function UndoNotice(): React.JSX.Element | null {
  const { t } = useTranslation();
  const undo = useAppStore((s) => s.undo);
  const button = useRef<HTMLButtonElement>(null);
  // The deleted chat's button went with it: Undo is the natural next step.
  useEffect(() => focusIfLost(button.current), [undo?.chatId]);
  if (!undo) return null;
  const title = undo.title || t('sidebar.untitled');
  return (
    <div className="undo-notice">
      <span>{t('sidebar.undoText', { title })}</span>
      <button ref={button} type="button" className="button small" onClick={() => void restoreChat(undo.chatId)}>
        <Icon name="undo" />
        {t('sidebar.undo')}
      </button>
      <IconButton icon="close" label={t('common.dismiss')} onClick={dismissUndo} />
    </div>
  );
}
