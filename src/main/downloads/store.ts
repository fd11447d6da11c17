import type { Database } from 'better-sqlite3';
import type { DownloadState, PausedReason } from '../../shared/downloads';
import { isErrorPayload, type ErrorPayload } from '../../shared/errors';

/** What survives a restart about one download. */
export interface DownloadRecord {
  id: string;
  url: string;
  fileName: string;
  targetPath: string;
  state: DownloadState;
  pausedReason: PausedReason | null;
  receivedBytes: number;
  totalBytes: number | null;
  /** SHA-256 the caller pinned (catalog); a host that disagrees fails the download. */
  requestedSha256: string | null;
  /** SHA-256 the file must have: the pinned one or the host's; the verified one once completed. */
  sha256: string | null;
  /** The hub's identity of the remote file (X-Linked-Etag or ETag) when the bytes in .part were fetched. */
  etag: string | null;
  /** The body server's ETag, sent back as If-Range so a changed file is never spliced onto old bytes. */
  validator: string | null;
  error: ErrorPayload | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  url: string;
  file_name: string;
  target_path: string;
  state: DownloadState;
  paused_reason: PausedReason | null;
  received_bytes: number;
  total_bytes: number | null;
  requested_sha256: string | null;
  sha256: string | null;
  etag: string | null;
  validator: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
}

const columns: Record<keyof Omit<DownloadRecord, 'error'>, keyof Row> = {
  id: 'id',
  url: 'url',
  fileName: 'file_name',
  targetPath: 'target_path',
  state: 'state',
  pausedReason: 'paused_reason',
  receivedBytes: 'received_bytes',
  totalBytes: 'total_bytes',
  requestedSha256: 'requested_sha256',
  sha256: 'sha256',
  etag: 'etag',
  validator: 'validator',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** The `downloads` table (migration 002). Every call is one synchronous statement. */
export class DownloadStore {
  constructor(private readonly db: Database) {}

  insert(record: DownloadRecord): void {
    this.db
      .prepare(
        `INSERT INTO downloads (id, url, file_name, target_path, state, paused_reason, received_bytes, total_bytes,
           requested_sha256, sha256, etag, validator, error_code, error_message, created_at, updated_at)
         VALUES (@id, @url, @file_name, @target_path, @state, @paused_reason, @received_bytes, @total_bytes,
           @requested_sha256, @sha256, @etag, @validator, @error_code, @error_message, @created_at, @updated_at)`,
      )
      .run(toRow(record));
  }

  update(id: string, patch: Partial<Omit<DownloadRecord, 'id' | 'createdAt'>>): void {
    const values: Record<string, unknown> = { id };
    const sets: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'error') {
        const error = value as ErrorPayload | null;
        sets.push('error_code = @error_code', 'error_message = @error_message');
        values.error_code = error?.code ?? null;
        values.error_message = error?.message ?? null;
        continue;
      }
      const column = columns[key as keyof typeof columns];
      sets.push(`${column} = @${column}`);
      values[column] = value;
    }
    if (sets.length === 0) return;
    this.db.prepare(`UPDATE downloads SET ${sets.join(', ')} WHERE id = @id`).run(values);
  }

  get(id: string): DownloadRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM downloads WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  list(): DownloadRecord[] {
    return this.db.prepare<[], Row>('SELECT * FROM downloads ORDER BY created_at, rowid').all().map(fromRow);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM downloads WHERE id = ?').run(id);
  }
}

function toRow(record: DownloadRecord): Row {
  return {
    id: record.id,
    url: record.url,
    file_name: record.fileName,
    target_path: record.targetPath,
    state: record.state,
    paused_reason: record.pausedReason,
    received_bytes: record.receivedBytes,
    total_bytes: record.totalBytes,
    requested_sha256: record.requestedSha256,
    sha256: record.sha256,
    etag: record.etag,
    validator: record.validator,
    error_code: record.error?.code ?? null,
    error_message: record.error?.message ?? null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: Row): DownloadRecord {
  const error = { code: row.error_code, message: row.error_message };
  return {
    id: row.id,
    url: row.url,
    fileName: row.file_name,
    targetPath: row.target_path,
    state: row.state,
    pausedReason: row.paused_reason,
    receivedBytes: row.received_bytes,
    totalBytes: row.total_bytes,
    requestedSha256: row.requested_sha256,
    sha256: row.sha256,
    etag: row.etag,
    validator: row.validator,
    // A code this build no longer knows degrades to a generic failure rather than breaking the list.
    error: row.error_code === null ? null : isErrorPayload(error) ? error : { code: 'DOWNLOAD_FAILED', message: row.error_message ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
