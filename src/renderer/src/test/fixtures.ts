import { defaultSampling, type AppInfo, type ChatSummary, type Message, type Settings, type WorkerStatus } from '../../../shared/domain';
import type { ScannedModel } from '../../../shared/models';

let clock = 1_700_000_000_000;

export function chat(overrides: Partial<ChatSummary> = {}): ChatSummary {
  clock += 1000;
  return { id: `chat-${clock}`, title: 'A chat', systemPrompt: '', modelPath: null, createdAt: clock, updatedAt: clock, ...overrides };
}

export function message(overrides: Partial<Message> & Pick<Message, 'id' | 'chatId' | 'position' | 'role'>): Message {
  return {
    content: '',
    status: 'done',
    error: null,
    modelPath: null,
    sampling: null,
    promptTokens: null,
    completionTokens: null,
    firstTokenMs: null,
    durationMs: null,
    createdAt: clock,
    updatedAt: clock,
    ...overrides,
  };
}

export const settings: Settings = {
  modelsDir: '/home/ana/models',
  selectedModelPath: '/home/ana/models/tiny.gguf',
  threads: null,
  contextSize: 4096,
  batchSize: 512,
  chatTemplate: 'auto',
  sampling: defaultSampling,
  language: 'en',
};

export const appInfo: AppInfo = {
  version: '0.1.0',
  host: 'browser',
  dataDir: '/home/ana/.candil',
  dbPath: '/home/ana/.candil/candil.db',
  defaultThreads: 4,
  physicalCores: 4,
  logicalCores: 8,
};

export const worker: WorkerStatus = { state: 'ready', modelPath: settings.selectedModelPath, recentCrashes: 0, lastError: null };

export const tinyModel: ScannedModel = {
  path: '/home/ana/models/tiny.gguf',
  fileName: 'tiny.gguf',
  sizeBytes: 400_000_000,
  modifiedAt: clock,
  summary: {
    architecture: 'llama',
    name: 'Tiny Llama',
    quantization: 'Q4_K_M',
    contextLength: 2048,
    hasChatTemplate: true,
    fileSize: 400_000_000,
    tensorDataBytes: 399_000_000,
    expectedFileSize: 400_000_000,
    supported: true,
    ggufVersion: 3,
    split: null,
  },
};

export const brokenModel: ScannedModel = {
  path: '/home/ana/models/empty.gguf',
  fileName: 'empty.gguf',
  sizeBytes: 0,
  modifiedAt: clock,
  error: { code: 'MODEL_INVALID', message: 'the file is empty' },
};
