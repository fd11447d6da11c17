import type { CatalogEntry } from '../../../shared/catalog';
import { defaultSampling, type AppInfo, type ChatSummary, type Message, type Settings, type WorkerStatus } from '../../../shared/domain';
import type { DownloadInfo } from '../../../shared/downloads';
import type { CompatReport, HfGgufFile, HfRepoSummary, ModelSettingsInfo, ScannedModel } from '../../../shared/models';

let clock = 1_700_000_000_000;

export function chat(overrides: Partial<ChatSummary> = {}): ChatSummary {
  clock += 1000;
  return { id: `chat-${clock}`, title: 'A chat', systemPrompt: '', modelPath: null, pinned: false, deletedAt: null, mode: 'chat', fewShot: [], sampling: {}, contextFromId: null, createdAt: clock, updatedAt: clock, ...overrides };
}

export function message(overrides: Partial<Message> & Pick<Message, 'id' | 'chatId' | 'position' | 'role'>): Message {
  return {
    parentId: null,
    versionIds: [overrides.id],
    content: '',
    status: 'done',
    error: null,
    modelPath: null,
    sampling: null,
    promptTokens: null,
    completionTokens: null,
    firstTokenMs: null,
    durationMs: null,
    contextSize: null,
    evaluatedTokens: null,
    reusedTokens: null,
    pinned: false,
    createdAt: clock,
    updatedAt: clock,
    ...overrides,
  };
}

export const settings: Settings = {
  modelsDir: '/home/ana/models',
  externalModels: [],
  modelDefaults: {},
  hfEndpoint: 'https://huggingface.co',
  hasHfToken: false,
  selectedModelPath: '/home/ana/models/tiny.gguf',
  threads: null,
  contextSize: 4096,
  batchSize: 512,
  chatTemplate: 'auto',
  sampling: defaultSampling,
  language: 'en',
  theme: 'system',
  fontSize: 'normal',
  density: 'comfortable',
  parallelReplies: null,
  kvCacheBudgetMB: 4096,
  apiEnabled: false,
  apiPort: 4891,
  apiHost: '127.0.0.1',
  apiCorsOrigins: [],
  hasApiKey: false,
  generatedTitles: true,
  remoteServers: [],
  checkForUpdates: false,
};

export const appInfo: AppInfo = {
  version: '0.1.0',
  host: 'browser',
  dataDir: '/home/ana/.candil',
  dbPath: '/home/ana/.candil/candil.db',
  defaultThreads: 4,
  physicalCores: 4,
  logicalCores: 8,
  networkAddresses: ['192.168.1.20'],
  proxy: { source: 'system', hubProxy: 'proxy.corp:3128' },
};

export const worker: WorkerStatus = {
  state: 'ready',
  modelPath: settings.selectedModelPath,
  loaded: { contextSize: 4096, sequences: 2, threads: 4, batchSize: 512 },
  recentCrashes: 0,
  lastError: null,
};

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

/** What main tells the model settings dialog about tiny.gguf: ChatML, 2,048 tokens, 1,536 of them fit in RAM. */
export const modelSettingsInfo: ModelSettingsInfo = {
  trainedContextSize: 2048,
  maxContextSize: 1536,
  autoBatchSize: 256,
  ownTemplate: "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}",
};

export const brokenModel: ScannedModel = {
  path: '/home/ana/models/empty.gguf',
  fileName: 'empty.gguf',
  sizeBytes: 0,
  modifiedAt: clock,
  error: { code: 'MODEL_INVALID', message: '"empty.gguf" is empty', params: { reason: 'empty', file: 'empty.gguf' } },
};

/** The e2e test model, as the test catalog lists it. */
export const storiesEntry: CatalogEntry = {
  id: 'stories260k',
  name: 'TinyStories 260K',
  description: {
    en: 'A 260K-parameter test model that writes tiny children’s stories. No chat template.',
    es: 'Modelo de prueba de 260K parámetros que escribe cuentos infantiles diminutos. Sin plantilla de chat.',
  },
  parameters: '0.3M',
  quantization: 'F32',
  fileSizeBytes: 1_185_376,
  ramBytes: 3_618_560,
  defaultContext: 512,
  contextLength: 2048,
  licence: { name: 'MIT', url: 'https://github.com/karpathy/llama2.c/blob/master/LICENSE' },
  tags: ['chat'],
  hf: { repo: 'ggml-org/models', file: 'tinyllamas/stories260K.gguf' },
  sha256: '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d',
};

export const coderEntry: CatalogEntry = {
  id: 'qwen2.5-coder-1.5b-instruct',
  name: 'Qwen2.5 Coder 1.5B Instruct',
  description: { en: 'Writes and explains code.', es: 'Escribe y explica código.' },
  parameters: '1.54B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 986_048_768,
  approximateSize: true,
  ramBytes: 1_500_000_000,
  defaultContext: 4096,
  contextLength: 32768,
  licence: { name: 'Apache 2.0', url: 'https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct/blob/main/LICENSE' },
  tags: ['code', 'multilingual'],
  hf: { repo: 'bartowski/Qwen2.5-Coder-1.5B-Instruct-GGUF', file: 'Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf' },
};

export function compatReport(overrides: Partial<CompatReport> = {}): CompatReport {
  return {
    summary: {
      architecture: 'llama',
      name: 'stories260K',
      quantization: 'F32',
      contextLength: 2048,
      hasChatTemplate: false,
      fileSize: 1_185_376,
      tensorDataBytes: 1_100_000,
      expectedFileSize: 1_185_376,
      supported: true,
      ggufVersion: 3,
      split: null,
    },
    contextSize: 4096,
    ramBytes: 3_618_560,
    totalRamBytes: 16_000_000_000,
    freeRamBytes: 8_000_000_000,
    fileSize: 1_185_376,
    freeDiskBytes: 50_000_000_000,
    diskOk: true,
    verdict: 'fits',
    reasons: [],
    ...overrides,
  };
}

export function download(overrides: Partial<DownloadInfo> & Pick<DownloadInfo, 'id' | 'fileName'>): DownloadInfo {
  clock += 1000;
  return {
    url: `https://huggingface.co/org/repo/resolve/main/${overrides.fileName}`,
    targetPath: `/home/ana/models/${overrides.fileName}`,
    state: 'downloading',
    receivedBytes: 0,
    totalBytes: 1000,
    bytesPerSecond: 0,
    etaSeconds: null,
    sha256: null,
    verification: 'size',
    error: null,
    pausedReason: null,
    retryAttempt: 0,
    nextRetryAt: null,
    retryWait: null,
    createdAt: clock,
    updatedAt: clock,
    ...overrides,
  };
}

export const hfRepo: HfRepoSummary = {
  id: 'bartowski/SmolLM2-135M-Instruct-GGUF',
  author: 'bartowski',
  downloads: 12_345,
  likes: 42,
  lastModified: '2025-01-15T10:00:00.000Z',
  tags: ['gguf'],
  gated: false,
  pipelineTag: 'text-generation',
};

export function hfFile(fileName: string, overrides: Partial<HfGgufFile> = {}): HfGgufFile {
  const downloadUrl = `https://huggingface.co/${hfRepo.id}/resolve/main/${fileName}`;
  return {
    path: fileName,
    fileName,
    sizeBytes: 100_000_000,
    quantization: 'Q4_K_M',
    sha256: 'a'.repeat(64),
    downloadUrl,
    split: null,
    parts: [{ path: fileName, sizeBytes: 100_000_000, sha256: 'a'.repeat(64), downloadUrl }],
    isProjector: false,
    ...overrides,
  };
}
