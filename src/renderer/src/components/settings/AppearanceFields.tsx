import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { densities, fontSizes, themes } from '../../../../shared/domain';
import type { SettingsDraft } from './settings-form';

type AppearanceKey = 'theme' | 'fontSize' | 'density';

function Choice<V extends string>({ label, value, options, onChange }: { label: string; value: V; options: readonly { value: V; label: string }[]; onChange: (value: V) => void }): React.JSX.Element {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value ?? value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Theme, text size and density: saved with the other settings and applied as soon as they are saved. */
export function AppearanceFields({
  draft,
  set,
}: {
  draft: Pick<SettingsDraft, AppearanceKey>;
  set: <K extends AppearanceKey>(key: K, value: SettingsDraft[K]) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const themeLabels = { system: t('settings.themeOption.system'), light: t('settings.themeOption.light'), dark: t('settings.themeOption.dark') };
  const sizeLabels = { small: t('settings.fontSizeOption.small'), normal: t('settings.fontSizeOption.normal'), large: t('settings.fontSizeOption.large') };
  const densityLabels = { comfortable: t('settings.densityOption.comfortable'), compact: t('settings.densityOption.compact') };
  return (
    <fieldset>
      <legend>{t('settings.appearance')}</legend>
      <div className="field-grid">
        <Choice label={t('settings.theme')} value={draft.theme} options={themes.map((value) => ({ value, label: themeLabels[value] }))} onChange={(v) => set('theme', v)} />
        <Choice label={t('settings.fontSize')} value={draft.fontSize} options={fontSizes.map((value) => ({ value, label: sizeLabels[value] }))} onChange={(v) => set('fontSize', v)} />
        <Choice label={t('settings.density')} value={draft.density} options={densities.map((value) => ({ value, label: densityLabels[value] }))} onChange={(v) => set('density', v)} />
      </div>
    </fieldset>
  );
}
