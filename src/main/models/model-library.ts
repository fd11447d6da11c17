import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { isScannedModelOk, type ScannedModel } from '../../shared/models';
import type { EventBus } from '../api/event-bus';
import { scanModelsFolder } from './model-scanner';

/** The models found in the models folder, read once and again on request or after a change. */
export class ModelLibrary {
  private models: ScannedModel[] | null = null;

  constructor(
    private readonly folder: () => string,
    private readonly events: EventBus,
  ) {}

  async list(rescan = false): Promise<ScannedModel[]> {
    if (!this.models || rescan) {
      this.models = await scanModelsFolder(this.folder());
      this.events.emit('models.changed', { models: this.models });
    }
    return this.models;
  }

  /** Only a model whose header was read successfully can be chosen; the error says why not. */
  async requireUsable(path: string): Promise<ScannedModel> {
    const wanted = resolve(path);
    let model = (await this.list()).find((m) => resolve(m.path) === wanted);
    model ??= (await this.list(true)).find((m) => resolve(m.path) === wanted);
    if (!model) throw new AppError('NOT_FOUND', `${path} is not in the models folder ${this.folder()}.`);
    if (!isScannedModelOk(model)) throw new AppError(model.error.code, model.error.message);
    return model;
  }
}
