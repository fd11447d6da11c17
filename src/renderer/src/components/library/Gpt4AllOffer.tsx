import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/error-text';
import { importGpt4AllInPlace, loadGpt4All } from '../../store/first-run-actions';
import { gpt4allToOffer } from '../../store/selectors';
import { useAppStore } from '../../store/state';

/**
 * "Found N models from GPT4All": adds them by reference, so gigabytes are not copied, and then
 * says how many were added and why any were refused.
 */
export function Gpt4AllOffer(): React.JSX.Element | null {
  const { t } = useTranslation();
  const found = useAppStore((s) => s.firstRun.gpt4all);
  const models = useAppStore((s) => s.models);
  const importing = useAppStore((s) => s.firstRun.importing);
  const imported = useAppStore((s) => s.firstRun.imported);
  const offer = useMemo(() => gpt4allToOffer(found, models), [found, models]);

  useEffect(() => {
    void loadGpt4All();
  }, []);

  if (imported) {
    return (
      <div className="gpt4all-offer" data-testid="gpt4all-result">
        <p>{t('gpt4all.added', { count: imported.added })}</p>
        {imported.refused.length > 0 && (
          <>
            <p>{t('gpt4all.refused', { count: imported.refused.length })}</p>
            <ul className="gpt4all-refused">
              {imported.refused.map(({ fileName, error }) => (
                <li key={fileName}>
                  <strong>{fileName}</strong>: {errorText(t, error)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    );
  }
  if (!offer) return null;
  return (
    <div className="gpt4all-offer">
      <p>
        {t('gpt4all.found', { count: offer.files.length })} <code>{offer.folder}</code>
      </p>
      <p className="gpt4all-note">{t('gpt4all.inPlaceNote')}</p>
      <button type="button" className="button" disabled={importing} onClick={() => void importGpt4AllInPlace(offer)}>
        {importing ? t('gpt4all.importing') : t('gpt4all.use')}
      </button>
    </div>
  );
}
