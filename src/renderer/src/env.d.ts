/// <reference types="vite/client" />
import type { CandilBridge } from '../../shared/bridge';

declare global {
  interface Window {
    /** Present only inside Electron, where the preload exposes it. */
    candil?: CandilBridge;
  }
}

export {};
