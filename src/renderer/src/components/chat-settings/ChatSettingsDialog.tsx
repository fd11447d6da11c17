import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { builtinPresets } from '../../../../shared/builtin-presets';
import type { ChatSummary, Preset } from '../../../../shared/domain';
import { deletePreset, savePreset, updateChatSetup } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { Dialog } from '../common/Dialog';
import { IconButton } from '../common/IconButton';
import { NumberField } from '../settings/NumberField';
import { samplingKeys, type FieldError } from '../settings/settings-form';
import { draftOf, parseChatSettings, type ChatSettingsDraft } from './chat-settings-form';
import { presetLanguage } from './preset-language';

type Errors = Partial<Record<string, FieldError>>;

/**
 * A chat's system prompt, few-shot examples and its own generation settings (empty fields follow
 * the model's and the global defaults, shown as placeholders), with presets to start from or to
 * save these as. `chat` null: the chat being drafted, which saving stores.
 */
export function ChatSettingsDialog({ chat, onClose }: { chat: ChatSummary | null; onClose: () => void }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const promptId = useId();
  const settings = useAppStore((s) => s.settings);
  const userPresets = useAppStore((s) => s.presets);
  const presets = useMemo(() => [...builtinPresets(presetLanguage(i18n.language)), ...userPresets], [i18n.language, userPresets]);
  const [draft, setDraft] = useState<ChatSettingsDraft>(() => draftOf(chat ?? { systemPrompt: '', fewShot: [], sampling: {} }));
  const [presetId, setPresetId] = useState('');
  const [presetName, setPresetName] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const selected = presets.find((p) => p.id === presetId) ?? null;
  const defaults = settings ? { ...settings.sampling, ...(settings.selectedModelPath ? settings.modelDefaults[settings.selectedModelPath]?.sampling : {}) } : null;

  function read(): ReturnType<typeof parseChatSettings> {
    const parsed = parseChatSettings(draft);
    setErrors('errors' in parsed ? parsed.errors : {});
    return parsed;
  }

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    const parsed = read();
    if (!('value' in parsed)) return;
    setSaving(true);
    const ok = await updateChatSetup(chat?.id ?? null, parsed.value);
    setSaving(false);
    if (ok) onClose();
  }

  async function saveAsPreset(target: Preset | null): Promise<void> {
    const parsed = read();
    const name = target ? target.name : presetName.trim();
    if (!('value' in parsed) || !name) return;
    const ok = await savePreset({ ...(target && !target.builtin ? { id: target.id } : {}), name, ...parsed.value, modelPath: settings?.selectedModelPath ?? null });
    if (ok) setPresetName('');
  }

  const setTurn = (index: number, side: 'user' | 'assistant', value: string) =>
    setDraft((d) => ({ ...d, fewShot: d.fewShot.map((turn, i) => (i === index ? { ...turn, [side]: value } : turn)) }));

  return (
    <Dialog title={t('chatSettings.title')} onClose={onClose} className="dialog-wide chat-settings">
      <form className="dialog-form" noValidate onSubmit={(e) => void save(e)}>
        <fieldset className="field-group">
          <legend>{t('chatSettings.presets')}</legend>
          <div className="preset-row">
            <select aria-label={t('chatSettings.preset')} value={presetId} onChange={(e) => setPresetId(e.target.value)}>
              <option value="">{t('chatSettings.choosePreset')}</option>
              {presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.builtin ? `${p.name} · ${t('chatSettings.builtin')}` : p.name}
                </option>
              ))}
            </select>
            <button type="button" className="button small" disabled={!selected} onClick={() => selected && setDraft(draftOf(selected))}>
              {t('chatSettings.apply')}
            </button>
            {selected && !selected.builtin && (
              <>
                <button type="button" className="button small" onClick={() => void saveAsPreset(selected)}>
                  {t('chatSettings.updatePreset')}
                </button>
                <IconButton
                  icon="trash"
                  label={t('chatSettings.deletePreset', { name: selected.name })}
                  onClick={() => {
                    setPresetId('');
                    void deletePreset(selected.id, selected.name);
                  }}
                />
              </>
            )}
          </div>
          <div className="preset-row">
            <input
              aria-label={t('chatSettings.presetName')}
              placeholder={t('chatSettings.presetName')}
              value={presetName}
              maxLength={100}
              onChange={(e) => setPresetName(e.target.value)}
            />
            <button type="button" className="button small" disabled={!presetName.trim()} onClick={() => void saveAsPreset(null)}>
              {t('chatSettings.saveAsPreset')}
            </button>
          </div>
        </fieldset>

        <label htmlFor={promptId}>{t('systemPrompt.title')}</label>
        <textarea
          id={promptId}
          value={draft.systemPrompt}
          rows={4}
          maxLength={100_000}
          placeholder={t('systemPrompt.placeholder')}
          onChange={(e) => setDraft((d) => ({ ...d, systemPrompt: e.target.value }))}
          data-autofocus
        />

        <fieldset className="field-group">
          <legend>{t('chatSettings.fewShot')}</legend>
          <p className="field-hint">{t('chatSettings.fewShotHint')}</p>
          {draft.fewShot.map((turn, i) => (
            <div key={i} className="few-shot-turn" role="group" aria-label={t('chatSettings.example', { n: i + 1 })}>
              <textarea aria-label={t('chatSettings.exampleUser', { n: i + 1 })} rows={2} value={turn.user} onChange={(e) => setTurn(i, 'user', e.target.value)} />
              <textarea
                aria-label={t('chatSettings.exampleAssistant', { n: i + 1 })}
                rows={2}
                value={turn.assistant}
                onChange={(e) => setTurn(i, 'assistant', e.target.value)}
              />
              <IconButton
                icon="trash"
                label={t('chatSettings.removeExample', { n: i + 1 })}
                onClick={() => setDraft((d) => ({ ...d, fewShot: d.fewShot.filter((_, j) => j !== i) }))}
              />
              {errors[`fewShot.${i}`] && <p className="field-error">{t('chatSettings.exampleIncomplete')}</p>}
            </div>
          ))}
          <button type="button" className="button small" onClick={() => setDraft((d) => ({ ...d, fewShot: [...d.fewShot, { user: '', assistant: '' }] }))}>
            {t('chatSettings.addExample')}
          </button>
        </fieldset>

        <fieldset className="field-group">
          <legend>{t('chatSettings.generation')}</legend>
          <p className="field-hint">{t('chatSettings.generationHint')}</p>
          <div className="field-grid">
            {samplingKeys.map((key) => (
              <NumberField
                key={key}
                field={key}
                label={t(`settings.${key}`)}
                value={draft.sampling[key]}
                placeholder={defaults ? t('chatSettings.default', { value: defaults[key] ?? t('chatSettings.random') }) : undefined}
                error={errors[key]}
                onChange={(value) => setDraft((d) => ({ ...d, sampling: { ...d.sampling, [key]: value } }))}
              />
            ))}
          </div>
          <button
            type="button"
            className="button small"
            onClick={() => setDraft((d) => ({ ...d, sampling: Object.fromEntries(samplingKeys.map((k) => [k, ''])) as ChatSettingsDraft['sampling'] }))}
          >
            {t('chatSettings.reset')}
          </button>
        </fieldset>

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
