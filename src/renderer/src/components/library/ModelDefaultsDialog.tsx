import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatTemplateMode, Settings } from '../../../../shared/domain';
import { saveModelDefaults } from '../../store/library-actions';
import { useAppStore } from '../../store/state';
import { Dialog } from '../common/Dialog';
import { NumberField } from '../settings/NumberField';
import { defaultsNumberFields, draftFromDefaults, parseDefaults, type DefaultsDraft, type DefaultsNumberField, type ParsedDefaults } from './defaults-form';

interface Props {
  path: string;
  fileName: string;
  settings: Settings;
  onClose: () => void;
}

/** Per-model context, threads, template, system prompt and sampling, over the general settings. */
export function ModelDefaultsDialog({ path, fileName, settings, onClose }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const appInfo = useAppStore((s) => s.appInfo);
  const ids = { description: useId(), template: useId(), prompt: useId() };
  const [draft, setDraft] = useState<DefaultsDraft>(() => draftFromDefaults(settings.modelDefaults[path]));
  const [errors, setErrors] = useState<ParsedDefaults['errors']>({});
  const [saving, setSaving] = useState(false);

  /** What the field inherits when left empty, shown as its placeholder. */
  function inherited(field: DefaultsNumberField): string {
    if (field === 'contextSize') return String(settings.contextSize);
    if (field === 'threads') return String(settings.threads ?? appInfo?.defaultThreads ?? '');
    return String(settings.sampling[field]);
  }

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const parsed = parseDefaults(draft);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) return;
    setSaving(true);
    const ok = await saveModelDefaults(path, parsed.defaults);
    setSaving(false);
    if (ok) onClose();
  }

  async function reset(): Promise<void> {
    setSaving(true);
    const ok = await saveModelDefaults(path, {});
    setSaving(false);
    if (ok) onClose();
  }

  return (
    <Dialog title={t('defaults.title', { file: fileName })} onClose={onClose} className="dialog-wide" describedBy={ids.description}>
      <form className="dialog-form" noValidate onSubmit={(e) => void save(e)}>
        <p id={ids.description} className="field-hint">
          {t('defaults.description')}
        </p>
        <div className="field-grid">
          {defaultsNumberFields.map((field) => (
            <NumberField
              key={field}
              field={field}
              label={t(`settings.${field}`)}
              value={draft[field]}
              placeholder={inherited(field)}
              error={errors[field]}
              onChange={(value) => setDraft((d) => ({ ...d, [field]: value }))}
            />
          ))}
          <div className="field is-wide">
            <label htmlFor={ids.template}>{t('settings.chatTemplate')}</label>
            <select
              id={ids.template}
              value={draft.chatTemplate}
              onChange={(e) => setDraft((d) => ({ ...d, chatTemplate: e.target.value as ChatTemplateMode | '' }))}
            >
              <option value="">{t('defaults.chatTemplateInherit')}</option>
              <option value="auto">{t('settings.chatTemplateAuto')}</option>
              <option value="raw">{t('settings.chatTemplateRaw')}</option>
            </select>
          </div>
          <div className="field is-wide">
            <label htmlFor={ids.prompt}>{t('defaults.systemPrompt')}</label>
            <textarea
              id={ids.prompt}
              rows={4}
              maxLength={100_000}
              value={draft.systemPrompt}
              aria-describedby={`${ids.prompt}-hint`}
              onChange={(e) => setDraft((d) => ({ ...d, systemPrompt: e.target.value }))}
            />
            <p id={`${ids.prompt}-hint`} className="field-hint">
              {t('defaults.systemPromptHint')}
            </p>
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button ghost" disabled={saving} onClick={() => void reset()}>
            {t('defaults.reset')}
          </button>
          <span className="dialog-footer-gap" />
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={saving}>
            {t('common.save')}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
