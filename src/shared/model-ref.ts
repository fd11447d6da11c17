/**
 * What a chat answers with: a model file on this computer (its path), or a model of a remote
 * OpenAI-compatible server, written `remote:<server id>:<model id>` (model ids may hold slashes
 * and colons; server ids never hold colons).
 */
export type ModelRef = { kind: 'local'; path: string } | { kind: 'remote'; serverId: string; model: string };

const PREFIX = 'remote:';

export function remoteModelRef(serverId: string, model: string): string {
  return `${PREFIX}${serverId}:${model}`;
}

export function parseModelRef(value: string): ModelRef {
  if (!value.startsWith(PREFIX)) return { kind: 'local', path: value };
  const rest = value.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return { kind: 'local', path: value };
  return { kind: 'remote', serverId: rest.slice(0, colon), model: rest.slice(colon + 1) };
}

export function isRemoteModelRef(value: string | null | undefined): boolean {
  return typeof value === 'string' && parseModelRef(value).kind === 'remote';
}
