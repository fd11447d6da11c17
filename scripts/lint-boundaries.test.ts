import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The architecture lint is only worth something if it fails: each snippet is linted in memory, as
 * if it were a file at `filePath`, with the project's own eslint.config.js. Imported paths point
 * at real files, because a dependency that does not resolve says nothing about the boundary.
 */
const projectRoot = resolve(import.meta.dirname, '..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: projectRoot, overrideConfigFile: resolve(projectRoot, 'eslint.config.js') });
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(projectRoot, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-syntax').map((m) => m.ruleId ?? m.message);
}

const forbidden: [string, string, string][] = [
  ['src/shared imports a Node module', 'src/shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;"],
  ['src/shared imports main', 'src/shared/probe.ts', "import { createCore } from '../main/core';\nexport const y = createCore;"],
  ['src/shared imports an npm package other than zod', 'src/shared/probe.ts', "import { create } from 'zustand';\nexport const y = create;"],
  ['the renderer imports main', 'src/renderer/src/probe.ts', "import { createCore } from '../../main/core';\nexport const y = createCore;"],
  ['the renderer imports electron', 'src/renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;"],
  ['the renderer loads a Node module with import()', 'src/renderer/src/probe.ts', "export const y = async () => (await import('node:fs')).readFileSync;"],
  ['the renderer loads a Node module with require()', 'src/renderer/src/probe.ts', "export const y = require('node:fs');"],
  ['the renderer re-exports from main', 'src/renderer/src/probe.ts', "export { createCore } from '../../main/core';"],
  ['the renderer takes a type from main', 'src/renderer/src/probe.ts', "export type Y = typeof import('../../main/core');"],
  ['an import() whose source the lint cannot read', 'src/renderer/src/probe.ts', "const name = 'node:fs';\nexport const y = () => import(name);"],
  ['a main service imports electron', 'src/main/models/probe.ts', "import { app } from 'electron';\nexport const y = app;"],
  ['a main service imports the renderer', 'src/main/probe.ts', "import { App } from '../renderer/src/App';\nexport const y = App;"],
  ['a main service imports an npm package main does not use', 'src/main/probe.ts', "import { useState } from 'react';\nexport const y = useState;"],
  ['main production code imports src/test-support', 'src/main/models/probe.ts', "import { startFakeHfHost } from '../../test-support/fake-hf-host';\nexport const y = startFakeHfHost;"],
  ['the Electron shell imports src/test-support', 'src/main/electron/probe.ts', "import { TEST_MODEL } from '../../test-support/test-model';\nexport const y = TEST_MODEL;"],
  ['main production code imports a test file', 'src/main/models/probe.ts', "import * as t from './catalog.test';\nexport const y = t;"],
  ['renderer production code imports the renderer test helpers', 'src/renderer/src/probe.ts', "import * as f from './test/fixtures';\nexport const y = f;"],
  ['the preload imports a Node module', 'src/preload/probe.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;"],
  ['the preload imports main', 'src/preload/probe.ts', "import { createCore } from '../main/core';\nexport const y = createCore;"],
];

const allowed: [string, string, string][] = [
  ['src/shared imports src/shared and zod', 'src/shared/probe.ts', "import { z } from 'zod';\nimport type { AppError } from './errors';\nexport const y = z; export type E = AppError;"],
  [
    'the renderer imports src/shared, its own files and its UI packages',
    'src/renderer/src/probe.ts',
    "import { useState } from 'react';\nimport { useTranslation } from 'react-i18next';\nimport { create } from 'zustand';\nimport type { AppError } from '../../shared/errors';\nimport { App } from './App';\nexport const y = [useState, useTranslation, create, App]; export type E = AppError;",
  ],
  ['the Electron shell imports electron', 'src/main/electron/probe.ts', "import { app } from 'electron';\nexport const y = app;"],
  ['src/main/index.ts imports electron', 'src/main/index.ts', "import { app } from 'electron';\nexport const y = app;"],
  [
    'a main service imports main, shared, Node and its npm packages',
    'src/main/models/probe.ts',
    "import { readFileSync } from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { ggmlTensorBytes } from './ggml-sizes';\nimport type { AppError } from '../../shared/errors';\nexport const y = [readFileSync, Database, ggmlTensorBytes]; export type E = AppError;",
  ],
  ['the preload imports electron and src/shared', 'src/preload/probe.ts', "import { contextBridge } from 'electron';\nimport type { AppError } from '../shared/errors';\nexport const y = contextBridge; export type E = AppError;"],
  [
    'a main test imports src/test-support and vitest',
    'src/main/models/probe.test.ts',
    "import { expect } from 'vitest';\nimport { startFakeHfHost } from '../../test-support/fake-hf-host';\nimport { ggmlTensorBytes } from './ggml-sizes';\nexport const y = [expect, startFakeHfHost, ggmlTensorBytes];",
  ],
  ['src/test-support imports main and Node', 'src/test-support/probe.ts', "import { createServer } from 'node:http';\nimport { DownloadManager } from '../main/downloads/manager';\nexport const y = [createServer, DownloadManager];"],
];

describe('architecture lint (eslint.config.js)', () => {
  it.each(forbidden)('fails when %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each(allowed)('passes when %s', async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
