import { describe, expect, it } from 'vitest';
import { devServerUrl, externalLinkTarget, isPermissionAllowed } from './policy';

describe('isPermissionAllowed', () => {
  it('allows only sanitized clipboard writes', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'display-capture', 'storage-access', 'unknown', '']) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
  });
});

describe('externalLinkTarget', () => {
  it('passes http and https links to the system browser', () => {
    expect(externalLinkTarget('https://huggingface.co/models')).toBe('https://huggingface.co/models');
    expect(externalLinkTarget('http://example.com/a b')).toBe('http://example.com/a%20b');
  });

  it('refuses every other scheme, credentials and garbage', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://candil/index.html', 'ms-msdt:/id', 'smb://host/share', 'data:text/html,x', 'https://user:pw@example.com/', 'not a url', '']) {
      expect(externalLinkTarget(url)).toBeNull();
    }
  });
});

describe('devServerUrl', () => {
  it('is honoured only when the app is not packaged', () => {
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBe('http://localhost:5173');
    expect(devServerUrl(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBeNull();
    expect(devServerUrl(false, {})).toBeNull();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: '' })).toBeNull();
  });
});
