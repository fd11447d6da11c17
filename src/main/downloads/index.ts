export { DownloadManager, type DownloadManagerOptions } from './manager';
export type { DownloadInfo, DownloadState, EnqueueDownloadRequest, PausedReason } from '../../shared/downloads';
