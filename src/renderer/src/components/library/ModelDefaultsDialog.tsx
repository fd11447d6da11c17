import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/domain';
import type { ErrorPayload } from '../../../../shared/errors';
import type { ModelSettingsInfo } from '../../../../shared/models';
import { formatNumber } from '../../format';
import { errorText } from '../../i18n/error-text';
import { loadModelSettingsInfo, saveModelDefaults } from '../../store/library-actions';
import { useAppStore } from '../../store/state';
import { Dialog } from '../common/Dialog';
import { NumberField } from '../settings/NumberField';
import { numericSpecs } from '../settings/settings-form';
import {
  defaultsNumberFields,
  draftFromDefaults,
  parseDefaults,
  type DefaultsDraft,
  type DefaultsNumberField,
  type ParsedDefaults,
  type TemplateChoice,
} from './defaults-form';
import { TemplateEditor } from './TemplateEditor';

interface Props {
  path: string;
  fileName: string;
  settings: Settings;
  onClose: () => void;
}

/** Per-model context and batch size, threads, chat template, system prompt and sampling, over the general settings. */
export function ModelDefaultsDialog({ path, fileName, settings, onClose }: Props): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const appInfo = useAppStore((s) => s.appInfo);
  const ids = { description: useId(), template: useId(), prompt: useId() };
  const [draft, setDraft] = useState<DefaultsDraft>(() => draftFromDefaults(settings.modelDefaults[path]));
  const [errors, setErrors] = useState<ParsedDefaults['errors']>({});
  const [templateMissing, setTemplateMissing] = useState(false);
  const [refusal, setRefusal] = useState<ErrorPayload | null>(null);
  const [saving, setSaving] = useState(false);
  const [info, setInfo] = useState<ModelSettingsInfo | null>(null);

  useEffect(() => {
    let current = true;
    void loadModelSettingsInfo(path).then((loaded) => current && loaded && setInfo(loaded));
    return () => {
      current = false;
    };
  }, [path]);

  /** What the field inherits when left empty, shown as its placeholder. */
  function inherited(field: DefaultsNumberField): string {
    if (field === 'contextSize') return formatNumber(settings.contextSize, lang);
    if (field === 'batchSize') return settings.batchSize === null ? (info ? formatNumber(info.autoBatchSize, lang) : '') : formatNumber(settings.batchSize, lang);
    if (field === 'threads') return String(settings.threads ?? appInfo?.defaultThreads ?? '');
    return formatNumber(settings.sampling[field], lang, 2);
  }

  function hint(field: DefaultsNumberField): string | undefined {
    if (!info) return undefined;
    if (field === 'contextSize') {
      const max = formatNumber(info.maxContextSize, lang);
      return info.trainedContextSize === null
        ? t('defaults.contextHintUnknown', { max })
        : t('defaults.contextHint', { trained: formatNumber(info.trainedContextSize, lang), max });
    }
    if (field === 'batchSize') return t('defaults.batchHint', { auto: formatNumber(info.autoBatchSize, lang) });
    return undefined;
  }

  async function store(defaults: Parameters<typeof saveModelDefaults>[1]): Promise<void> {
    setSaving(true);
    setRefusal(null);
    const refused = await saveModelDefaults(path, defaults);
    setSaving(false);
    if (refused) setRefusal(refused);
    else onClose();
  }

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const parsed = parseDefaults(draft);
    const context = parsed.defaults.contextSize;
    // Said here with the numbers; main refuses it too.
    if (info && context !== undefined && context > info.maxContextSize) {
      parsed.errors.contextSize = { key: 'settings.rangeInteger', min: numericSpecs.contextSize.min, max: info.maxContextSize };
    }
    setErrors(parsed.errors);
    setTemplateMissing(parsed.templateMissing);
    if (Object.keys(parsed.errors).length > 0 || parsed.templateMissing) return;
    await store(parsed.defaults);
  }

  function chooseTemplate(choice: TemplateChoice): void {
    // A new custom template starts from the model's own.
    setDraft((d) => ({ ...d, chatTemplate: choice, jinja: choice === 'custom' && !d.jinja.trim() ? (info?.ownTemplate ?? '') : d.jinja }));
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
              hint={hint(field)}
              error={errors[field]}
              onChange={(value) => setDraft((d) => ({ ...d, [field]: value }))}
            />
          ))}
          <div className="field is-wide">
            <label htmlFor={ids.template}>{t('settings.chatTemplate')}</label>
            <select
              id={ids.template}
              value={draft.chatTemplate}
              onChange={(e) => chooseTemplate(e.target.value as TemplateChoice)}
            >
              <option value="">{t('defaults.chatTemplateInherit')}</option>
              <option value="auto">{t('settings.chatTemplateAuto')}</option>
              <option value="raw">{t('settings.chatTemplateRaw')}</option>
              <option value="custom">{t('defaults.chatTemplateCustom')}</option>
            </select>
          </div>
          {draft.chatTemplate === 'custom' && (
            <TemplateEditor
              path={path}
              value={draft.jinja}
              ownTemplate={info?.ownTemplate ?? null}
              error={templateMissing ? t('defaults.templateRequired') : null}
              onChange={(jinja) => setDraft((d) => ({ ...d, jinja }))}
              onReset={() => setDraft((d) => ({ ...d, chatTemplate: 'auto', jinja: info?.ownTemplate ?? '' }))}
            />
          )}
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
        {refusal && (
          <p className="field-error" role="alert">
            {errorText(t, refusal)}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" className="button ghost" disabled={saving} onClick={() => void store({})}>
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
