import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/domain';
import { updateSettings } from '../../store/actions';
import { formatNumber } from '../../format';
import { useAppStore } from '../../store/state';
import { Dialog } from '../common/Dialog';
import { ApiSection } from './ApiSection';
import { AppearanceFields } from './AppearanceFields';
import { KvCachePanel } from './KvCachePanel';
import { NumberField } from './NumberField';
import { UpdatesSection } from './UpdatesSection';
import { draftFromSettings, parseDraft, type NumericField, type ParsedDraft, type SettingsDraft } from './settings-form';

const samplingFields: NumericField[] = ['maxTokens', 'temperature', 'topK', 'topP', 'minP', 'repeatPenalty', 'repeatLastN'];

export function SettingsDialog({ settings, onClose }: { settings: Settings; onClose: () => void }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const appInfo = useAppStore((s) => s.appInfo);
  const ids = { dir: useId(), language: useId(), template: useId(), titles: useId() };
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(settings));
  const [errors, setErrors] = useState<ParsedDraft['errors']>({});
  const [saving, setSaving] = useState(false);

  function set<K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void {
    setDraft((d) => ({ ...d, [key]: value }));
  }

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const parsed = parseDraft(draft, settings);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) return;
    if (Object.keys(parsed.patch).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    const saved = await updateSettings(parsed.patch);
    setSaving(false);
    if (saved) onClose();
  }

  const numberField = (field: NumericField, extra: { hint?: string; placeholder?: string } = {}): React.JSX.Element => (
    <NumberField
      field={field}
      label={t(`settings.${field}`)}
      value={draft[field]}
      error={errors[field]}
      onChange={(value) => set(field, value)}
      {...extra}
    />
  );

  const threadsHint = appInfo
    ? t('settings.threadsHint', { count: appInfo.defaultThreads, threads: formatNumber(appInfo.defaultThreads, i18n.language), cores: formatNumber(appInfo.physicalCores, i18n.language) })
    : t('settings.threadsHintUnknown');

  return (
    <Dialog title={t('settings.title')} onClose={onClose} className="dialog-wide">
      <form className="dialog-form settings-form" noValidate onSubmit={(e) => void save(e)}>
        <fieldset>
          <legend>{t('settings.general')}</legend>
          <div className="field">
            <label htmlFor={ids.dir}>{t('settings.modelsDir')}</label>
            <input
              id={ids.dir}
              type="text"
              spellCheck={false}
              value={draft.modelsDir}
              aria-invalid={errors.modelsDir ? true : undefined}
              aria-describedby={`${ids.dir}-hint${errors.modelsDir ? ` ${ids.dir}-error` : ''}`}
              onChange={(e) => set('modelsDir', e.target.value)}
            />
            <p id={`${ids.dir}-hint`} className="field-hint">
              {t('settings.modelsDirHint')}
            </p>
            {errors.modelsDir && (
              <p id={`${ids.dir}-error`} className="field-error">
                {t('settings.required')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.language}>{t('settings.language')}</label>
            <select id={ids.language} value={draft.language} onChange={(e) => set('language', e.target.value as Settings['language'])}>
              <option value="auto">{t('settings.languageAuto')}</option>
              {/* Each language is named in itself, so it can be found whatever the UI shows. */}
              <option value="es" lang="es">
                Español
              </option>
              <option value="en" lang="en">
                English
              </option>
            </select>
          </div>
          <div className="field is-wide checkbox-field">
            <input
              id={ids.titles}
              type="checkbox"
              checked={draft.generatedTitles}
              aria-describedby={`${ids.titles}-hint`}
              onChange={(e) => set('generatedTitles', e.target.checked)}
            />
            <label htmlFor={ids.titles}>{t('settings.generatedTitles')}</label>
            <p id={`${ids.titles}-hint`} className="field-hint">
              {t('settings.generatedTitlesHint')}
            </p>
          </div>
        </fieldset>

        <AppearanceFields draft={draft} set={set} />

        <fieldset>
          <legend>{t('settings.engine')}</legend>
          <div className="field-grid">
            {numberField('threads', { hint: threadsHint, placeholder: appInfo ? String(appInfo.defaultThreads) : undefined })}
            {numberField('contextSize', { hint: t('settings.contextSizeHint') })}
            {numberField('batchSize', { hint: t('settings.batchSizeHint') })}
            {numberField('parallelReplies', { hint: t('settings.parallelRepliesHint') })}
            <div className="field is-wide">
              <label htmlFor={ids.template}>{t('settings.chatTemplate')}</label>
              <select
                id={ids.template}
                value={draft.chatTemplate}
                onChange={(e) => set('chatTemplate', e.target.value as Settings['chatTemplate'])}
              >
                <option value="auto">{t('settings.chatTemplateAuto')}</option>
                <option value="raw">{t('settings.chatTemplateRaw')}</option>
              </select>
            </div>
            {numberField('kvCacheBudgetMB', { hint: t('settings.kvCacheBudgetMBHint') })}
            <KvCachePanel />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('settings.sampling')}</legend>
          <div className="field-grid">
            {samplingFields.map((field) => (
              <Fragment key={field}>
                {numberField(field, field === 'temperature' ? { hint: t('settings.temperatureHint') } : {})}
              </Fragment>
            ))}
            {numberField('seed', { hint: t('settings.seedHint') })}
          </div>
        </fieldset>

        <ApiSection settings={settings} draft={draft} errors={errors} set={set} />

        <UpdatesSection settings={settings} draft={draft} set={set} />

        <footer className="dialog-footer">
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
