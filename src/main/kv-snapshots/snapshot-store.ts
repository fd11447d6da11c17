import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * KV-cache snapshots of chat sessions on disk, so returning to a chat — or reopening Candil —
 * does not evaluate its whole history again.
 *
 * llama.cpp loads a state file without checking which model wrote it, and a wrong file can crash
 * the engine; so each snapshot has a sidecar with the model file's identity, the context size,
 * the state file's size and SHA-256, and nothing is handed to the engine unless all of them
 * match. A snapshot that does not match is deleted. The folder is bounded by a byte budget,
 * oldest use evicted first.
 */

/** What identifies the model file and context a state was computed with. */
export interface SnapshotKey {
  /** The engine build and context options that decide the state's layout (another llama.cpp may lay it out differently). */
  engine: string;
  modelPath: string;
  modelSize: number;
  modelMtimeMs: number;
  contextSize: number;
}

const metaSchema = z.object({
  version: z.literal(1),
  sessionId: z.string(),
  engine: z.string(),
  modelPath: z.string(),
  modelSize: z.number(),
  modelMtimeMs: z.number(),
  contextSize: z.number(),
  tokens: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  savedAt: z.number(),
  lastUsedAt: z.number(),
});

export type SnapshotMeta = z.infer<typeof metaSchema>;

export interface SnapshotStats {
  files: number;
  bytes: number;
}

const STATE = '.kvstate';
const META = '.json';

export async function snapshotKey(engine: string, modelPath: string, contextSize: number): Promise<SnapshotKey> {
  const info = await stat(modelPath);
  return { engine, modelPath, modelSize: info.size, modelMtimeMs: Math.trunc(info.mtimeMs), contextSize };
}

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export class SnapshotStore {
  constructor(
    readonly dir: string,
    /** Read at every save, so a changed setting applies without a restart. */
    private readonly budgetBytes: () => number,
  ) {}

  /** One folder per model file, so deleting a model drops its snapshots in one step. */
  private modelDir(modelPath: string): string {
    return join(this.dir, digest(modelPath, 16));
  }

  private base(key: Pick<SnapshotKey, 'modelPath'>, sessionId: string): string {
    return join(this.modelDir(key.modelPath), digest(sessionId, 32));
  }

  /**
   * Saves a session's state: `write` puts the engine's state into the path it is given (a
   * temporary name), then the file is hashed and published with its sidecar. Returns null when
   * snapshots are off (budget 0) or the state alone is larger than the budget.
   */
  async save(key: SnapshotKey, sessionId: string, tokens: number, write: (path: string) => Promise<void>): Promise<SnapshotMeta | null> {
    const budget = this.budgetBytes();
    if (budget <= 0) return null;
    const base = this.base(key, sessionId);
    await mkdir(this.modelDir(key.modelPath), { recursive: true });
    const temp = `${base}.${process.pid}.tmp`;
    try {
      await write(temp);
      const bytes = (await stat(temp)).size;
      if (bytes > budget) return null;
      const now = Date.now();
      const meta: SnapshotMeta = { version: 1, sessionId, ...key, tokens, bytes, sha256: await sha256OfFile(temp), savedAt: now, lastUsedAt: now };
      // Publish the state before its sidecar: a sidecar never names a state that is not whole.
      await rm(`${base}${META}`, { force: true });
      await rename(temp, `${base}${STATE}`);
      await writeFile(`${base}${META}`, JSON.stringify(meta));
      await this.prune();
      return meta;
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * The path of a state file that is safe to load for this session under this key, or null.
   * A snapshot written for another model file, another context size, or that was cut short or
   * altered on disk, is deleted and never returned.
   */
  async find(key: SnapshotKey, sessionId: string): Promise<{ path: string; meta: SnapshotMeta } | null> {
    const base = this.base(key, sessionId);
    const meta = await this.readMeta(`${base}${META}`);
    if (!meta) {
      await this.remove(base);
      return null;
    }
    const matches =
      meta.sessionId === sessionId &&
      meta.engine === key.engine &&
      meta.modelPath === key.modelPath &&
      meta.modelSize === key.modelSize &&
      meta.modelMtimeMs === key.modelMtimeMs &&
      meta.contextSize === key.contextSize;
    const statePath = `${base}${STATE}`;
    const size = await stat(statePath).then((s) => s.size, () => -1);
    if (!matches || size !== meta.bytes || (await sha256OfFile(statePath).catch(() => '')) !== meta.sha256) {
      await this.remove(base);
      return null;
    }
    const used = { ...meta, lastUsedAt: Date.now() };
    await writeFile(`${base}${META}`, JSON.stringify(used)).catch(() => undefined);
    return { path: statePath, meta: used };
  }

  /** Drops a session's snapshots under every model (the chat was deleted). */
  async forgetSession(sessionId: string): Promise<void> {
    const name = digest(sessionId, 32);
    for (const model of await this.modelDirs()) await this.remove(join(model, name));
  }

  /** Drops every snapshot made with this model file (the model was deleted). */
  async forgetModel(modelPath: string): Promise<void> {
    await rm(this.modelDir(modelPath), { recursive: true, force: true });
  }

  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  async stats(): Promise<SnapshotStats> {
    const entries = await this.list();
    return { files: entries.length, bytes: entries.reduce((sum, e) => sum + e.meta.bytes, 0) };
  }

  /**
   * Deletes the least recently used snapshots until the folder fits its budget, and what a
   * crash mid-save left behind (a state without a sidecar, an old temporary file).
   */
  async prune(): Promise<void> {
    const budget = this.budgetBytes();
    const { entries, orphans } = await this.scan();
    for (const orphan of orphans) await rm(orphan, { force: true });
    entries.sort((a, b) => a.meta.lastUsedAt - b.meta.lastUsedAt);
    let total = entries.reduce((sum, e) => sum + e.meta.bytes, 0);
    for (const entry of entries) {
      if (total <= budget) break;
      await this.remove(entry.base);
      total -= entry.meta.bytes;
    }
  }

  private async list(): Promise<{ base: string; meta: SnapshotMeta }[]> {
    return (await this.scan()).entries;
  }

  private async scan(): Promise<{ entries: { base: string; meta: SnapshotMeta }[]; orphans: string[] }> {
    const entries: { base: string; meta: SnapshotMeta }[] = [];
    const orphans: string[] = [];
    const staleBefore = Date.now() - 60 * 60_000;
    for (const model of await this.modelDirs()) {
      const names = new Set(await readdir(model).catch(() => [] as string[]));
      for (const name of names) {
        const path = join(model, name);
        if (name.endsWith(META)) {
          const base = path.slice(0, -META.length);
          const meta = await this.readMeta(path);
          if (meta) entries.push({ base, meta });
          else orphans.push(path, `${base}${STATE}`);
        } else if (name.endsWith(STATE)) {
          if (!names.has(`${name.slice(0, -STATE.length)}${META}`)) orphans.push(path);
        } else if (name.endsWith('.tmp')) {
          const info = await stat(path).catch(() => null);
          if (info && info.mtimeMs < staleBefore) orphans.push(path);
        }
      }
    }
    return { entries, orphans };
  }

  private async modelDirs(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.map((name) => join(this.dir, name));
  }

  private async readMeta(path: string): Promise<SnapshotMeta | null> {
    try {
      const parsed = metaSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async remove(base: string): Promise<void> {
    await rm(`${base}${META}`, { force: true });
    await rm(`${base}${STATE}`, { force: true });
  }
}
