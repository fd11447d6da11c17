export { DownloadManager, type DownloadManagerOptions } from './manager';
