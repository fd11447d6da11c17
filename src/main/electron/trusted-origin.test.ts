import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from './trusted-origin';

const own = 'file:///opt/Candil/resources/app.asar/out/renderer/index.html';

describe('isTrustedRendererUrl', () => {
  it('accepts exactly the packaged renderer, with or without a fragment', () => {
    expect(isTrustedRendererUrl(own, own)).toBe(true);
    expect(isTrustedRendererUrl(`${own}#/chat`, own)).toBe(true);
  });

  it('refuses other files, other hosts and malformed addresses', () => {
    expect(isTrustedRendererUrl('file:///home/ana/Downloads/x/renderer/index.html', own)).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/out/renderer/index.html', own)).toBe(false);
    expect(isTrustedRendererUrl('not a url', own)).toBe(false);
  });

  it('in development, trusts the dev server by origin only', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', own, 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173.evil.example/', own, 'http://localhost:5173')).toBe(false);
    expect(isTrustedRendererUrl(own, own, 'http://localhost:5173')).toBe(false);
  });
});
