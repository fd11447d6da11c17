import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { remoteModelRef, type ModelRef } from '../../shared/model-ref';
import type { RemoteModel, RemoteServer, RemoteServerConfig } from '../../shared/remote';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsStore } from '../settings/settings-store';
import { listRemoteModels, streamRemoteChat, type RemoteChatResult } from './remote-client';

export type RemoteServerInput = Omit<RemoteServerConfig, 'id'> & {
  id?: string;
  /** undefined keeps the stored key, null removes it. */
  key?: string | null;
};

/**
 * The remote servers a user added: stored in the settings, their keys in one secret kept
 * outside the database (the keychain in the desktop app), never sent to the window.
 */
export class RemoteServers {
  constructor(
    private readonly settings: SettingsStore,
    private readonly keys: SecretStore,
  ) {}

  private keyMap(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(this.keys.get() ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private keyOf(id: string): string | null {
    return this.keyMap()[id] ?? null;
  }

  list(): RemoteServer[] {
    const keys = this.keyMap();
    return this.settings.get().remoteServers.map((server) => ({ ...server, hasKey: keys[server.id] !== undefined }));
  }

  get(id: string): RemoteServerConfig {
    const server = this.settings.get().remoteServers.find((s) => s.id === id);
    if (!server) throw new AppError('NOT_FOUND', 'That remote server was removed.', { reason: 'serverRemoved' });
    return server;
  }

  save(input: RemoteServerInput): RemoteServer {
    const { key, ...fields } = input;
    const id = input.id ?? randomUUID();
    const servers = this.settings.get().remoteServers;
    if (input.id && !servers.some((s) => s.id === input.id)) throw new AppError('NOT_FOUND', 'That remote server was removed.', { reason: 'serverRemoved' });
    const server: RemoteServerConfig = { ...fields, id, name: fields.name.trim(), baseUrl: fields.baseUrl.trim().replace(/\/+$/, '') };
    if (key !== undefined) {
      const keys = this.keyMap();
      if (key) keys[id] = key;
      else delete keys[id];
      this.keys.set(Object.keys(keys).length > 0 ? JSON.stringify(keys) : null);
    }
    this.settings.update({ remoteServers: input.id ? servers.map((s) => (s.id === id ? server : s)) : [...servers, server] });
    return { ...server, hasKey: this.keyOf(id) !== null };
  }

  remove(id: string): boolean {
    const servers = this.settings.get().remoteServers;
    if (!servers.some((s) => s.id === id)) return false;
    const keys = this.keyMap();
    delete keys[id];
    this.keys.set(Object.keys(keys).length > 0 ? JSON.stringify(keys) : null);
    const selected = this.settings.get().selectedModelPath;
    this.settings.update({
      remoteServers: servers.filter((s) => s.id !== id),
      ...(selected?.startsWith(`remote:${id}:`) ? { selectedModelPath: null } : {}),
    });
    return true;
  }

  async models(id: string): Promise<RemoteModel[]> {
    const server = this.get(id);
    const ids = await listRemoteModels(server, this.keyOf(id));
    return ids.map((model) => ({ serverId: id, serverName: server.name, id: model, ref: remoteModelRef(id, model) }));
  }

  chat(
    ref: Extract<ModelRef, { kind: 'remote' }>,
    request: Omit<Parameters<typeof streamRemoteChat>[2], 'model'>,
    signal: AbortSignal,
    onChunk: (text: string, tokens: number) => void,
  ): Promise<RemoteChatResult> {
    const server = this.get(ref.serverId);
    return streamRemoteChat(server, this.keyOf(ref.serverId), { ...request, model: ref.model }, signal, onChunk);
  }
}
