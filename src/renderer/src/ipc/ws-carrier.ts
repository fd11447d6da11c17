import type { CallResult, ClientFrame, ServerFrame } from '../../../shared/ipc-contract';
import { eventNames, type CallName, type EventName } from '../../../shared/ipc-names';
import { isErrorPayload, type ErrorPayload } from '../../../shared/errors';
import type { Carrier, ConnectionState } from './carrier';

export interface WebSocketCarrierOptions {
  url: () => string;
  /** Injected for tests; defaults to the global WebSocket. */
  WebSocketImpl?: typeof WebSocket;
  /** Delay before reconnect attempt `n` (0-based). */
  backoff?: (attempt: number) => number;
}

interface Pending {
  resolve: (result: CallResult<unknown>) => void;
}

const connectTimeoutMs = 10_000;

export function defaultBackoff(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 5000);
}

const lostConnection: ErrorPayload = {
  code: 'NETWORK',
  message: 'The connection to Candil was lost before the answer came.',
  params: { reason: 'candilLost' },
};
const refusedConnection: ErrorPayload = {
  code: 'FORBIDDEN',
  message: 'Candil refused the access token of this page.',
  params: { reason: 'wrongToken' },
};

/**
 * The browser host's carrier. Calls made while the socket is down are queued and sent on
 * reconnect; calls already sent when it drops fail, because their answer can never arrive.
 */
export function createWebSocketCarrier(options: WebSocketCarrierOptions): Carrier {
  const WebSocketImpl = options.WebSocketImpl ?? WebSocket;
  const backoff = options.backoff ?? defaultBackoff;

  const eventListeners = new Set<(name: EventName, payload: unknown) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const hostErrorListeners = new Set<(error: ErrorPayload) => void>();
  const sent = new Map<number, Pending>();
  const queue: { frame: ClientFrame; pending: Pending }[] = [];

  let nextId = 1;
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  /** Set when the host says FORBIDDEN: its token is per start, so this page's one is stale. */
  let refused = false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  }

  function transmit(frame: ClientFrame, pending: Pending): void {
    sent.set(frame.id, pending);
    socket?.send(JSON.stringify(frame));
  }

  function handleFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'result') {
      const pending = sent.get(frame.id);
      sent.delete(frame.id);
      pending?.resolve(frame.result);
    } else if (frame.type === 'event') {
      if (!(eventNames as readonly string[]).includes(frame.name)) return;
      for (const listener of eventListeners) listener(frame.name, frame.payload);
    } else if (frame.type === 'error' && isErrorPayload(frame.error)) {
      if (frame.error.code === 'FORBIDDEN') refused = true;
      for (const listener of hostErrorListeners) listener(frame.error);
    }
  }

  /** Forgets a socket that failed or closed, fails what it carried, and schedules the next try. */
  function drop(ws: WebSocket): void {
    if (socket !== ws) return;
    socket = null;
    if (connectTimer) clearTimeout(connectTimer);
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    ws.close();
    for (const pending of sent.values()) pending.resolve({ ok: false, error: lostConnection });
    sent.clear();
    if (closed) return;
    if (refused) {
      closed = true;
      for (const { pending } of queue.splice(0)) pending.resolve({ ok: false, error: refusedConnection });
      setState('refused');
      return;
    }
    setState('reconnecting');
    retryTimer = setTimeout(connect, backoff(attempt++));
  }

  function connect(): void {
    retryTimer = null;
    if (closed) return;
    const ws = new WebSocketImpl(options.url());
    socket = ws;
    // A connect that neither opens nor fails (a half-open network) must not stall retries.
    connectTimer = setTimeout(() => drop(ws), connectTimeoutMs);
    ws.onopen = () => {
      if (connectTimer) clearTimeout(connectTimer);
      attempt = 0;
      setState('open');
      for (const { frame, pending } of queue.splice(0)) transmit(frame, pending);
    };
    ws.onmessage = (event: MessageEvent) => handleFrame(event.data);
    ws.onclose = () => drop(ws);
    // Browsers follow an error with close, but Node's WebSocket does not on a refused connect.
    ws.onerror = () => drop(ws);
  }

  connect();

  return {
    invoke(name: CallName, input: unknown) {
      return new Promise<CallResult<unknown>>((resolve) => {
        if (closed) {
          resolve({ ok: false, error: lostConnection });
          return;
        }
        const frame: ClientFrame = { type: 'call', id: nextId++, name, input };
        const pending = { resolve };
        if (socket && socket.readyState === WebSocketImpl.OPEN) transmit(frame, pending);
        else queue.push({ frame, pending });
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    connectionState: () => state,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    onHostError(listener) {
      hostErrorListeners.add(listener);
      return () => hostErrorListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (socket) drop(socket);
      for (const { pending } of queue.splice(0)) pending.resolve({ ok: false, error: lostConnection });
    },
  };
}
