import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatSummary } from '../../../../shared/domain';
import type { ExportFormat } from '../../../../shared/chat-transfer';
import type { Language } from '../../i18n';
import { exportChats } from '../../store/actions';
import { Dialog } from '../common/Dialog';
import { Icon } from '../common/Icon';

/** The open chat as Markdown (the branch being read) or JSON (every version, to import again). */
export function ExportChatDialog({ chat, onClose }: { chat: ChatSummary; onClose: () => void }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const hint = useId();
  const [busy, setBusy] = useState(false);

  // aria-disabled, not disabled: the focused button must keep the keyboard's focus.
  async function save(format: ExportFormat): Promise<void> {
    if (busy) return;
    setBusy(true);
    const saved = await exportChats({ format, language: i18n.language as Language, chatId: chat.id });
    setBusy(false);
    if (saved) onClose();
  }

  return (
    <Dialog title={t('transfer.exportChatTitle', { title: chat.title || t('sidebar.untitled') })} onClose={onClose} className="dialog-small" describedBy={hint}>
      <p id={hint} className="dialog-body">
        {t('transfer.exportChatHint')}
      </p>
      <footer className="dialog-footer">
        <button type="button" className="button" aria-disabled={busy} onClick={() => void save('markdown')}>
          <Icon name="download" />
          {t('transfer.exportMarkdown')}
        </button>
        <button type="button" className="button" aria-disabled={busy} onClick={() => void save('json')}>
          <Icon name="download" />
          {t('transfer.exportJson')}
        </button>
      </footer>
    </Dialog>
  );
}
