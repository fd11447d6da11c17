import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { FewShotTurn, Preset, SamplingParams } from '../../shared/domain';
import { AppError } from '../../shared/errors';

interface PresetRow {
  id: string;
  name: string;
  system_prompt: string;
  few_shot: string;
  sampling: string;
  model_path: string | null;
  created_at: number;
  updated_at: number;
}

export type PresetInput = Pick<Preset, 'name' | 'systemPrompt' | 'fewShot' | 'sampling' | 'modelPath'> & { id?: string };

/** The user's presets in SQLite (the built-in ones live in code: `shared/builtin-presets.ts`). */
export class PresetRepository {
  private readonly s: Record<'list' | 'get' | 'insert' | 'update' | 'delete', Statement>;

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      list: db.prepare('SELECT * FROM presets ORDER BY name COLLATE NOCASE, created_at'),
      get: db.prepare('SELECT * FROM presets WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO presets (id, name, system_prompt, few_shot, sampling, model_path, created_at, updated_at)
         VALUES (@id, @name, @system_prompt, @few_shot, @sampling, @model_path, @created_at, @updated_at)`,
      ),
      update: db.prepare(
        `UPDATE presets SET name = @name, system_prompt = @system_prompt, few_shot = @few_shot, sampling = @sampling,
           model_path = @model_path, updated_at = @updated_at WHERE id = @id`,
      ),
      delete: db.prepare('DELETE FROM presets WHERE id = ?'),
    };
  }

  list(): Preset[] {
    return (this.s.list.all() as PresetRow[]).map(toPreset);
  }

  /** Creates a preset, or replaces one of the user's (a built-in one is copied, never changed). */
  save(input: PresetInput): Preset {
    const t = this.now();
    const existing = input.id ? (this.s.get.get(input.id) as PresetRow | undefined) : undefined;
    if (input.id && !existing && !input.id.startsWith('builtin:')) throw new AppError('NOT_FOUND', `No preset with id ${input.id}.`, { reason: 'noPreset', id: input.id });
    const row: PresetRow = {
      id: existing?.id ?? randomUUID(),
      name: input.name.trim(),
      system_prompt: input.systemPrompt,
      few_shot: JSON.stringify(input.fewShot),
      sampling: JSON.stringify(input.sampling),
      model_path: input.modelPath,
      created_at: existing?.created_at ?? t,
      updated_at: t,
    };
    if (existing) this.s.update.run(row);
    else this.s.insert.run(row);
    return toPreset(row);
  }

  delete(id: string): boolean {
    return this.s.delete.run(id).changes > 0;
  }
}

function toPreset(row: PresetRow): Preset {
  return {
    id: row.id,
    name: row.name,
    systemPrompt: row.system_prompt,
    fewShot: JSON.parse(row.few_shot) as FewShotTurn[],
    sampling: JSON.parse(row.sampling) as Partial<SamplingParams>,
    modelPath: row.model_path,
    builtin: false,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
