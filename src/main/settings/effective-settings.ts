import type { ChatTemplate, Settings } from '../../shared/domain';
import type { LoadParams } from '../../shared/worker-protocol';

/** A model's own template may be a custom Jinja one, which the global setting cannot be. */
export type EffectiveSettings = Omit<Settings, 'chatTemplate'> & { chatTemplate: ChatTemplate; systemPrompt: string };

/** Global settings with the model's own defaults (Models → Installed) laid over them. */
export function effectiveSettings(settings: Settings, modelPath: string): EffectiveSettings {
  const own = settings.modelDefaults[modelPath] ?? {};
  return {
    ...settings,
    contextSize: own.contextSize ?? settings.contextSize,
    batchSize: own.batchSize ?? settings.batchSize,
    threads: own.threads ?? settings.threads,
    chatTemplate: own.chatTemplate ?? settings.chatTemplate,
    sampling: { ...settings.sampling, ...own.sampling },
    systemPrompt: own.systemPrompt ?? '',
  };
}

/** How the engine loads a model for these settings (the same for chats and API requests). */
export function loadParamsFor(modelPath: string, settings: EffectiveSettings): LoadParams {
  return {
    modelPath,
    contextSize: settings.contextSize,
    batchSize: settings.batchSize,
    threads: settings.threads,
    chatTemplate: settings.chatTemplate,
    sequences: settings.parallelReplies,
  };
}
