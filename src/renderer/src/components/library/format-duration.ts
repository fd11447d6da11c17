import type { TFunction } from 'i18next';

/** "1 h 5 min", "3 min 20 s", "45 s": how long a download still needs. */
export function formatDuration(totalSeconds: number, t: TFunction): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return t('duration.hours', { h, m });
  if (m > 0) return t('duration.minutes', { m, s });
  return t('duration.seconds', { s });
}
