import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

interface Props {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onCancel }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const bodyId = useId();
  return (
    <Dialog title={title} onClose={onCancel} role="alertdialog" describedBy={bodyId} className="dialog-small">
      <p id={bodyId} className="dialog-body">
        {body}
      </p>
      <footer className="dialog-footer">
        {/* Cancel first and focused: deleting should take a deliberate choice. */}
        <button type="button" className="button" onClick={onCancel} data-autofocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="button danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </footer>
    </Dialog>
  );
}
