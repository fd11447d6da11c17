import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { builtinPresets } from '../../../../shared/builtin-presets';
import { startFromPreset } from '../../store/actions';
import { useAppStore } from '../../store/state';
import { presetLanguage } from '../chat-settings/preset-language';

/** On an empty chat: the presets to start from, built-in ones first. */
export function PresetGallery(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const userPresets = useAppStore((s) => s.presets);
  const presets = useMemo(() => [...builtinPresets(presetLanguage(i18n.language)), ...userPresets], [i18n.language, userPresets]);
  return (
    <section className="preset-gallery" aria-labelledby="preset-gallery-title">
      <h3 id="preset-gallery-title">{t('chatSettings.startFrom')}</h3>
      <ul>
        {presets.map((preset) => (
          <li key={preset.id}>
            <button type="button" className="preset-card" onClick={() => void startFromPreset(preset)}>
              <strong>{preset.name}</strong>
              <span>{preset.systemPrompt}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
