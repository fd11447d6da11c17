import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogDownloadUrl, type CatalogEntry } from '../../../../shared/catalog';
import type { EnqueueDownloadRequest } from '../../../../shared/downloads';
import { formatBytes, formatNumber, formatParameters } from '../../format';
import { baseName } from '../../store/selectors';
import { GetModel } from './GetModel';

export function catalogRequest(entry: CatalogEntry, endpoint: string): EnqueueDownloadRequest {
  return {
    url: catalogDownloadUrl(entry, endpoint),
    fileName: baseName(entry.hf.file),
    ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
    size: entry.fileSizeBytes,
  };
}

export function CatalogCard({ entry, endpoint }: { entry: CatalogEntry; endpoint: string }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const lang = i18n.language;
  const request = catalogRequest(entry, endpoint);
  const size = formatBytes(entry.fileSizeBytes, lang);
  const facts: [string, React.ReactNode][] = [
    [t('catalog.parameters'), formatParameters(entry.parameters, lang)],
    [t('catalog.quantization'), entry.quantization],
    [t('catalog.fileSize'), entry.approximateSize ? t('catalog.approximately', { value: size }) : size],
    [
      t('catalog.ram'),
      t('catalog.ramValue', { value: formatBytes(entry.ramBytes, lang), contextSize: formatNumber(entry.defaultContext, lang) }),
    ],
    [t('catalog.contextLength'), t('catalog.tokens', { value: formatNumber(entry.contextLength, lang) })],
    [
      t('catalog.licence'),
      <a href={entry.licence.url} target="_blank" rel="noopener noreferrer">
        {entry.licence.name}
      </a>,
    ],
    [
      t('catalog.source'),
      <a href={`${endpoint.replace(/\/+$/, '')}/${entry.hf.repo}`} target="_blank" rel="noopener noreferrer" className="model-source">
        {entry.hf.repo}/{entry.hf.file}
      </a>,
    ],
  ];

  return (
    <li className="model-card" aria-labelledby={titleId} data-model-id={entry.id}>
      <header className="model-card-header">
        <h3 id={titleId}>{entry.name}</h3>
        <ul className="tag-list" aria-label={t('catalog.tags')}>
          {entry.tags.map((tag) => (
            <li key={tag} className="tag">
              {t(`catalog.tag.${tag}`)}
            </li>
          ))}
        </ul>
      </header>
      <p className="model-card-description">{lang === 'es' ? entry.description.es : entry.description.en}</p>
      <dl className="facts">
        {facts.map(([term, value], index) => (
          // The last fact (the repo and file path) is long: it gets a row of its own.
          <div key={term} className={`fact ${index === facts.length - 1 ? 'is-wide' : ''}`}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <GetModel name={entry.name} source={request.url} fileSize={entry.fileSizeBytes} requests={[request]} />
    </li>
  );
}
