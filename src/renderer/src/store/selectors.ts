import type { DownloadInfo, DownloadState } from '../../../shared/downloads';
import { parseModelRef } from '../../../shared/model-ref';
import { isScannedModelOk, type Gpt4AllModels, type ScannedModel } from '../../../shared/models';
import type { RemoteServer } from '../../../shared/remote';
import { streamingRequestOf } from './reducers';
import type { AppState } from './state';

/** Only the last assistant reply can be regenerated. */
export function lastAssistantIdOf(state: AppState): string | null {
  for (let i = state.messageIds.length - 1; i >= 0; i--) {
    const id = state.messageIds[i];
    if (id && state.messages[id]?.role === 'assistant') return id;
  }
  return null;
}

/** True while the open chat has a reply on its way; main refuses a second one (BUSY). */
export function isReplyBusy(state: AppState): boolean {
  return state.sending || streamingRequestOf(state, state.currentChatId) !== null;
}

export function hasUsableModel(state: AppState): boolean {
  const path = state.settings?.selectedModelPath;
  if (!path) return false;
  const ref = parseModelRef(path);
  if (ref.kind === 'remote') return remoteServerOf(state, path) !== null || !state.remoteServersLoaded;
  const model = state.models.find((m) => m.path === path);
  // Before the first scan answers, trust the setting.
  return model ? isScannedModelOk(model) : !state.modelsLoaded;
}

/** The remote server a model reference points to (null for local models and removed servers). */
export function remoteServerOf(state: AppState, ref: string | null | undefined): RemoteServer | null {
  if (!ref) return null;
  const parsed = parseModelRef(ref);
  if (parsed.kind !== 'remote') return null;
  return state.remoteServers.find((s) => s.id === parsed.serverId) ?? null;
}

/** States in which a download still has work to do (and shows in the header). */
const activeStates: readonly DownloadState[] = ['queued', 'downloading', 'paused', 'verifying'];

export function isActiveDownload(download: DownloadInfo): boolean {
  return activeStates.includes(download.state);
}

export interface DownloadSummary {
  count: number;
  receivedBytes: number;
  /** Sum of the known totals; null while no active download knows its size. */
  totalBytes: number | null;
  /** 0–100, over the downloads whose size is known. */
  percent: number | null;
}

export function summarizeDownloads(downloads: DownloadInfo[]): DownloadSummary {
  const active = downloads.filter(isActiveDownload);
  const sized = active.filter((d) => d.totalBytes !== null && d.totalBytes > 0);
  const totalBytes = sized.length > 0 ? sized.reduce((sum, d) => sum + (d.totalBytes ?? 0), 0) : null;
  const receivedBytes = sized.reduce((sum, d) => sum + Math.min(d.receivedBytes, d.totalBytes ?? 0), 0);
  return {
    count: active.length,
    receivedBytes,
    totalBytes,
    percent: totalBytes ? Math.floor((receivedBytes / totalBytes) * 100) : null,
  };
}

/** The last part of a path or URL path: what a downloaded file is called in the models folder. */
export function baseName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}

/**
 * The Get started panel: on a start with no model (and no remote server chosen), until Skip;
 * and while its own download or GPT4All import is still finishing.
 */
export function showsGetStarted(state: AppState): boolean {
  const { firstRun } = state;
  if (firstRun.pendingFile !== null || firstRun.imported !== null) return true;
  if (firstRun.dismissed || !state.modelsLoaded || state.models.length > 0) return false;
  const selected = state.settings?.selectedModelPath;
  return !(selected && parseModelRef(selected).kind === 'remote');
}

/** GPT4All's models Candil does not list yet (those used in place already are listed). */
export function gpt4allToOffer(found: Gpt4AllModels | null | undefined, models: ScannedModel[]): Gpt4AllModels | null {
  if (!found) return null;
  const listed = new Set(models.map((m) => m.path));
  const files = found.files.filter((f) => !listed.has(f.path));
  return files.length > 0 ? { folder: found.folder, files } : null;
}
