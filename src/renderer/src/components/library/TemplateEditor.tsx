import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../../../shared/errors';
import { errorText } from '../../i18n/error-text';
import { previewTemplate } from '../../store/library-actions';

interface Props {
  path: string;
  value: string;
  /** The model's own template (read-only, the starting point), or null when it has none. */
  ownTemplate: string | null;
  error: string | null;
  onChange: (value: string) => void;
  /** Back to the model's own template. */
  onReset: () => void;
}

/** Waits for typing to pause before asking main to render the sample again. */
const PREVIEW_DELAY_MS = 300;

type Preview = { state: 'idle' } | { state: 'checking' } | { state: 'done'; prompt: string } | { state: 'refused'; error: ErrorPayload };

/** A custom Jinja chat template, with the model's own beside it and a live preview of what the model would read. */
export function TemplateEditor({ path, value, ownTemplate, error, onChange, onReset }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { editor: useId(), hint: useId(), error: useId(), preview: useId(), own: useId() };
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });

  useEffect(() => {
    if (!value.trim()) {
      setPreview({ state: 'idle' });
      return;
    }
    let current = true;
    setPreview({ state: 'checking' });
    const sample = { system: t('defaults.sample.system'), user: t('defaults.sample.user'), reply: t('defaults.sample.reply'), followUp: t('defaults.sample.followUp') };
    const timer = setTimeout(() => {
      void previewTemplate(path, value, sample).then((answer) => {
        if (current) setPreview('prompt' in answer ? { state: 'done', prompt: answer.prompt } : { state: 'refused', error: answer.error });
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path, value, t]);

  const described = [ids.hint, error ? ids.error : null].filter(Boolean).join(' ');
  return (
    <div className="template-editor field is-wide">
      <label htmlFor={ids.editor}>{t('defaults.customTemplate')}</label>
      <textarea
        id={ids.editor}
        className="template-code"
        rows={8}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        maxLength={100_000}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={ids.hint} className="field-hint">
        {t('defaults.customTemplateHint')}
      </p>
      {error && (
        <p id={ids.error} className="field-error">
          {error}
        </p>
      )}
      <div className="template-actions">
        <button type="button" className="button small" onClick={onReset}>
          {t('defaults.resetTemplate')}
        </button>
      </div>

      <h3 id={ids.preview} className="template-heading">
        {t('defaults.preview')}
      </h3>
      <div aria-live="polite">
        {preview.state === 'checking' && <p className="field-hint">{t('defaults.previewChecking')}</p>}
        {preview.state === 'refused' && <p className="field-error">{errorText(t, preview.error)}</p>}
      </div>
      {preview.state === 'done' && (
        // Focusable so keyboard users can scroll a long prompt.
        <pre className="template-code template-preview" tabIndex={0} role="region" aria-labelledby={ids.preview}>
          {preview.prompt}
        </pre>
      )}

      <h3 id={ids.own} className="template-heading">
        {t('defaults.ownTemplate')}
      </h3>
      {ownTemplate === null ? (
        <p className="field-hint">{t('defaults.noOwnTemplate')}</p>
      ) : (
        <pre className="template-code template-own" tabIndex={0} role="region" aria-labelledby={ids.own}>
          {ownTemplate}
        </pre>
      )}
    </div>
  );
}
