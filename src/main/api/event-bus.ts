import type { EventPayload } from '../../shared/ipc-contract';
import type { EventName } from '../../shared/ipc-names';

export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** Events pushed from the services to whichever carriers (Electron windows, WebSockets) listen. */
export class EventBus {
  private listeners = new Set<(event: AppEvent) => void>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as AppEvent;
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
