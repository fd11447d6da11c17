/** OpenAI-compatible servers a chat can be sent to instead of this computer's engine. */

export const remoteServerKinds = ['openai', 'azure', 'github', 'ollama', 'lmstudio', 'llamacpp', 'custom'] as const;
export type RemoteServerKind = (typeof remoteServerKinds)[number];

export interface RemotePreset {
  name: string;
  baseUrl: string;
  /** Whether the service refuses requests without a key. */
  needsKey: boolean;
  /** Azure OpenAI's `api-version` query parameter. */
  apiVersion?: string;
}

/** What each kind of server is called and where it usually listens. */
export const remotePresets: Record<RemoteServerKind, RemotePreset> = {
  openai: { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', needsKey: true },
  azure: { name: 'Azure OpenAI', baseUrl: 'https://YOUR-RESOURCE.openai.azure.com', needsKey: true, apiVersion: '2024-10-21' },
  github: { name: 'GitHub Models', baseUrl: 'https://models.github.ai/inference', needsKey: true },
  ollama: { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  lmstudio: { name: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
  llamacpp: { name: 'llama.cpp server', baseUrl: 'http://127.0.0.1:8080/v1', needsKey: false },
  custom: { name: '', baseUrl: '', needsKey: false },
};

/** A server as stored (its key is kept apart, like every secret). */
export interface RemoteServerConfig {
  id: string;
  name: string;
  kind: RemoteServerKind;
  baseUrl: string;
  apiVersion: string | null;
  /** Model ids typed by the user, for servers that cannot list theirs (Azure deployments). */
  models: string[];
}

export interface RemoteServer extends RemoteServerConfig {
  hasKey: boolean;
}

export interface RemoteModel {
  serverId: string;
  serverName: string;
  /** The id the server knows it by. */
  id: string;
  /** `remote:<server>:<model>`: what a chat records as its model. */
  ref: string;
}
