import type { CandilCore } from '../main/core';
import type { CallOutput, EventPayload } from '../shared/ipc-contract';
import type { CallName } from '../shared/ipc-names';

/** A call through the core's dispatcher, as the window makes it; a refusal throws its error payload. */
export async function call<K extends CallName>(c: CandilCore, name: K, input: unknown): Promise<CallOutput<K>> {
  const result = await c.dispatch(name, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as CallOutput<K>;
}

/** The `chat.done` event of one request. */
export function nextDone(c: CandilCore, requestId: string): Promise<EventPayload<'chat.done'>> {
  return new Promise((resolve) => {
    const off = c.events.subscribe((e) => {
      if (e.name === 'chat.done' && e.payload.requestId === requestId) {
        off();
        resolve(e.payload);
      }
    });
  });
}
