import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config, { electronFuses, files } from '../../electron-builder';
import { decoys, fakeElectronDist, plantDecoys, stageProject } from './stage';

const root = resolve(import.meta.dirname, '..', '..');

/** Electron 45's own files in a Linux x64 install, unpacked (an estimate: electron-v45 zip contents). */
const ELECTRON_LINUX_X64_BYTES = 270 * 1024 * 1024;
/** What the app adds on Linux x64 today is ~75 MB; this catches a GPU build or a model slipping in. */
const APP_BUDGET_BYTES = 120 * 1024 * 1024;

interface Shipped {
  /** Path inside the app, '/'-separated, as in the archive. */
  path: string;
  bytes: number;
  unpacked: boolean;
}

let work = '';
let appOut = '';
let shipped: Shipped[] = [];

/**
 * Packs the real configuration for Linux x64 (the `dir` target: what every installer wraps) from
 * a staged copy of the project, then lists what the archive and its unpacked side hold.
 */
beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  work = mkdtempSync(join(tmpdir(), 'candil-pack-'));
  const stage = join(work, 'project');
  const electronDist = join(work, 'electron');
  stageProject(root, stage);
  plantDecoys(stage);
  fakeElectronDist(electronDist);
  await build({
    projectDir: stage,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    // A copy: electron-builder rewrites the `files` list it is given in place.
    config: { ...structuredClone(config), electronDist, directories: { ...config.directories, output: join(work, 'dist') } },
  });
  appOut = join(work, 'dist', 'linux-unpacked');
  shipped = listShipped(join(appOut, 'resources'));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function listShipped(resources: string): Shipped[] {
  const archive = join(resources, 'app.asar');
  const result: Shipped[] = [];
  for (const entry of listPackage(archive, { isPack: false })) {
    const path = entry.replaceAll('\\', '/').replace(/^\//, '');
    const info = statFile(archive, path, false);
    if ('size' in info && !('unpacked' in info && info.unpacked)) result.push({ path, bytes: info.size, unpacked: false });
  }
  const unpackedRoot = join(resources, 'app.asar.unpacked');
  for (const file of walk(unpackedRoot)) {
    result.push({ path: relative(unpackedRoot, file).split(sep).join('/'), bytes: statSync(file).size, unpacked: true });
  }
  return result;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const paths = () => shipped.map((file) => file.path);

describe('packed app (Linux x64, electron-builder with this configuration)', () => {
  it('holds the built app, its catalog and the production modules it imports', () => {
    expect(paths()).toEqual(
      expect.arrayContaining([
        'package.json',
        'out/main/index.js',
        'out/main/worker.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'resources/catalog.json',
        'node_modules/node-llama-cpp/package.json',
        'node_modules/better-sqlite3/lib/index.js',
        'node_modules/zod/package.json',
        'node_modules/ws/package.json',
        'node_modules/fastify/package.json',
      ]),
    );
  });

  it('ships the CPU build of llama.cpp and better-sqlite3 for Linux x64, outside the archive', () => {
    const unpacked = shipped.filter((file) => file.unpacked).map((file) => file.path);
    expect(unpacked).toContain('node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node');
    expect(unpacked).toContain('node_modules/better-sqlite3/prebuilds/linux-x64.node');
  });

  it('ships no GPU builds, other platforms’ binaries or llama.cpp sources', () => {
    const llamaPackages = new Set(paths().flatMap((path) => /^node_modules\/@node-llama-cpp\/([^/]+)\//.exec(path)?.[1] ?? []));
    expect([...llamaPackages]).toEqual(['linux-x64']);
    expect(paths().filter((path) => /cuda|vulkan/i.test(path))).toEqual([]);
    expect(paths().filter((path) => path.startsWith('node_modules/better-sqlite3/prebuilds/'))).toEqual(['node_modules/better-sqlite3/prebuilds/linux-x64.node']);
    expect(paths().filter((path) => path.startsWith('node_modules/better-sqlite3/') && /\/(deps|src|build)\//.test(path))).toEqual([]);
    expect(paths().filter((path) => path.startsWith('node_modules/node-llama-cpp/llama/') && /gitRelease|CMakeLists|\/addon\//.test(path))).toEqual([]);
  });

  it('ships no tests, test helpers, end-to-end specs, source maps, sources or models (decoys planted in out/ included)', () => {
    const own = paths().filter((path) => !path.startsWith('node_modules/'));
    expect(own.filter((path) => /\.(test|spec)\.|(^|\/)(e2e|test-support|src|scripts)\//.test(path))).toEqual([]);
    expect(paths().filter((path) => path.endsWith('.map') || path.endsWith('.gguf'))).toEqual([]);
    expect(own.filter((path) => decoys.includes(path))).toEqual([]);
    // The browser host's entry is not part of the desktop app.
    expect(own).not.toContain('out/main/serve.js');
  });

  it('keeps every native library out of the archive, where it could not be loaded', () => {
    const nativeInArchive = shipped.filter((file) => !file.unpacked && /\.(node|so|dylib|dll)$/.test(file.path));
    expect(nativeInArchive.map((file) => file.path)).toEqual([]);
  });

  it('sets every fuse in the packed binary', async () => {
    const wire = await getCurrentFuseWire(join(appOut, 'candil'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      enableCookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      enableNodeOptionsEnvironmentVariable: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      enableNodeCliInspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      enableEmbeddedAsarIntegrityValidation: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      grantFileProtocolExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      enableCookieEncryption: FuseState.ENABLE,
      enableNodeOptionsEnvironmentVariable: FuseState.DISABLE,
      enableNodeCliInspectArguments: FuseState.DISABLE,
      enableEmbeddedAsarIntegrityValidation: FuseState.ENABLE,
      onlyLoadAppFromAsar: FuseState.ENABLE,
      grantFileProtocolExtraPrivileges: FuseState.DISABLE,
    });
  });

  it('stays within its size budget (and reports the expected installer size)', () => {
    const appBytes = shipped.reduce((sum, file) => sum + file.bytes, 0);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `[packaging] Linux x64 app files: ${shipped.length} files, ${mb(appBytes)}; with Electron (~${mb(ELECTRON_LINUX_X64_BYTES)}) ` +
        `~${mb(appBytes + ELECTRON_LINUX_X64_BYTES)} installed; installers compress this to roughly 40%.`,
    );
    expect(appBytes).toBeLessThan(APP_BUDGET_BYTES);
  });
});

/** electron-builder's own matcher, with the ${os}/${arch}/${platform} macros of one target. */
function shipsFor(os: 'mac' | 'win' | 'linux', arch: 'x64' | 'arm64', path: string): boolean {
  const platform = { mac: 'darwin', win: 'win32', linux: 'linux' }[os];
  const expand = (pattern: string) => pattern.replaceAll('${os}', os).replaceAll('${arch}', arch).replaceAll('${platform}', platform);
  const filter = new FileMatcher('/app', '/app', expand, files).createFilter();
  const stat = { isDirectory: () => false } as Parameters<typeof filter>[1];
  return filter(`/app/${path}`, stat);
}

describe('llama.cpp and SQLite binaries chosen for the other targets', () => {
  const llama = (pkg: string) => `node_modules/@node-llama-cpp/${pkg}/bins/${pkg}/llama-addon.node`;

  it.each([
    ['mac', 'arm64', 'mac-arm64-metal', 'darwin-arm64'],
    ['mac', 'x64', 'mac-x64', 'darwin-x64'],
    ['win', 'x64', 'win-x64', 'win32-x64'],
    ['win', 'arm64', 'win-arm64', 'win32-arm64'],
    ['linux', 'x64', 'linux-x64', 'linux-x64'],
    ['linux', 'arm64', 'linux-arm64', 'linux-arm64'],
  ] as const)('%s %s: only %s and the %s SQLite addon', (os, arch, wanted, sqlite) => {
    const all = ['mac-arm64-metal', 'mac-x64', 'win-x64', 'win-x64-cuda', 'win-x64-cuda-ext', 'win-x64-vulkan', 'win-arm64', 'linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan', 'linux-arm64', 'linux-armv7l'];
    expect(all.filter((pkg) => shipsFor(os, arch, llama(pkg)))).toEqual([wanted]);
    const prebuilds = ['darwin-arm64', 'darwin-x64', 'win32-x64', 'win32-arm64', 'linux-x64', 'linux-arm64', 'linuxmusl-x64', 'linuxmusl-arm64'];
    expect(prebuilds.filter((name) => shipsFor(os, arch, `node_modules/better-sqlite3/prebuilds/${name}.node`))).toEqual([sqlite]);
  });
});

describe('llama.cpp packages npm installs on each native build runner', () => {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; os?: string[]; cpu?: string[] }> };
  const llamaVersion = lock.packages['node_modules/node-llama-cpp']?.version;

  // release.yml builds each of these on a runner of that system and architecture, where `npm ci`
  // installs only the optional packages whose os and cpu match it.
  it.each([
    ['linux', 'x64', 'linux'],
    ['linux', 'arm64', 'linux'],
    ['win', 'x64', 'win32'],
    ['win', 'arm64', 'win32'],
    ['mac', 'arm64', 'darwin'],
    ['mac', 'x64', 'darwin'],
  ] as const)('%s %s: the lockfile pins a CPU build that installs there', (os, arch, platform) => {
    // Metal is the only build for Apple silicon (electron-builder.ts).
    const pkg = lock.packages[`node_modules/@node-llama-cpp/${os}-${arch}${os === 'mac' && arch === 'arm64' ? '-metal' : ''}`];
    expect(pkg?.version).toBe(llamaVersion);
    expect(pkg?.os).toContain(platform);
    expect(pkg?.cpu).toContain(arch);
  });
});

describe('fuses in the configuration', () => {
  it('turn off running as Node, NODE_OPTIONS, --inspect and file:// privileges, and turn on cookie encryption and ASAR integrity', () => {
    expect(config.electronFuses).toBe(electronFuses);
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('build the installers the issue asks for, with the identity from package.json', () => {
    const targets = (list: unknown) => (list as { target: string; arch: string[] }[]).map((t) => `${t.target}:${t.arch.join('+')}`);
    expect(targets(config.linux?.target)).toEqual(['AppImage:x64+arm64', 'deb:x64+arm64']);
    expect(targets(config.mac?.target)).toEqual(['dmg:arm64+x64']);
    expect(targets(config.win?.target)).toEqual(['nsis:x64+arm64']);
    expect(config.appId).toBe('app.candil.desktop');
    expect(config.asar).toBe(true);
    expect(config).not.toHaveProperty('extraMetadata');
  });
});
