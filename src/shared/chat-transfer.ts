import type { ErrorReason } from './errors';

/**
 * Export and import settings both processes share. Apart from the archive's schema so the
 * renderer can check a file's size without bundling zod.
 */

/**
 * The largest file an import takes, in UTF-16 code units of its text (for a UTF-8 file, at most
 * its size in bytes). The browser host's WebSocket frames are sized from it.
 */
export const IMPORT_MAX_CHARS = 32 * 1024 * 1024;
/** The limit as error messages name it. */
export const importLimitText = `${IMPORT_MAX_CHARS / 1024 / 1024} MB`;

export const exportFormats = ['json', 'markdown'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Why an import was refused: `IMPORT_INVALID` carries one of these as its `reason` param. */
export type ImportRefusal = ErrorReason<'IMPORT_INVALID'>;

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  text: string;
}

export interface ImportResult {
  /** Chats added. */
  imported: number;
  /** Chats already in the history (the same id), left as they are. */
  skipped: number;
}
