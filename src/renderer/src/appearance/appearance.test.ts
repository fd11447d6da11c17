import { describe, expect, it } from 'vitest';
import { applyAppearance, resolveTheme } from './appearance';

describe('appearance', () => {
  it('resolves "system" from the system preference and keeps a chosen theme whatever the system says', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('sets the attributes the styles read on the root element', () => {
    const root = document.createElement('html');
    applyAppearance(root, { theme: 'system', fontSize: 'large', density: 'compact' }, true);
    expect(root.dataset).toMatchObject({ theme: 'dark', fontSize: 'large', density: 'compact' });
    applyAppearance(root, { theme: 'light', fontSize: 'small', density: 'comfortable' }, true);
    expect(root.getAttribute('data-theme')).toBe('light');
    expect(root.getAttribute('data-font-size')).toBe('small');
    expect(root.getAttribute('data-density')).toBe('comfortable');
  });
});
