import type { ModelDefaults } from '../../../shared/domain';
import type { DownloadInfo, EnqueueDownloadRequest } from '../../../shared/downloads';
import type { ErrorPayload } from '../../../shared/errors';
import type { TemplateSample } from '../../../shared/ipc-contract';
import type { CompatReport, HfSort, ModelSettingsInfo } from '../../../shared/models';
import { api, toErrorPayload } from '../ipc';
import { announce, attempt, loadModels, reportError, updateSettings } from './actions';
import { upsertDownload } from './reducers';
import { useAppStore, type CompatState, type HfBrowseState } from './state';

const { getState, setState } = useAppStore;

// ---------------------------------------------------------------- catalog

export async function loadCatalog(): Promise<void> {
  const catalog = await attempt(() => api.call('catalog.list', {}));
  if (catalog) setState({ catalog, catalogLoaded: true });
}

// ---------------------------------------------------------------- compatibility

function setCompat(source: string, state: CompatState): void {
  setState((s) => ({ compat: { ...s.compat, [source]: state } }));
}

/** Asks main whether a model (URL or local path) runs here; the answer stays in the store. */
export async function checkCompatibility(source: string, fileSize?: number): Promise<CompatReport | null> {
  setCompat(source, { status: 'checking' });
  try {
    const report = await api.call('models.check', fileSize ? { source, fileSize } : { source });
    setCompat(source, { status: 'done', report });
    return report;
  } catch (error) {
    // Shown beside the model it was about, not as a toast.
    setCompat(source, { status: 'failed', error: toErrorPayload(error) });
    return null;
  }
}

// ---------------------------------------------------------------- downloads

/** `downloads.changed`, and the answers of the download calls. */
export function applyDownload(info: DownloadInfo): void {
  const previous = getState().downloads.find((d) => d.id === info.id);
  setState((s) => ({ downloads: upsertDownload(s.downloads, info) }));
  if (previous?.state === info.state) return;
  if (info.state === 'completed') {
    announce('live.downloadDone', info.fileName);
    // Main rescans too and says so with `models.changed`; asking makes sure the list is fresh.
    void loadModels(true);
  } else if (info.state === 'failed') {
    announce('live.downloadFailed', info.fileName);
  }
}

export async function startDownloads(requests: EnqueueDownloadRequest[]): Promise<boolean> {
  let ok = true;
  for (const request of requests) {
    const info = await attempt(() => api.call('downloads.start', request));
    if (!info) {
      ok = false;
      break;
    }
    applyDownload(info);
    announce('live.downloadStarted', info.fileName);
  }
  return ok;
}

export async function pauseDownload(id: string): Promise<void> {
  const info = await attempt(() => api.call('downloads.pause', { id }));
  if (info) applyDownload(info);
}

/** Also the retry of a failed download. */
export async function resumeDownload(id: string): Promise<void> {
  const info = await attempt(() => api.call('downloads.resume', { id }));
  if (info) applyDownload(info);
}

export async function cancelDownload(id: string): Promise<void> {
  const info = await attempt(() => api.call('downloads.cancel', { id }));
  if (info) applyDownload(info);
}

export async function removeDownload(id: string): Promise<void> {
  const result = await attempt(() => api.call('downloads.remove', { id }));
  if (result) setState((s) => ({ downloads: s.downloads.filter((d) => d.id !== id) }));
}

// ---------------------------------------------------------------- installed models

export async function refreshSettings(): Promise<void> {
  const settings = await attempt(() => api.call('settings.get', {}));
  if (settings) setState({ settings });
}

export async function deleteModel(path: string, fileName: string): Promise<boolean> {
  const result = await attempt(() => api.call('models.delete', { path }));
  if (!result) return false;
  announce('live.modelDeleted', fileName);
  // Deleting may clear the selected model and its defaults.
  await Promise.all([loadModels(false), refreshSettings()]);
  return true;
}

export async function importModel(path: string, mode: 'copy' | 'reference'): Promise<boolean> {
  const model = await attempt(() => api.call('models.import', { path, mode }));
  if (!model) return false;
  announce('live.modelImported', model.fileName);
  await Promise.all([loadModels(false), mode === 'reference' ? refreshSettings() : undefined]);
  return true;
}

/**
 * Replaces the model's defaults; an empty object means "use the global settings". Returns why
 * main refused them (a broken template, a reply being written…), for the dialog to show beside them.
 */
export async function saveModelDefaults(path: string, defaults: ModelDefaults): Promise<ErrorPayload | null> {
  try {
    setState({ settings: await api.call('models.setDefaults', { path, defaults }) });
  } catch (error) {
    return toErrorPayload(error);
  }
  announce('live.defaultsSaved');
  return null;
}

export function loadModelSettingsInfo(path: string): Promise<ModelSettingsInfo | undefined> {
  return attempt(() => api.call('models.settingsInfo', { path }));
}

/** The sample conversation as a custom template renders it, or why the template is refused. */
export async function previewTemplate(path: string, template: string, sample: TemplateSample): Promise<{ prompt: string } | { error: ErrorPayload }> {
  try {
    return await api.call('models.previewTemplate', { path, template, sample });
  } catch (error) {
    return { error: toErrorPayload(error) };
  }
}

// ---------------------------------------------------------------- Hugging Face

function patchHf(patch: Partial<HfBrowseState>): void {
  setState((s) => ({ hf: { ...s.hf, ...patch } }));
}

let hfRequest = 0;

export async function searchHf(query: string, sort: HfSort): Promise<void> {
  const request = ++hfRequest;
  patchHf({ query, sort, searching: true });
  try {
    const result = await api.call('hf.search', { query, sort, limit: 30 });
    if (request !== hfRequest) return;
    // An `owner/repo` or a link opens that repo straight away.
    const repo = result.query.kind === 'repo' ? result.query.repo : null;
    patchHf({ result, repo, files: repo ? result.files : null });
  } catch (error) {
    if (request === hfRequest) reportError(error);
  } finally {
    if (request === hfRequest) patchHf({ searching: false });
  }
}

export async function openHfRepo(repo: string): Promise<void> {
  const request = ++hfRequest;
  patchHf({ repo, files: null, loadingFiles: true });
  try {
    const files = await api.call('hf.files', { repo });
    if (request === hfRequest) patchHf({ files });
  } catch (error) {
    if (request === hfRequest) {
      reportError(error);
      patchHf({ repo: null });
    }
  } finally {
    if (request === hfRequest) patchHf({ loadingFiles: false });
  }
}

export function closeHfRepo(): void {
  hfRequest++;
  patchHf({ repo: null, files: null, loadingFiles: false });
}

export async function setHfToken(token: string | null): Promise<boolean> {
  const settings = await attempt(() => api.call('hf.setToken', { token }));
  if (settings) setState({ settings });
  return settings !== undefined;
}

export async function setHfEndpoint(hfEndpoint: string): Promise<boolean> {
  return (await updateSettings({ hfEndpoint })) !== undefined;
}
