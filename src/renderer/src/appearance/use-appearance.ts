import { useEffect } from 'react';
import { useAppStore } from '../store/state';
import { applyAppearance, defaultAppearance } from './appearance';

const darkQuery = '(prefers-color-scheme: dark)';

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches;
}

/** Applies the theme, font size and density as soon as they change, and follows the system in "system". */
export function useAppearance(): void {
  const theme = useAppStore((s) => s.settings?.theme ?? defaultAppearance.theme);
  const fontSize = useAppStore((s) => s.settings?.fontSize ?? defaultAppearance.fontSize);
  const density = useAppStore((s) => s.settings?.density ?? defaultAppearance.density);
  useEffect(() => {
    const apply = () => applyAppearance(document.documentElement, { theme, fontSize, density }, systemPrefersDark());
    apply();
    if (theme !== 'system' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(darkQuery);
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme, fontSize, density]);
}
