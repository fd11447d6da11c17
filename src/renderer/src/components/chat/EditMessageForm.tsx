import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  initial: string;
  onSave: (content: string) => Promise<boolean>;
  onCancel: () => void;
}

/** Saving truncates what followed the message and generates a new reply. */
export function EditMessageForm({ initial, onSave, onCancel }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [saving, setSaving] = useState(false);
  const content = value.trim();

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (!content || saving) return;
    setSaving(true);
    const ok = await onSave(content);
    // On success the message is replaced and this form unmounts; on failure the text stays.
    if (!ok) setSaving(false);
  }

  return (
    <form className="edit-message" onSubmit={(e) => void submit(e)}>
      <textarea
        aria-label={t('chat.editField')}
        value={value}
        autoFocus
        rows={Math.min(12, Math.max(3, value.split('\n').length))}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      />
      <div className="edit-message-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={!content || saving}>
          {t('chat.saveAndRegenerate')}
        </button>
      </div>
    </form>
  );
}
