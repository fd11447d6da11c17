import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importModel } from '../../store/library-actions';
import { baseName } from '../../store/selectors';
import { IconButton } from '../common/IconButton';

interface Props {
  /** Paths of .gguf files dropped on the screen (Electron only). */
  dropped: string[];
  onDroppedChange: (paths: string[]) => void;
  /** Whether dropped files can tell where they are (Electron's bridge can; a browser cannot). */
  canDrop: boolean;
}

/** Adds files the user already has: copied into the models folder, or used where they are. */
export function ImportForm({ dropped, onDroppedChange, canDrop }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const fieldId = useId();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const typed = path.trim();
  const targets = [...dropped, ...(typed && !dropped.includes(typed) ? [typed] : [])];

  async function add(mode: 'copy' | 'reference'): Promise<void> {
    setBusy(true);
    const failed: string[] = [];
    for (const target of targets) if (!(await importModel(target, mode))) failed.push(target);
    setBusy(false);
    // What failed stays, so it can be fixed or tried the other way.
    onDroppedChange(dropped.filter((p) => failed.includes(p)));
    if (!failed.includes(typed)) setPath('');
  }

  return (
    <section className="import-form" aria-labelledby={`${fieldId}-title`}>
      <h3 id={`${fieldId}-title`}>{t('import.title')}</h3>
      {dropped.length > 0 && (
        <ul className="dropped-list" aria-label={t('import.dropped')}>
          {dropped.map((file) => (
            <li key={file}>
              <span title={file}>{baseName(file)}</span>
              <IconButton
                icon="close"
                label={t('import.notDropped', { file: baseName(file) })}
                onClick={() => onDroppedChange(dropped.filter((p) => p !== file))}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={fieldId}>{t('import.path')}</label>
        <input
          id={fieldId}
          type="text"
          spellCheck={false}
          value={path}
          placeholder="/home/…/model.gguf"
          aria-describedby={`${fieldId}-hint`}
          onChange={(e) => setPath(e.target.value)}
        />
        <p id={`${fieldId}-hint`} className="field-hint">
          {canDrop ? t('import.pathHint') : t('import.pathHintBrowser')}
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button primary" disabled={busy || targets.length === 0} onClick={() => void add('copy')}>
          {busy ? t('import.adding') : t('import.copy')}
        </button>
        <button type="button" className="button" disabled={busy || targets.length === 0} onClick={() => void add('reference')}>
          {t('import.reference')}
        </button>
      </div>
    </section>
  );
}
