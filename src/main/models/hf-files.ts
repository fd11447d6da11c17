import { ggufFileQuantNames } from 'node-llama-cpp';
import type { HfFilePart, HfGgufFile } from '../../shared/models';

/** Longest names first so "Q4_K_M" wins over "Q4_K". */
const quantNames = [...ggufFileQuantNames].sort((a, b) => b.length - a.length);

/** "Q4_K_M" from "Llama-3.2-1B-Instruct-Q4_K_M.gguf" (case-insensitive, also "UD-Q4_K_XL", "bf16"). */
export function quantizationFromFileName(fileName: string): string | null {
  const upper = fileName.toUpperCase().replace(/\.GGUF$/, '').replace(/-\d{5}-OF-\d{5}$/, '');
  for (const name of quantNames) {
    if (new RegExp(`(^|[-._/])${name}($|[-._])`).test(upper)) return name;
  }
  return null;
}

const splitPattern = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;

export interface RepoFileEntry {
  path: string;
  size: number;
  sha256: string | null;
}

/**
 * Turn a repo's file list into downloadable models: every `.gguf`, with llama.cpp's split parts
 * (`name-00001-of-00003.gguf`) folded into one entry listing its parts in order. Sorted by size
 * so the smallest quantisation comes first.
 */
export function groupGgufFiles(entries: readonly RepoFileEntry[], downloadUrl: (path: string) => string): HfGgufFile[] {
  const singles: HfGgufFile[] = [];
  const splits = new Map<string, { count: number; parts: Map<number, HfFilePart> }>();

  for (const entry of entries) {
    if (!entry.path.toLowerCase().endsWith('.gguf')) continue;
    const part: HfFilePart = { path: entry.path, sizeBytes: entry.size, sha256: entry.sha256, downloadUrl: downloadUrl(entry.path) };
    const match = splitPattern.exec(entry.path);
    if (match) {
      const [, stem = '', index = '0', count = '0'] = match;
      const key = `${stem}|${count}`;
      const group = splits.get(key) ?? { count: Number(count), parts: new Map<number, HfFilePart>() };
      group.parts.set(Number(index), part);
      splits.set(key, group);
      continue;
    }
    singles.push({
      path: entry.path,
      fileName: baseName(entry.path),
      sizeBytes: entry.size,
      quantization: quantizationFromFileName(baseName(entry.path)),
      sha256: entry.sha256,
      downloadUrl: part.downloadUrl,
      split: null,
      parts: [part],
      isProjector: /(^|[-_.])mmproj([-_.]|$)/i.test(baseName(entry.path)),
    });
  }

  for (const group of splits.values()) {
    const parts = [...group.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
    const first = parts[0];
    if (first === undefined) continue;
    const complete = parts.length === group.count && group.parts.has(1);
    singles.push({
      path: first.path,
      fileName: baseName(first.path),
      sizeBytes: parts.reduce((sum, p) => sum + p.sizeBytes, 0),
      quantization: quantizationFromFileName(baseName(first.path)),
      sha256: null,
      downloadUrl: first.downloadUrl,
      split: { count: group.count, complete },
      parts,
      isProjector: /(^|[-_.])mmproj([-_.]|$)/i.test(baseName(first.path)),
    });
  }
  return singles.sort((a, b) => a.sizeBytes - b.sizeBytes || a.path.localeCompare(b.path));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
