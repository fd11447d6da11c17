import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatSummary } from '../../../../shared/domain';
import { updateSystemPrompt } from '../../store/actions';
import { Dialog } from '../common/Dialog';

/** `chat` null: the new chat being drafted, which saving the prompt stores. */
export function SystemPromptDialog({ chat, onClose }: { chat: ChatSummary | null; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const fieldId = useId();
  const hintId = useId();
  const [value, setValue] = useState(chat?.systemPrompt ?? '');
  const [saving, setSaving] = useState(false);

  async function save(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    setSaving(true);
    const ok = await updateSystemPrompt(chat?.id ?? null, value);
    setSaving(false);
    if (ok) onClose();
  }

  return (
    <Dialog title={t('systemPrompt.title')} onClose={onClose}>
      <form className="dialog-form" onSubmit={(e) => void save(e)}>
        <label htmlFor={fieldId}>{t('systemPrompt.title')}</label>
        <p id={hintId} className="field-hint">
          {t('systemPrompt.description')}
        </p>
        <textarea
          id={fieldId}
          aria-describedby={hintId}
          value={value}
          rows={8}
          maxLength={100_000}
          placeholder={t('systemPrompt.placeholder')}
          onChange={(e) => setValue(e.target.value)}
          data-autofocus
        />
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={saving || value === (chat?.systemPrompt ?? '')}>
            {t('common.save')}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
