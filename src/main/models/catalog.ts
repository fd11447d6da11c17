import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { catalogSchema, type Catalog } from '../../shared/catalog';

/**
 * The catalog file to use: an explicit path, else env CANDIL_CATALOG (the e2e run points it at a
 * catalog served by the fake Hub), else `resources/catalog.json` of the project. A packaged app
 * should pass `join(process.resourcesPath, 'catalog.json')` explicitly.
 */
export function resolveCatalogPath(file?: string): string {
  if (file) return file;
  const fromEnv = process.env['CANDIL_CATALOG'];
  if (fromEnv) return fromEnv;
  return join(findProjectRoot(import.meta.dirname), 'resources', 'catalog.json');
}

/** Load and validate the model catalog; a broken file is an error, never a half-read list. */
export async function loadCatalog(file?: string): Promise<Catalog> {
  const path = resolveCatalogPath(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `The model catalog ${path} does not exist`, { reason: 'noCatalog', path });
    throw new AppError('INTERNAL', `Cannot read the model catalog ${path}: ${(error as Error).message}`, {
      reason: 'catalogUnreadable',
      path,
      detail: (error as Error).message,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('INTERNAL', `The model catalog ${path} is not valid JSON: ${(error as Error).message}`, { reason: 'catalogNotJson', path });
  }
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new AppError('INTERNAL', `The model catalog ${path} is invalid: ${issues.join('; ')}`, { reason: 'catalogInvalid', path, detail: issues.join('; ') });
  }
  return parsed.data;
}

/** Source (src/main/models) and built (out/main) code sit at different depths: look upwards. */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'resources', 'catalog.json')) || existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
