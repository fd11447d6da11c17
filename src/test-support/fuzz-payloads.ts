import { errorCodes } from '../shared/errors';

/* Deterministic hostile inputs for the fuzz tests: the same seed gives the same payloads. */

/** CANDIL_FUZZ_SEED replays a failing run; without it every run uses the same default. */
export function fuzzSeed(fallback: number): number {
  const fromEnv = Number(process.env.CANDIL_FUZZ_SEED);
  return Number.isSafeInteger(fromEnv) ? fromEnv : fallback;
}

export interface Rng {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast and good enough to spread payloads around. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}

/** Nesting far deeper than any stack would allow a recursive walker. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

export function deeplyNestedJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', ''] as const;

/** Strings that have broken parsers, SQL, FTS queries, paths and terminals before. */
export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202E\u0645',
  '🦙'.repeat(50),
  "' OR 1=1 --",
  '"; DROP TABLE chats; --',
  '"',
  '*',
  'NEAR(',
  'AND OR NOT',
  '"unterminated',
  '^',
  'a:b:c',
  '%',
  '_',
  '\\',
  '../../../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\System32',
  'file:///etc/passwd',
  'http://10.255.255.1/x.gguf',
  'javascript:alert(1)',
  '<script>alert(1)</script>',
  '${process.exit()}',
  '{{constructor.constructor("return process")()}}',
  'remote:',
  'remote:x:',
  'remote:__proto__:m',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  '\r\n\r\nHTTP/1.1 200 OK',
] as const;

/** Any value a JSON carrier can bring; `structured` adds what only Electron's IPC (structured clone) or a direct call can. */
export function garbage(rng: Rng, depth = 0, structured = false): unknown {
  const kinds = depth > 3 ? 6 : 9;
  switch (rng.int(kinds + (structured ? 1 : 0))) {
    case 0:
      return rng.pick([null, true, false, undefined]);
    case 1:
      return rng.pick([0, -0, 1, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 32, 65536, 131073, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE]);
    case 2:
      return rng.pick(hostileStrings);
    case 3:
      return randomString(rng, rng.int(40));
    case 4:
      return hugeString(rng);
    case 5:
      return rng.int(1_000_000) - 500_000;
    case 6:
      return Array.from({ length: rng.int(5) }, () => garbage(rng, depth + 1, structured));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = rng.int(5); i > 0; i--) o[rng.chance(0.5) ? rng.pick(hostileKeys) : randomString(rng, 8)] = garbage(rng, depth + 1, structured);
      return o;
    }
    case 8:
      return JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`) as unknown;
    default:
      return rng.pick<unknown>([NaN, Infinity, -Infinity, 10n ** 30n, new Date(Number.NaN), new Map([['a', 1]]), new Set([1]), new Uint8Array(16), /x/g, Object.create(null) as object]);
  }
}

export function randomString(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rng.next();
    // Mostly printable ASCII; some controls, some astral and lone surrogates.
    s += String.fromCharCode(r < 0.8 ? 32 + rng.int(95) : r < 0.9 ? rng.int(32) : 0xd800 + rng.int(0x2800));
  }
  return s;
}

/** Past every `max()` in the contract (the largest is 1,000,000 characters). */
export function hugeString(rng: Rng): string {
  return rng.pick(['x', 'é', '\u0000', '🦙']).repeat(rng.pick([101, 256, 501, 4097, 100_001, 1_000_001]));
}

/** What the contract promises every carrier: a plain, serializable, typed answer. */
export function resultProblem(result: unknown): string | null {
  if (typeof result !== 'object' || result === null || !('ok' in result)) return 'not a result envelope';
  try {
    JSON.stringify(result);
  } catch (error) {
    return `not serializable: ${(error as Error).message}`;
  }
  if (result.ok === true) return 'value' in result ? null : 'ok without value';
  if (result.ok !== false || !('error' in result)) return 'neither ok nor a typed error';
  const error = result.error as { code?: unknown; message?: unknown };
  if (!(errorCodes as readonly unknown[]).includes(error.code) || typeof error.message !== 'string') return 'error without a known code and a message';
  // INTERNAL means a handler threw something nobody anticipated: the bug this test looks for.
  if (error.code === 'INTERNAL') return `INTERNAL: ${error.message}`;
  // A huge input must not come back whole in the message.
  if (error.message.length > 5_000) return `message of ${error.message.length} characters`;
  return null;
}
