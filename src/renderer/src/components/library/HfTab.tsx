import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HfRepoSummary, HfSort } from '../../../../shared/models';
import { formatDate, formatNumber } from '../../format';
import { closeHfRepo, openHfRepo, searchHf } from '../../store/library-actions';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { HfAccount } from './HfAccount';
import { HfFileRow } from './HfFileRow';

const sorts: { value: HfSort; key: 'hf.sortDownloads' | 'hf.sortLikes' | 'hf.sortLastModified' }[] = [
  { value: 'downloads', key: 'hf.sortDownloads' },
  { value: 'likes', key: 'hf.sortLikes' },
  { value: 'lastModified', key: 'hf.sortLastModified' },
];

function RepoItem({ repo }: { repo: HfRepoSummary }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const meta = [
    t('hf.downloads', { count: repo.downloads, value: formatNumber(repo.downloads, lang) }),
    t('hf.likes', { count: repo.likes, value: formatNumber(repo.likes, lang) }),
  ];
  if (repo.lastModified) meta.push(t('hf.updated', { date: formatDate(repo.lastModified, lang) }));
  return (
    <li className="hf-repo">
      <button type="button" className="hf-repo-link" onClick={() => void openHfRepo(repo.id)}>
        {repo.id}
      </button>
      <span className="hf-repo-meta">{meta.join(' · ')}</span>
      {repo.gated && (
        <span className="badge is-note" title={t('hf.gatedHint')}>
          {t('hf.gated')}
        </span>
      )}
    </li>
  );
}

function RepoFiles({ repo }: { repo: string }): React.JSX.Element {
  const { t } = useTranslation();
  const files = useAppStore((s) => s.hf.files);
  const loading = useAppStore((s) => s.hf.loadingFiles);
  const gated = useAppStore((s) => s.hf.result?.repos.find((r) => r.id === repo)?.gated ?? false);
  const headingId = useId();
  return (
    <section className="hf-files" aria-labelledby={headingId}>
      <div className="hf-files-header">
        <button type="button" className="button small ghost" onClick={closeHfRepo}>
          <Icon name="back" />
          {t('hf.back')}
        </button>
        <h3 id={headingId}>{t('hf.files', { repo })}</h3>
      </div>
      {gated && <p className="field-hint">{t('hf.gatedHint')}</p>}
      {loading || !files ? (
        <p className="library-empty">{t('hf.loadingFiles')}</p>
      ) : files.length === 0 ? (
        <p className="library-empty">{t('hf.noFiles')}</p>
      ) : (
        <ul className="hf-file-list">
          {files.map((file) => (
            <HfFileRow key={file.path} file={file} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function HfTab(): React.JSX.Element {
  const { t } = useTranslation();
  const ids = { query: useId(), sort: useId(), results: useId() };
  const hf = useAppStore((s) => s.hf);
  const settings = useAppStore((s) => s.settings);
  const [query, setQuery] = useState(hf.query);
  const [sort, setSort] = useState<HfSort>(hf.sort);

  function submit(event: React.FormEvent): void {
    event.preventDefault();
    const text = query.trim();
    if (text) void searchHf(text, sort);
  }

  const repos = hf.result?.repos ?? [];
  return (
    <div className="hf">
      <form role="search" className="hf-search" onSubmit={submit}>
        <div className="field hf-query">
          <label htmlFor={ids.query}>{t('hf.search')}</label>
          <input
            id={ids.query}
            type="search"
            spellCheck={false}
            value={query}
            maxLength={500}
            placeholder={t('hf.placeholder')}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.sort}>{t('hf.sort')}</label>
          <select id={ids.sort} value={sort} onChange={(e) => setSort(e.target.value as HfSort)}>
            {sorts.map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.key)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={hf.searching || !query.trim()}>
          <Icon name="search" />
          {hf.searching ? t('hf.searching') : t('hf.submit')}
        </button>
      </form>
      {settings && <p className="field-hint">{t('hf.hint', { endpoint: settings.hfEndpoint })}</p>}

      {hf.repo ? (
        <RepoFiles repo={hf.repo} />
      ) : (
        hf.result && (
          <section className="hf-results" aria-labelledby={ids.results}>
            <h3 id={ids.results}>{t('hf.results')}</h3>
            {repos.length === 0 ? (
              <p className="library-empty">{t('hf.noResults', { query: hf.query })}</p>
            ) : (
              <ul className="hf-repo-list">
                {repos.map((repo) => (
                  <RepoItem key={repo.id} repo={repo} />
                ))}
              </ul>
            )}
          </section>
        )
      )}

      {settings && <HfAccount settings={settings} />}
    </div>
  );
}
