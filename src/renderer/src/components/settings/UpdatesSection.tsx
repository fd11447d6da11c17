import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/domain';
import type { ErrorPayload } from '../../../../shared/errors';
import { errorText } from '../../i18n/error-text';
import { checkForUpdatesNow, updateSettings } from '../../store/actions';
import { useAppStore } from '../../store/state';
import type { SettingsDraft } from './settings-form';

type Outcome = { kind: 'checking' } | { kind: 'done' } | { kind: 'failed'; error: ErrorPayload };

/**
 * Settings → Updates: the switch (saved with the form, off by default) and "Check now", which
 * says here why it could not tell; the check at start fails without a word.
 */
export function UpdatesSection({ settings, draft, set }: { settings: Settings; draft: Pick<SettingsDraft, 'checkForUpdates'>; set: (key: 'checkForUpdates', value: boolean) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const update = useAppStore((s) => s.update);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function checkNow(): Promise<void> {
    setOutcome({ kind: 'checking' });
    // Pressing the button with the box ticked but not yet saved is the same consent as saving it.
    if (!settings.checkForUpdates && !(await updateSettings({ checkForUpdates: true }))) {
      setOutcome(null);
      return;
    }
    const error = await checkForUpdatesNow();
    setOutcome(error ? { kind: 'failed', error } : { kind: 'done' });
  }

  return (
    <fieldset>
      <legend>{t('updates.title')}</legend>
      <div className="field is-wide checkbox-field">
        <input id={id} type="checkbox" checked={draft.checkForUpdates} aria-describedby={`${id}-hint`} onChange={(e) => set('checkForUpdates', e.target.checked)} />
        <label htmlFor={id}>{t('updates.check')}</label>
        <p id={`${id}-hint`} className="field-hint">
          {t('updates.checkHint')}
        </p>
      </div>
      <div className="field is-wide">
        <div>
          <button type="button" className="button" disabled={!draft.checkForUpdates || outcome?.kind === 'checking'} onClick={() => void checkNow()}>
            {t('updates.checkNow')}
          </button>
        </div>
        <p className={outcome?.kind === 'failed' ? 'field-error' : 'field-hint'} aria-live="polite">
          {outcome?.kind === 'checking' && t('updates.checking')}
          {outcome?.kind === 'failed' && errorText(t, outcome.error)}
          {outcome?.kind === 'done' &&
            update &&
            (update.available ? t('updates.available', { version: update.available.version }) : t('updates.upToDate', { version: update.current }))}
        </p>
      </div>
    </fieldset>
  );
}
