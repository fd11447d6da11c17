const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Human-readable size for messages, in decimal units like file managers show. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
