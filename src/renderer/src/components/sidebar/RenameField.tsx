import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  initial: string;
  onSave: (title: string) => void;
  onCancel: () => void;
}

/** Enter or leaving the field saves; Escape cancels; an empty title is not a rename. */
export function RenameField({ initial, onSave, onCancel }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);

  function finish(): void {
    const title = value.trim();
    if (title && title !== initial) onSave(title);
    else onCancel();
  }

  return (
    <input
      className="rename-field"
      aria-label={t('sidebar.titleField')}
      value={value}
      maxLength={200}
      autoFocus
      onChange={(e) => setValue(e.target.value)}
      onBlur={finish}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    />
  );
}
