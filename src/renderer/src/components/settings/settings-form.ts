import type { Settings } from '../../../../shared/domain';
import { samplingSchema, settingsPatchSchema, type SettingsPatch } from '../../../../shared/ipc-contract';

type SamplingKey = keyof Settings['sampling'];
type EngineKey = 'threads' | 'contextSize' | 'batchSize' | 'parallelReplies' | 'kvCacheBudgetMB' | 'apiPort';
export type NumericField = EngineKey | SamplingKey;

export interface SettingsDraft extends Record<NumericField, string> {
  modelsDir: string;
  chatTemplate: Settings['chatTemplate'];
  language: Settings['language'];
  theme: Settings['theme'];
  fontSize: Settings['fontSize'];
  density: Settings['density'];
  generatedTitles: boolean;
  apiEnabled: boolean;
  apiHost: string;
  /** One web origin per line. */
  apiCorsOrigins: string;
  checkForUpdates: boolean;
}

export type FieldError =
  | { key: 'settings.required' | 'api.originsInvalid' }
  | { key: 'settings.range' | 'settings.rangeInteger'; min: number; max: number };

interface NumericSpec {
  min: number;
  max: number;
  integer: boolean;
  /** Empty means null: automatic threads, random seed. */
  nullable: boolean;
  step: number;
}

interface Bounded {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean;
}

/** Bounds come from the shared schemas main validates with, so the two never disagree. */
function spec(schema: Bounded, nullable: boolean, step?: number): NumericSpec {
  return {
    min: schema.minValue ?? Number.MIN_SAFE_INTEGER,
    max: schema.maxValue ?? Number.MAX_SAFE_INTEGER,
    integer: schema.isInt,
    nullable,
    step: step ?? (schema.isInt ? 1 : 0.01),
  };
}

const engine = settingsPatchSchema.shape;
const sampling = samplingSchema.shape;

export const numericSpecs: Record<NumericField, NumericSpec> = {
  threads: spec(engine.threads.unwrap().unwrap(), true),
  contextSize: spec(engine.contextSize.unwrap(), false, 256),
  batchSize: spec(engine.batchSize.unwrap().unwrap(), true),
  parallelReplies: spec(engine.parallelReplies.unwrap().unwrap(), true),
  kvCacheBudgetMB: spec(engine.kvCacheBudgetMB.unwrap(), false, 256),
  apiPort: spec(engine.apiPort.unwrap(), false),
  maxTokens: spec(sampling.maxTokens, false),
  temperature: spec(sampling.temperature, false, 0.05),
  topK: spec(sampling.topK, false),
  topP: spec(sampling.topP, false),
  minP: spec(sampling.minP, false),
  repeatPenalty: spec(sampling.repeatPenalty, false),
  repeatLastN: spec(sampling.repeatLastN, false),
  seed: spec(sampling.seed.unwrap(), true),
};

export const samplingKeys: SamplingKey[] = ['maxTokens', 'temperature', 'topK', 'topP', 'minP', 'repeatPenalty', 'repeatLastN', 'seed'];

function show(value: number | null): string {
  return value === null ? '' : String(value);
}

export function draftFromSettings(settings: Settings): SettingsDraft {
  const { sampling: s } = settings;
  return {
    modelsDir: settings.modelsDir,
    chatTemplate: settings.chatTemplate,
    language: settings.language,
    theme: settings.theme,
    fontSize: settings.fontSize,
    density: settings.density,
    generatedTitles: settings.generatedTitles,
    threads: show(settings.threads),
    contextSize: show(settings.contextSize),
    batchSize: show(settings.batchSize),
    parallelReplies: show(settings.parallelReplies),
    kvCacheBudgetMB: show(settings.kvCacheBudgetMB),
    apiEnabled: settings.apiEnabled,
    apiPort: show(settings.apiPort),
    apiHost: settings.apiHost,
    apiCorsOrigins: settings.apiCorsOrigins.join('\n'),
    checkForUpdates: settings.checkForUpdates,
    maxTokens: show(s.maxTokens),
    temperature: show(s.temperature),
    topK: show(s.topK),
    topP: show(s.topP),
    minP: show(s.minP),
    repeatPenalty: show(s.repeatPenalty),
    repeatLastN: show(s.repeatLastN),
    seed: show(s.seed),
  };
}

/** `nullable` overrides the field's own rule (per-model defaults leave any field empty to inherit). */
export function parseNumber(
  text: string,
  field: NumericField,
  nullable = numericSpecs[field].nullable,
): { value: number | null } | { error: FieldError } {
  const { min, max, integer } = numericSpecs[field];
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return nullable ? { value: null } : { error: { key: 'settings.required' } };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    return { error: { key: integer ? 'settings.rangeInteger' : 'settings.range', min, max } };
  }
  return { value };
}

export interface ParsedDraft {
  patch: SettingsPatch;
  errors: Partial<Record<keyof SettingsDraft, FieldError>>;
}

/** Turns the form into a patch holding only what changed, or field errors. */
export function parseDraft(draft: SettingsDraft, settings: Settings): ParsedDraft {
  const errors: ParsedDraft['errors'] = {};
  const patch: SettingsPatch = {};

  const modelsDir = draft.modelsDir.trim();
  if (!modelsDir) errors.modelsDir = { key: 'settings.required' };
  else if (modelsDir !== settings.modelsDir) patch.modelsDir = modelsDir;
  if (draft.chatTemplate !== settings.chatTemplate) patch.chatTemplate = draft.chatTemplate;
  if (draft.language !== settings.language) patch.language = draft.language;
  if (draft.theme !== settings.theme) patch.theme = draft.theme;
  if (draft.fontSize !== settings.fontSize) patch.fontSize = draft.fontSize;
  if (draft.density !== settings.density) patch.density = draft.density;
  if (draft.checkForUpdates !== settings.checkForUpdates) patch.checkForUpdates = draft.checkForUpdates;
  if (draft.generatedTitles !== settings.generatedTitles) patch.generatedTitles = draft.generatedTitles;

  const read = (field: NumericField): number | null | undefined => {
    const parsed = parseNumber(draft[field], field);
    if ('error' in parsed) {
      errors[field] = parsed.error;
      return undefined;
    }
    return parsed.value;
  };

  const threads = read('threads');
  if (threads !== undefined && threads !== settings.threads) patch.threads = threads;
  const contextSize = read('contextSize');
  if (typeof contextSize === 'number' && contextSize !== settings.contextSize) patch.contextSize = contextSize;
  const batchSize = read('batchSize');
  if (batchSize !== undefined && batchSize !== settings.batchSize) patch.batchSize = batchSize;
  const parallelReplies = read('parallelReplies');
  if (parallelReplies !== undefined && parallelReplies !== settings.parallelReplies) patch.parallelReplies = parallelReplies;
  const kvCacheBudgetMB = read('kvCacheBudgetMB');
  if (typeof kvCacheBudgetMB === 'number' && kvCacheBudgetMB !== settings.kvCacheBudgetMB) patch.kvCacheBudgetMB = kvCacheBudgetMB;

  if (draft.apiEnabled !== settings.apiEnabled) patch.apiEnabled = draft.apiEnabled;
  const apiPort = read('apiPort');
  if (typeof apiPort === 'number' && apiPort !== settings.apiPort) patch.apiPort = apiPort;
  if (draft.apiHost !== settings.apiHost) patch.apiHost = draft.apiHost;
  const origins = draft.apiCorsOrigins
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (!engine.apiCorsOrigins.unwrap().safeParse(origins).success) errors.apiCorsOrigins = { key: 'api.originsInvalid' };
  else if (origins.join('\n') !== settings.apiCorsOrigins.join('\n')) patch.apiCorsOrigins = origins;

  const samplingPatch: NonNullable<SettingsPatch['sampling']> = {};
  for (const key of samplingKeys) {
    const value = read(key);
    if (value === undefined || value === settings.sampling[key]) continue;
    if (key === 'seed') samplingPatch.seed = value;
    else if (value !== null) samplingPatch[key] = value;
  }
  if (Object.keys(samplingPatch).length > 0) patch.sampling = samplingPatch;

  return { patch, errors };
}
