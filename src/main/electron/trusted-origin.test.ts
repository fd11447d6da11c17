import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from './trusted-origin';

describe('isTrustedRendererUrl', () => {
  it('accepts the packaged renderer and the dev server only', () => {
    expect(isTrustedRendererUrl('file:///opt/Candil/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('https://evil.example/renderer/index.html')).toBe(false);
    expect(isTrustedRendererUrl('file:///tmp/other.html')).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isTrustedRendererUrl('not a url')).toBe(false);
  });
});
