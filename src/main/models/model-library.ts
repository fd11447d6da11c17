import { constants } from 'node:fs';
import { copyFile, lstat, realpath, rename, stat, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, type ErrorReason } from '../../shared/errors';
import { isScannedModelOk, type ScannedModel } from '../../shared/models';
import type { EventBus } from '../api/event-bus';
import type { SettingsStore } from '../settings/settings-store';
import { inspectGguf } from './gguf-inspect';
import { scanModelFiles, scanModelsFolder } from './model-scanner';
import { isInside, type OwnedModelFiles } from './owned-files';

/**
 * The models Candil can use: `.gguf` files in the models folder plus files imported in place.
 * Read once and again on request or after a change (download finished, import, delete).
 */
export class ModelLibrary {
  private models: ScannedModel[] | null = null;
  private scanning: Promise<ScannedModel[]> | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly events: EventBus,
    private readonly owned: OwnedModelFiles,
  ) {}

  private get folder(): string {
    return this.settings.get().modelsDir;
  }

  /** A list asked for while a scan runs waits for that scan, so it never answers with stale files. */
  async list(rescan = false): Promise<ScannedModel[]> {
    if (rescan || (!this.models && !this.scanning)) {
      const scan = this.scan();
      this.scanning = scan;
      void scan.finally(() => {
        if (this.scanning === scan) this.scanning = null;
      }).catch(() => undefined);
    }
    if (this.scanning) return this.scanning;
    return this.models ?? [];
  }

  /** Resolves when no scan is running (shutdown waits for it). */
  async idle(): Promise<void> {
    await this.scanning?.catch(() => undefined);
  }

  private async scan(): Promise<ScannedModel[]> {
    const inFolder = await scanModelsFolder(this.folder);
    const known = new Set(inFolder.map((m) => resolve(m.path)));
    const external = await scanModelFiles(this.settings.get().externalModels.filter((p) => !known.has(resolve(p))));
    this.models = [...inFolder, ...external];
    this.events.emit('models.changed', { models: this.models });
    return this.models;
  }

  /** Only a model whose header was read successfully can be chosen; the error says why not. */
  async requireUsable(path: string): Promise<ScannedModel & { summary: NonNullable<unknown> }> {
    const model = await this.find(path);
    if (!isScannedModelOk(model)) throw AppError.from(model.error);
    return model;
  }

  /**
   * Adds a local file: copied into the models folder, or referenced where it is. Its header is
   * read first, so a corrupt or truncated file is refused with the reason and nothing is copied.
   */
  async import(path: string, mode: 'copy' | 'reference'): Promise<ScannedModel> {
    const source = resolve(path);
    if (!source.toLowerCase().endsWith('.gguf')) throw new AppError('MODEL_INVALID', `${basename(source)} is not a .gguf file.`, { reason: 'notGgufName', file: basename(source) });
    await inspectGguf(source);
    if (mode === 'reference') {
      const external = this.settings.get().externalModels;
      if (!external.includes(source) && dirname(source) !== resolve(this.folder)) {
        this.settings.update({ externalModels: [...external, source] });
      }
      return this.find(source, true);
    }
    const target = join(this.folder, basename(source));
    if (await exists(target)) throw new AppError('BAD_REQUEST', `${basename(source)} is already in the models folder.`, { reason: 'alreadyInFolder', fileName: basename(source) });
    // Copy under a name the scanner ignores (and no download uses), then rename: a half-copied
    // file never looks like a model, and a failed copy removes only its own temporary file.
    const part = `${target}.import-${randomUUID()}`;
    try {
      await copyFile(source, part, constants.COPYFILE_EXCL);
      await rename(part, target);
    } catch (error) {
      await unlink(part).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError(code === 'ENOSPC' ? 'DISK_FULL' : 'INTERNAL', `Cannot copy ${basename(source)}: ${(error as Error).message}`, {
        reason: 'copyFailed',
        fileName: basename(source),
        detail: (error as Error).message,
      });
    }
    this.owned.add(target);
    return this.find(target, true);
  }

  /**
   * Deletes a model file Candil put in the models folder (see OwnedModelFiles for the rule); a
   * model used in place is only forgotten. Anything else is refused with MODEL_NOT_DELETABLE and
   * left as it is. Chats that used it keep their messages.
   */
  async delete(path: string): Promise<{ deleted: boolean; freedBytes: number }> {
    const { model, forgetOnly } = await this.deletion(path);
    const target = resolve(model.path);
    const settings = this.settings.get();
    let freedBytes = 0;
    if (forgetOnly) {
      this.settings.update({ externalModels: settings.externalModels.filter((p) => resolve(p) !== target) });
    } else {
      await unlink(target);
      this.owned.remove(target);
      freedBytes = model.sizeBytes;
    }
    const { [model.path]: _dropped, ...modelDefaults } = settings.modelDefaults;
    this.settings.update({
      modelDefaults,
      ...(settings.selectedModelPath && resolve(settings.selectedModelPath) === target ? { selectedModelPath: null } : {}),
    });
    await this.list(true);
    return { deleted: true, freedBytes };
  }

  /**
   * Whether `path` may be deleted, checked before anything else happens (unloading it, say).
   * Only a listed model qualifies; in the models folder it must be a regular file (a symlink is
   * never followed to its target) whose real path is inside the folder's real path and that
   * Candil wrote itself.
   */
  async deletion(path: string): Promise<{ model: ScannedModel; forgetOnly: boolean }> {
    const model = await this.find(path);
    const target = resolve(model.path);
    if (this.settings.get().externalModels.some((p) => resolve(p) === target)) return { model, forgetOnly: true };
    const refuse = (why: string, reason: ErrorReason<'MODEL_NOT_DELETABLE'>) =>
      new AppError('MODEL_NOT_DELETABLE', `${model.fileName} was not deleted: ${why}`, { reason, fileName: model.fileName, folder: this.folder });
    const entry = await lstat(target).catch(() => null);
    if (!entry?.isFile()) throw refuse('it is a link or not a plain file, and Candil does not delete what a link points to.', 'notPlainFile');
    const [real, folder] = await Promise.all([realpath(target), realpath(this.folder)]);
    if (!isInside(real, folder)) throw refuse(`it is not inside the models folder ${this.folder}.`, 'outsideFolder');
    if (!this.owned.owns(real)) throw refuse('Candil did not download or copy it; delete it yourself if you no longer need it.', 'notOwned');
    return { model, forgetOnly: false };
  }

  private async find(path: string, rescan = false): Promise<ScannedModel> {
    const wanted = resolve(path);
    let model = rescan ? undefined : (await this.list()).find((m) => resolve(m.path) === wanted);
    model ??= (await this.list(true)).find((m) => resolve(m.path) === wanted);
    if (!model) throw new AppError('NOT_FOUND', `${path} is not among Candil's models (folder ${this.folder}).`, { reason: 'notAModel', path, folder: this.folder });
    return model;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
