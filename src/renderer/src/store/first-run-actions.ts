import type { EnqueueDownloadRequest } from '../../../shared/downloads';
import { isScannedModelOk, type Gpt4AllModels } from '../../../shared/models';
import { api, toErrorPayload } from '../ipc';
import { announce, loadModels, selectModel } from './actions';
import { refreshSettings, startDownloads } from './library-actions';
import { hasUsableModel } from './selectors';
import { useAppStore, type FirstRunState, type Gpt4AllImport } from './state';

const { getState, setState } = useAppStore;

function patch(next: Partial<FirstRunState>): void {
  setState((s) => ({ firstRun: { ...s.firstRun, ...next } }));
}

/**
 * Asked once per session. A failure only means nothing is offered: a first start should not
 * greet anyone with an error about a suggestion they did not ask for.
 */
export async function loadRecommendation(): Promise<void> {
  if (getState().firstRun.recommendation !== undefined) return;
  const recommendation = await api.call('catalog.recommend', {}).catch(() => null);
  patch({ recommendation });
}

export async function loadGpt4All(): Promise<void> {
  if (getState().firstRun.gpt4all !== undefined) return;
  const gpt4all = await api.call('models.gpt4all', {}).catch(() => null);
  patch({ gpt4all });
}

/** The recommended model's download; once it is installed, `finishFirstRun` chooses it. */
export async function startRecommended(request: EnqueueDownloadRequest): Promise<void> {
  patch({ pendingFile: request.fileName });
  if (!(await startDownloads([request]))) patch({ pendingFile: null });
}

export async function finishFirstRun(path: string): Promise<void> {
  patch({ pendingFile: null });
  await selectModel(path);
  setState((s) => ({ view: 'chat', composerFocus: s.composerFocus + 1 }));
}

/** Hides the panel for this session; a download it started carries on (see Models → Downloads). */
export function skipFirstRun(): void {
  patch({ dismissed: true, pendingFile: null, imported: null });
  setState((s) => ({ composerFocus: s.composerFocus + 1 }));
}

/**
 * Adds GPT4All's models by reference, one by one, so a file main refuses (a corrupt header)
 * does not stop the others. When nothing was chosen yet, the first one added is, so the chat
 * is ready straight away.
 */
export async function importGpt4AllInPlace(found: Gpt4AllModels): Promise<Gpt4AllImport> {
  patch({ importing: true });
  const result: Gpt4AllImport = { added: 0, refused: [] };
  let first: string | null = null;
  for (const file of found.files) {
    try {
      const model = await api.call('models.import', { path: file.path, mode: 'reference' });
      result.added += 1;
      if (first === null && isScannedModelOk(model)) first = model.path;
    } catch (error) {
      result.refused.push({ fileName: file.path.split(/[/\\]/).pop() ?? file.path, error: toErrorPayload(error) });
    }
  }
  await Promise.all([loadModels(false), refreshSettings()]);
  if (first !== null && !hasUsableModel(getState())) await finishFirstRun(first);
  patch({ importing: false, imported: result });
  announce('live.gpt4allImported', undefined, { added: result.added, refused: result.refused.length });
  return result;
}
