import type { Migration } from './types';

/** The context window a reply was written in, so a reopened chat can show how full it is. */
export const migration004ContextSize: Migration = {
  version: 4,
  name: 'context size of each reply',
  up(db) {
    db.exec('ALTER TABLE messages ADD COLUMN context_size INTEGER');
  },
};
