// Making a formatter costs about half a millisecond; the meter formats numbers on every keystroke.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Number formatting in the UI's language (decimal comma in Spanish). */
export function formatNumber(value: number, language: string, maximumFractionDigits = 0): string {
  const key = `${language}|${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(value, language, unit >= 3 ? 1 : 0)} ${units[unit]}`;
}

/** A date (ISO string) as the UI's language writes it, e.g. "3 Mar 2025" / "3 mar 2025". */
export function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}

const scales: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/**
 * A parameter count as the catalog writes it ("1.24B", "0.3M") in the UI's compact notation:
 * "1.24 B" in English, "1240 M" in Spanish (millardo is not used in short form). Unknown shapes stay as they are.
 */
export function formatParameters(text: string, language: string): string {
  const match = /^(\d+(?:\.\d+)?)\s*([KMBT])$/i.exec(text.trim());
  const scale = match?.[2] ? scales[match[2].toUpperCase()] : undefined;
  if (!match?.[1] || !scale) return text;
  const value = Number(match[1]) * scale;
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}
