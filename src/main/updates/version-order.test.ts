import { describe, expect, it } from 'vitest';
import { isNewerVersion, parseVersion } from './version-order';

describe('version order', () => {
  it.each([
    ['0.2.0', '0.1.0'],
    ['v0.1.1', '0.1.0'],
    ['1.0.0', '0.99.99'],
    ['0.10.0', '0.9.0'],
    ['1.0.0', '1.0.0-rc.1'],
    ['1.0.0-rc.2', '1.0.0-rc.1'],
    ['1.0.0-rc.10', '1.0.0-rc.9'],
    ['1.0.0-beta', '1.0.0-alpha'],
    ['1.0.0-alpha.1', '1.0.0-alpha'],
    ['1.0.0-alpha.beta', '1.0.0-alpha.1'],
  ])('%s is newer than %s', (newer, older) => {
    expect(isNewerVersion(newer, older)).toBe(true);
    expect(isNewerVersion(older, newer)).toBe(false);
  });

  it('a version is not newer than itself, with or without the tag’s v or build metadata', () => {
    expect(isNewerVersion('v0.1.0', '0.1.0')).toBe(false);
    expect(isNewerVersion('0.1.0+build.5', '0.1.0')).toBe(false);
  });

  it('text that is not a version is never newer, and never makes this one look old', () => {
    for (const text of ['', 'latest', '1.2', '1.2.3.4', 'v1.2.x', '01.2.3a', '99999999999.0.0']) {
      expect(isNewerVersion(text, '0.1.0'), text).toBe(false);
      expect(isNewerVersion('9.9.9', text), text).toBe(false);
    }
    expect(parseVersion(' v1.2.3-rc.1 ')).toEqual({ core: [1, 2, 3], pre: ['rc', '1'] });
  });
});
