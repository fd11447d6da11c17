import { isScannedModelOk } from '../../../shared/models';
import { streamingRequestOf } from './reducers';
import type { AppState } from './state';

/** Only the last assistant reply can be regenerated. */
export function lastAssistantIdOf(state: AppState): string | null {
  for (let i = state.messageIds.length - 1; i >= 0; i--) {
    const id = state.messageIds[i];
    if (id && state.messages[id]?.role === 'assistant') return id;
  }
  return null;
}

/** True while the open chat has a reply on its way; main refuses a second one (BUSY). */
export function isReplyBusy(state: AppState): boolean {
  return state.sending || streamingRequestOf(state, state.currentChatId) !== null;
}

export function hasUsableModel(state: AppState): boolean {
  const path = state.settings?.selectedModelPath;
  if (!path) return false;
  const model = state.models.find((m) => m.path === path);
  // Before the first scan answers, trust the setting.
  return model ? isScannedModelOk(model) : !state.modelsLoaded;
}
