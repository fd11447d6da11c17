import type { Density, FontSize, Settings, Theme } from '../../../shared/domain';

export type Appearance = Pick<Settings, 'theme' | 'fontSize' | 'density'>;

export const defaultAppearance: Appearance = { theme: 'system', fontSize: 'normal', density: 'comfortable' };

export function resolveTheme(theme: Theme, systemPrefersDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return systemPrefersDark ? 'dark' : 'light';
  return theme;
}

/**
 * The styles read these attributes on <html>: one palette per resolved theme, so "system" needs
 * no second copy of the dark colours inside a media query.
 */
export function applyAppearance(root: HTMLElement, appearance: Appearance, systemPrefersDark: boolean): void {
  root.dataset.theme = resolveTheme(appearance.theme, systemPrefersDark);
  root.dataset.fontSize = appearance.fontSize satisfies FontSize;
  root.dataset.density = appearance.density satisfies Density;
}
