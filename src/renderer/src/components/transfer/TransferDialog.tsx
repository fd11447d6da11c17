import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ImportResult } from '../../../../shared/chat-transfer';
import type { Language } from '../../i18n';
import { exportChats, importChats } from '../../store/actions';
import { Dialog } from '../common/Dialog';
import { Icon } from '../common/Icon';

/** Every chat out (JSON to import again, Markdown to read), and a Candil or ChatGPT export in. */
export function TransferDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const ids = { exportHint: useId(), importHint: useId() };
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  // Buttons stay enabled (aria-disabled) while busy: disabling the focused one would drop the
  // keyboard user's focus out of the dialog.
  async function exportAll(format: ExportFormat): Promise<void> {
    if (busy) return;
    setBusy('export');
    await exportChats({ format, language: i18n.language as Language });
    setBusy(null);
  }

  async function onFile(event: React.ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again is a new choice.
    event.target.value = '';
    if (!file || busy) return;
    setBusy('import');
    setResult(null);
    const imported = await importChats(file);
    setBusy(null);
    if (imported) setResult(imported);
  }

  return (
    <Dialog title={t('transfer.title')} onClose={onClose} className="dialog-small transfer-dialog">
      <section className="dialog-body" aria-labelledby={`${ids.exportHint}-h`}>
        <h3 id={`${ids.exportHint}-h`}>{t('transfer.exportHeading')}</h3>
        <p id={ids.exportHint} className="field-hint">
          {t('transfer.exportHint')}
        </p>
        <div className="transfer-actions">
          <button type="button" className="button" aria-disabled={busy !== null} aria-describedby={ids.exportHint} onClick={() => void exportAll('json')}>
            <Icon name="download" />
            {t('transfer.exportAllJson')}
          </button>
          <button type="button" className="button" aria-disabled={busy !== null} aria-describedby={ids.exportHint} onClick={() => void exportAll('markdown')}>
            <Icon name="download" />
            {t('transfer.exportAllMarkdown')}
          </button>
        </div>
      </section>
      <section className="dialog-body" aria-labelledby={`${ids.importHint}-h`}>
        <h3 id={`${ids.importHint}-h`}>{t('transfer.importHeading')}</h3>
        <p id={ids.importHint} className="field-hint">
          {t('transfer.importHint')}
        </p>
        <div className="transfer-actions">
          <button type="button" className="button primary" aria-disabled={busy !== null} aria-describedby={ids.importHint} onClick={() => !busy && input.current?.click()}>
            <Icon name="plus" />
            {busy === 'import' ? t('transfer.importing') : t('transfer.importFile')}
          </button>
          <input ref={input} type="file" accept=".json,application/json" hidden aria-label={t('transfer.chooseFile')} onChange={(e) => void onFile(e)} />
        </div>
        {result && <p className="transfer-result">{t('transfer.result', { imported: result.imported, skipped: result.skipped })}</p>}
      </section>
    </Dialog>
  );
}
