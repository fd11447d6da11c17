import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogTags, type CatalogTag } from '../../../../shared/catalog';
import { useAppStore } from '../../store/state';
import { CatalogCard } from './CatalogCard';

const defaultEndpoint = 'https://huggingface.co';

export function CatalogTab(): React.JSX.Element {
  const { t } = useTranslation();
  const catalog = useAppStore((s) => s.catalog);
  const loaded = useAppStore((s) => s.catalogLoaded);
  const endpoint = useAppStore((s) => s.settings?.hfEndpoint ?? defaultEndpoint);
  const [tag, setTag] = useState<CatalogTag | null>(null);

  if (!loaded) return <p className="library-empty">{t('catalog.loading')}</p>;
  if (catalog.length === 0) return <p className="library-empty">{t('catalog.none')}</p>;

  // Only the tags some model has are worth a filter button.
  const tags = catalogTags.filter((candidate) => catalog.some((entry) => entry.tags.includes(candidate)));
  const shown = tag ? catalog.filter((entry) => entry.tags.includes(tag)) : catalog;

  return (
    <div className="catalog">
      <div className="tag-filter" role="group" aria-label={t('catalog.filter')}>
        <button type="button" className="chip" aria-pressed={tag === null} onClick={() => setTag(null)}>
          {t('catalog.all')}
        </button>
        {tags.map((candidate) => (
          <button
            key={candidate}
            type="button"
            className="chip"
            aria-pressed={tag === candidate}
            // Named apart from the sidebar's "Chat" button; the visible word stays in the name.
            aria-label={t('catalog.filterBy', { tag: t(`catalog.tag.${candidate}`) })}
            onClick={() => setTag(candidate)}
          >
            {t(`catalog.tag.${candidate}`)}
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <p className="library-empty">{t('catalog.noMatch', { tag: tag ? t(`catalog.tag.${tag}`) : '' })}</p>
      ) : (
        <ul className="model-cards">
          {shown.map((entry) => (
            <CatalogCard key={entry.id} entry={entry} endpoint={endpoint} />
          ))}
        </ul>
      )}
    </div>
  );
}
