import type { CatalogEntry } from '../../shared/catalog';
import { DISK_MARGIN_BYTES, judgeRam } from './compatibility';

/**
 * Share of the computer's RAM the suggested model may take. `judgeRam` calls up to 70% "fits",
 * but a first model should leave the machine responsive and download in minutes, not an hour:
 * with a fifth (and the multilingual rule below) 8 GB gets a 1.5B model, 16 GB a 3B one, 24 GB a 4B one.
 */
export const RECOMMEND_RAM_SHARE = 0.2;

export interface MachineRoom {
  totalRamBytes: number;
  freeDiskBytes: number;
}

/** "1.24B" → 1.24e9, "360M" → 3.6e8 (the catalog schema allows only these two suffixes). */
export function parameterCount(parameters: string): number {
  const value = Number.parseFloat(parameters);
  return parameters.endsWith('B') ? value * 1e9 : value * 1e6;
}

/**
 * A general chat model: code, reasoning (long "thinking" before each answer) and embedding
 * models are good at one thing, and a first chat should just work for anything.
 */
function isGeneralChat(entry: CatalogEntry): boolean {
  return entry.tags.includes('chat') && !entry.tags.some((tag) => tag === 'code' || tag === 'reasoning' || tag === 'embedding');
}

/**
 * The one model suggested at first start. Among general chat models that fit (the same RAM
 * rule as `models.check`, and room on disk for the download): the largest by parameters whose
 * RAM stays within RECOMMEND_RAM_SHARE, preferring multilingual ones (Candil is used in Spanish
 * as much as in English); when none is that small, the smallest that fits. Ties go to the earlier
 * catalog entry. Null when nothing fits.
 */
export function recommendModel(catalog: readonly CatalogEntry[], room: MachineRoom): CatalogEntry | null {
  const fitting = catalog.filter(
    (entry) => isGeneralChat(entry) && judgeRam(entry.ramBytes, room.totalRamBytes) === 'fits' && entry.fileSizeBytes + DISK_MARGIN_BYTES <= room.freeDiskBytes,
  );
  const light = fitting.filter((entry) => entry.ramBytes <= room.totalRamBytes * RECOMMEND_RAM_SHARE);
  const multilingual = light.filter((entry) => entry.tags.includes('multilingual'));
  if (multilingual.length > 0) return pick(multilingual, (a, b) => parameterCount(a.parameters) > parameterCount(b.parameters));
  if (light.length > 0) return pick(light, (a, b) => parameterCount(a.parameters) > parameterCount(b.parameters));
  if (fitting.length > 0) return pick(fitting, (a, b) => a.ramBytes < b.ramBytes);
  return null;
}

/** The first entry no later one beats: a strict comparison keeps catalog order on ties. */
function pick(entries: CatalogEntry[], beats: (a: CatalogEntry, b: CatalogEntry) => boolean): CatalogEntry {
  return entries.reduce((best, entry) => (beats(entry, best) ? entry : best));
}
