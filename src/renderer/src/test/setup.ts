import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { initI18n, type Language } from '../i18n';
import { createApi } from '../ipc/api';
import { installApi } from '../ipc';
import { bindEvents } from '../store/events';
import { resetAppStore } from '../store/state';
import { FakeCarrier } from './fake-carrier';

/**
 * Per-test wiring the renderer project has no setup file for: a fresh store, a fake main
 * process behind the real typed client, and i18n in the requested language.
 */
export function useTestEnvironment(language: Language = 'en'): { carrier: () => FakeCarrier } {
  let carrier = new FakeCarrier();
  let unbind = (): void => undefined;
  beforeEach(() => {
    resetAppStore();
    carrier = new FakeCarrier();
    const api = createApi(carrier);
    installApi(api);
    unbind = bindEvents(api);
    initI18n(language);
    delete document.documentElement.dataset.ready;
  });
  afterEach(() => {
    unbind();
    cleanup();
  });
  return { carrier: () => carrier };
}
