import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format';
import type { FieldError, NumericField } from './settings-form';
import { numericSpecs } from './settings-form';

interface Props {
  field: NumericField;
  label: string;
  value: string;
  hint?: string;
  placeholder?: string;
  error?: FieldError;
  onChange: (value: string) => void;
}

export function NumberField({ field, label, value, hint, placeholder, error, onChange }: Props): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { min, max, step } = numericSpecs[field];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {'min' in error ? t(error.key, { min: formatNumber(error.min, i18n.language, 2), max: formatNumber(error.max, i18n.language, 2) }) : t(error.key)}
        </p>
      )}
    </div>
  );
}
