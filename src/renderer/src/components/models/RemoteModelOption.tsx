import { useTranslation } from 'react-i18next';
import type { RemoteModel } from '../../../../shared/remote';
import { Icon } from '../common/Icon';

interface Props {
  model: RemoteModel;
  id: string;
  selected: boolean;
  active: boolean;
  onChoose: () => void;
  onHover: () => void;
}

/** A model of a remote server in the picker: its server, and that chats with it leave the computer. */
export function RemoteModelOption({ model, id, selected, active, onChoose, onHover }: Props): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className={`model-option is-remote ${selected ? 'is-selected' : ''} ${active ? 'is-active' : ''}`}
      onClick={onChoose}
      onMouseEnter={onHover}
    >
      <span className="model-option-name">
        {model.id}
        {selected && <Icon name="check" />}
      </span>
      <span className="model-option-meta">
        {t('remote.pickerGroup', { server: model.serverName })} · <strong>{t('remote.leaves')}</strong>
      </span>
    </li>
  );
}
