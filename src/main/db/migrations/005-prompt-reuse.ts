import type { Migration } from './types';

/** How many prompt tokens each reply evaluated and how many it reused from the session's cache. */
export const migration005PromptReuse: Migration = {
  version: 5,
  name: 'evaluated and reused prompt tokens of each reply',
  up(db) {
    db.exec('ALTER TABLE messages ADD COLUMN evaluated_tokens INTEGER');
    db.exec('ALTER TABLE messages ADD COLUMN reused_tokens INTEGER');
  },
};
