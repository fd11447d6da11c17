import { useTranslation } from 'react-i18next';
import { isScannedModelOk, type ScannedModel } from '../../../../shared/models';
import { formatBytes, formatNumber } from '../../format';
import { errorText } from '../../i18n/error-text';
import { Icon } from '../common/Icon';

/** The file name is what people recognise (and what downloads are called); `general.name` is often generic. */
export function modelName(model: ScannedModel): string {
  return model.fileName.replace(/\.gguf$/i, '');
}

interface Props {
  model: ScannedModel;
  id: string;
  selected: boolean;
  active: boolean;
  onChoose: () => void;
  onHover: () => void;
}

/** One row of the picker; a model that could not be read shows why and cannot be chosen. */
export function ModelOption({ model, id, selected, active, onChoose, onHover }: Props): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  if (!isScannedModelOk(model)) {
    return (
      <li id={id} role="option" aria-selected={false} aria-disabled="true" className={`model-option is-broken ${active ? 'is-active' : ''}`} onMouseEnter={onHover}>
        <span className="model-option-name">
          <Icon name="alert" />
          {t('model.broken', { file: model.fileName, reason: errorText(t, model.error) })}
        </span>
        <span className="model-option-meta">{t(`errors.${model.error.code}`)}</span>
      </li>
    );
  }

  const { summary } = model;
  const meta = [summary.quantization, formatBytes(model.sizeBytes, lang)];
  if (summary.contextLength) meta.push(t('model.context', { value: formatNumber(summary.contextLength, lang) }));
  if (!summary.hasChatTemplate) meta.push(t('model.noTemplate'));

  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className={`model-option ${selected ? 'is-selected' : ''} ${active ? 'is-active' : ''}`}
      onClick={onChoose}
      onMouseEnter={onHover}
    >
      <span className="model-option-name">
        {modelName(model)}
        {selected && <Icon name="check" />}
      </span>
      <span className="model-option-meta">{meta.filter(Boolean).join(' · ')}</span>
      {!summary.supported && (
        <span className="model-option-warning">{t('model.unsupported', { architecture: summary.architecture })}</span>
      )}
    </li>
  );
}
