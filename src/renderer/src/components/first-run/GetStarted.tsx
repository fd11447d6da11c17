import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatNumber, formatParameters } from '../../format';
import { showModels } from '../../store/actions';
import { finishFirstRun, loadRecommendation, skipFirstRun, startRecommended } from '../../store/first-run-actions';
import { loadCatalog, resumeDownload } from '../../store/library-actions';
import { useAppStore } from '../../store/state';
import { isScannedModelOk } from '../../../../shared/models';
import { Icon } from '../common/Icon';
import { catalogRequest } from '../library/CatalogCard';
import { DownloadProgress } from '../library/DownloadProgress';
import { Gpt4AllOffer } from '../library/Gpt4AllOffer';

const defaultEndpoint = 'https://huggingface.co';
const GiB = 1024 ** 3;

/**
 * The first start without a model: one suggested catalog model and a single button that
 * downloads it, chooses it and puts the cursor in the composer; GPT4All's models when there are
 * some; and Skip.
 */
export function GetStarted(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const titleId = useId();
  const recommendation = useAppStore((s) => s.firstRun.recommendation);
  const entry = useAppStore((s) => s.catalog.find((e) => e.id === s.firstRun.recommendation?.entryId));
  const endpoint = useAppStore((s) => s.settings?.hfEndpoint ?? defaultEndpoint);
  const pendingFile = useAppStore((s) => s.firstRun.pendingFile);
  const download = useAppStore((s) => (s.firstRun.pendingFile ? s.downloads.find((d) => d.fileName === s.firstRun.pendingFile) : undefined));
  const installedPath = useAppStore((s) => {
    const model = s.firstRun.pendingFile ? s.models.find((m) => m.fileName === s.firstRun.pendingFile) : undefined;
    return model && isScannedModelOk(model) ? model.path : null;
  });
  const catalogLoaded = useAppStore((s) => s.catalogLoaded);
  const importedSome = useAppStore((s) => (s.firstRun.imported?.added ?? 0) > 0);

  useEffect(() => {
    void loadRecommendation();
    if (!catalogLoaded) void loadCatalog();
  }, [catalogLoaded]);

  // The download finished and the new model is listed: choose it and hand over to the chat.
  useEffect(() => {
    if (pendingFile && installedPath) void finishFirstRun(installedPath);
  }, [pendingFile, installedPath]);

  let suggestion: React.ReactNode;
  // The suggestion names a catalog entry: wait for the renderer's copy of the catalog.
  if (recommendation === undefined || (recommendation && !entry && !catalogLoaded)) {
    suggestion = <p>{t('firstRun.looking')}</p>;
  } else if (recommendation === null || !entry) {
    suggestion = (
      <p>
        {t('firstRun.noneFits')}{' '}
        <button type="button" className="button small" onClick={() => showModels('catalog')}>
          {t('firstRun.openModels')}
        </button>
      </p>
    );
  } else {
    suggestion = (
      <div className="get-started-model" data-model-id={entry.id}>
        <h3>{entry.name}</h3>
        <p className="get-started-facts">{t('firstRun.facts', { parameters: formatParameters(entry.parameters, lang), size: formatBytes(entry.fileSizeBytes, lang) })}</p>
        <p>{t('firstRun.why', { memory: formatNumber(Math.round(recommendation.totalRamBytes / GiB), lang) })}</p>
        <p className="get-started-description">{lang === 'es' ? entry.description.es : entry.description.en}</p>
        {download ? (
          <div className="get-model-progress">
            <DownloadProgress download={download} />
            <span className="get-model-state">{t(`downloads.state.${download.state}`)}</span>
            {download.state === 'failed' && (
              <button type="button" className="button small" onClick={() => void resumeDownload(download.id)}>
                {t('firstRun.retry')}
              </button>
            )}
          </div>
        ) : (
          <button type="button" className="button primary" disabled={pendingFile !== null} onClick={() => void startRecommended(catalogRequest(entry, endpoint))}>
            <Icon name="download" />
            {t('firstRun.download')}
          </button>
        )}
      </div>
    );
  }

  return (
    <section className="get-started" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('firstRun.title')}</h2>
      <p>{t('firstRun.intro')}</p>
      {suggestion}
      <Gpt4AllOffer />
      <button type="button" className="button ghost" onClick={skipFirstRun}>
        {importedSome ? t('firstRun.startChatting') : t('firstRun.skip')}
      </button>
    </section>
  );
}
