/**
 * Names of every call (renderer → main) and pushed event (main → renderer).
 * Kept apart from the schemas so the preload can enumerate them without bundling zod.
 */
export const callNames = [
  'app.info',
  'settings.get',
  'settings.update',
  'models.list',
  'models.select',
  'chats.list',
  'chats.matches',
  'chats.create',
  'chats.get',
  'chats.update',
  'chats.delete',
  'chats.duplicate',
  'chats.trash',
  'chats.restore',
  'chats.purge',
  'presets.list',
  'presets.save',
  'presets.delete',
  'chats.export',
  'chats.import',
  'chat.send',
  'chat.stop',
  'chat.regenerate',
  'chat.edit',
  'chat.continue',
  'chat.showVersion',
  'chat.deleteMessage',
  'chat.pinMessage',
  'chat.measure',
  'chat.dropOldest',
  'chat.sendAllTurns',
  'chat.summarize',
  'worker.status',
  'worker.restart',
  'kvCache.info',
  'kvCache.clear',
  'updates.status',
  'updates.check',
  'api.status',
  'api.setKey',
  'api.requests',
  'api.stop',
  'remote.list',
  'remote.save',
  'remote.delete',
  'remote.models',
  'catalog.list',
  'catalog.recommend',
  'hf.search',
  'hf.files',
  'hf.setToken',
  'models.check',
  'models.import',
  'models.gpt4all',
  'models.delete',
  'models.setDefaults',
  'models.settingsInfo',
  'models.previewTemplate',
  'downloads.list',
  'downloads.start',
  'downloads.pause',
  'downloads.resume',
  'downloads.cancel',
  'downloads.remove',
] as const;

export const eventNames = ['chat.delta', 'chat.done', 'chat.queued', 'chats.changed', 'worker.status', 'api.status', 'api.requests', 'models.changed', 'downloads.changed', 'updates.changed'] as const;

export type CallName = (typeof callNames)[number];
export type EventName = (typeof eventNames)[number];

/** Electron channel names; the WebSocket carrier uses the same envelope shapes. */
export const IPC_CALL_CHANNEL = 'candil:call';
export const IPC_EVENT_CHANNEL = 'candil:event';
