import type { CandilBridge } from '../../../shared/bridge';
import type { Carrier } from './carrier';

/** Electron: the preload bridge is in-process, so it is always connected. */
export function createBridgeCarrier(bridge: CandilBridge): Carrier {
  return {
    invoke: (name, input) => bridge.invoke(name, input),
    subscribe: (listener) => bridge.subscribe(listener),
    connectionState: () => 'open',
    onConnectionChange: () => () => undefined,
    onHostError: () => () => undefined,
    close: () => undefined,
  };
}
