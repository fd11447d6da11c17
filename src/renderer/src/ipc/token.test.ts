import { describe, expect, it, vi } from 'vitest';
import { ipcSocketUrl, takeToken } from './token';

function environment(hash: string) {
  const store = new Map<string, string>();
  return {
    location: { hash, pathname: '/', search: '?x=1' },
    history: { state: null, replaceState: vi.fn() },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
  };
}

describe('takeToken', () => {
  it('takes the token from the hash, keeps it and strips it from the address', () => {
    const env = environment('#token=s3cr%2Bt');
    expect(takeToken(env)).toBe('s3cr+t');
    expect(env.history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
    expect(env.storage.getItem('candil.token')).toBe('s3cr+t');
  });

  it('falls back to the kept token after a reload without hash', () => {
    const env = environment('');
    env.storage.setItem('candil.token', 'kept');
    expect(takeToken(env)).toBe('kept');
    expect(env.history.replaceState).not.toHaveBeenCalled();
  });
});

describe('ipcSocketUrl', () => {
  it('uses ws on http and wss on https', () => {
    expect(ipcSocketUrl({ protocol: 'http:', host: '127.0.0.1:5173' }, 'a b')).toBe('ws://127.0.0.1:5173/ipc?token=a%20b');
    expect(ipcSocketUrl({ protocol: 'https:', host: 'x' }, null)).toBe('wss://x/ipc?token=');
  });
});
