import { describe, expect, it } from 'vitest';
import { APP_START_URL, isTrustedRendererUrl } from './trusted-origin';

describe('isTrustedRendererUrl', () => {
  it('accepts pages of app://candil, with paths, queries and fragments', () => {
    expect(isTrustedRendererUrl(APP_START_URL)).toBe(true);
    expect(isTrustedRendererUrl('app://candil/index.html#/chat')).toBe(true);
    expect(isTrustedRendererUrl('app://candil/assets/x.js?v=1')).toBe(true);
  });

  it('refuses file: pages, other hosts, other schemes, credentials and malformed addresses', () => {
    expect(isTrustedRendererUrl('file:///opt/Candil/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isTrustedRendererUrl('app://candil.evil.example/index.html')).toBe(false);
    expect(isTrustedRendererUrl('app://evil/index.html')).toBe(false);
    expect(isTrustedRendererUrl('app://user@candil/index.html')).toBe(false);
    expect(isTrustedRendererUrl('https://candil/index.html')).toBe(false);
    expect(isTrustedRendererUrl('not a url')).toBe(false);
    expect(isTrustedRendererUrl('')).toBe(false);
  });

  it('in development, trusts the dev server by scheme and host only, and nothing else', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedRendererUrl(APP_START_URL, 'http://localhost:5173')).toBe(false);
  });
});
