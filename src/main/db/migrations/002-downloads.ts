import type { Migration } from './types';

export const migration002Downloads: Migration = {
  version: 2,
  name: 'downloads',
  up(db) {
    // `etag` and `validator` identify the remote file the .part belongs to, so a resume after a
    // restart can tell whether the bytes on disk still match what the server would send.
    db.exec(`
      CREATE TABLE downloads (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        file_name TEXT NOT NULL,
        target_path TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'downloading', 'paused', 'verifying', 'completed', 'failed', 'cancelled')),
        paused_reason TEXT CHECK (paused_reason IN ('user', 'disk-full', 'network')),
        received_bytes INTEGER NOT NULL DEFAULT 0,
        total_bytes INTEGER,
        requested_sha256 TEXT,
        sha256 TEXT,
        etag TEXT,
        validator TEXT,
        error_code TEXT,
        error_message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX downloads_by_state ON downloads(state, created_at);
    `);
  },
};
