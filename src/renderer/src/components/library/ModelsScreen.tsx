import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showModels } from '../../store/actions';
import { loadCatalog } from '../../store/library-actions';
import { summarizeDownloads } from '../../store/selectors';
import { modelsTabs, useAppStore, type ModelsTab } from '../../store/state';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';
import { CatalogTab } from './CatalogTab';
import { DownloadsTab } from './DownloadsTab';
import { HfTab } from './HfTab';
import { InstalledTab } from './InstalledTab';
import { RemoteTab } from './RemoteTab';

/**
 * Electron's preload may offer `pathForFile` (webUtils.getPathForFile); a browser has no way to
 * learn where a dropped file lives. Checked at run time: the bridge type does not promise it.
 */
export function droppedFilePath(): ((file: File) => string) | null {
  const bridge: unknown = window.candil;
  if (typeof bridge !== 'object' || bridge === null || !('pathForFile' in bridge)) return null;
  const pathForFile: unknown = bridge.pathForFile;
  if (typeof pathForFile !== 'function') return null;
  return (file) => {
    const path: unknown = pathForFile(file);
    return typeof path === 'string' ? path : '';
  };
}

type DropNote = 'browser' | 'noGguf' | null;

function TabPanel({ tab, dropped, onDroppedChange, canDrop }: { tab: ModelsTab; dropped: string[]; onDroppedChange: (paths: string[]) => void; canDrop: boolean }): React.JSX.Element {
  switch (tab) {
    case 'catalog':
      return <CatalogTab />;
    case 'hf':
      return <HfTab />;
    case 'installed':
      return <InstalledTab dropped={dropped} onDroppedChange={onDroppedChange} canDrop={canDrop} />;
    case 'downloads':
      return <DownloadsTab />;
    case 'remote':
      return <RemoteTab />;
  }
}

/** Catalog, Hugging Face, installed models and downloads, as tabs; .gguf files can be dropped anywhere on it. */
export function ModelsScreen(): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const tab = useAppStore((s) => s.modelsTab);
  const downloads = useAppStore((s) => s.downloads);
  const activeCount = useMemo(() => summarizeDownloads(downloads).count, [downloads]);
  const tabRefs = useRef<Partial<Record<ModelsTab, HTMLButtonElement | null>>>({});
  const [dragging, setDragging] = useState(false);
  const [dropped, setDropped] = useState<string[]>([]);
  const [dropNote, setDropNote] = useState<DropNote>(null);
  const pathOf = useMemo(droppedFilePath, []);

  useEffect(() => {
    if (!useAppStore.getState().catalogLoaded) void loadCatalog();
  }, []);

  function choose(next: ModelsTab, focus = false): void {
    showModels(next);
    if (focus) tabRefs.current[next]?.focus();
  }

  function onTabKeyDown(event: React.KeyboardEvent): void {
    const index = modelsTabs.indexOf(tab);
    const last = modelsTabs.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index + 1) % modelsTabs.length
      : event.key === 'ArrowLeft' ? (index + last) % modelsTabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    const next = modelsTabs[target];
    if (!next) return;
    event.preventDefault();
    choose(next, true);
  }

  const hasFiles = (event: React.DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');

  function onDrop(event: React.DragEvent): void {
    if (!hasFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    const files = [...(event.dataTransfer?.files ?? [])].filter((file) => file.name.toLowerCase().endsWith('.gguf'));
    if (files.length === 0) {
      setDropNote('noGguf');
      return;
    }
    choose('installed');
    if (!pathOf) {
      setDropNote('browser');
      return;
    }
    const paths = files.map(pathOf).filter(Boolean);
    setDropNote(paths.length > 0 ? null : 'browser');
    setDropped((current) => [...current, ...paths.filter((p) => !current.includes(p))]);
  }

  return (
    <section
      className={`models-screen ${dragging ? 'is-dragging' : ''}`}
      aria-label={t('models.title')}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="tabs" role="tablist" aria-label={t('models.sections')}>
        {modelsTabs.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${name}`}
            className="tab"
            aria-selected={tab === name}
            aria-controls={`${id}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => choose(name)}
            onKeyDown={onTabKeyDown}
          >
            {t(`models.tab.${name}`)}
            {name === 'downloads' && activeCount > 0 && (
              <span className="tab-count" aria-hidden="true">
                {activeCount}
              </span>
            )}
          </button>
        ))}
      </div>
      {dropNote && (
        <div className="banner is-info" role="note">
          <Icon name="alert" />
          <span className="banner-text">{t(dropNote === 'browser' ? 'models.dropBrowser' : 'models.dropNoGguf')}</span>
          <IconButton icon="close" label={t('common.dismiss')} onClick={() => setDropNote(null)} />
        </div>
      )}
      <div className="models-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} tabIndex={0}>
        {/* The page's h1 names the screen; cards inside the panels are h3. */}
        <h2 className="visually-hidden">{t(`models.tab.${tab}`)}</h2>
        <TabPanel tab={tab} dropped={dropped} onDroppedChange={setDropped} canDrop={pathOf !== null} />
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <Icon name="download" size={28} />
          {t('models.dropHere')}
        </div>
      )}
    </section>
  );
}
