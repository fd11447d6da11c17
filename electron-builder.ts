import type { Configuration } from 'electron-builder';

/**
 * How Candil becomes installers. scripts/packaging.test.ts packs the app with this configuration
 * (a stand-in Electron binary, since the real one cannot be fetched everywhere) and fails if a test
 * file, a source map, a model, a GPU build of llama.cpp or an unset fuse slips through.
 *
 * App id, product name and version come from package.json (electron-builder reads them there).
 */

/**
 * node-llama-cpp picks its prebuilt binaries from optional packages. Only the CPU build for the
 * target ships (Metal is the only build for Apple silicon, so it counts as CPU there): the CUDA
 * and Vulkan builds are ~700 MB and need drivers most users do not have.
 */
const llamaBinaries = ['node_modules/@node-llama-cpp/${os}-${arch}/**', 'node_modules/@node-llama-cpp/${os}-${arch}-metal/**'];

export const files = [
  'out/**',
  'package.json',
  // The model catalog is read at run time from <app>/resources/catalog.json.
  'resources/catalog.json',
  // The browser host's entry cannot run inside the app (RunAsNode is off) and is not the app.
  '!out/main/serve.js',
  // Maps would only help someone reading the bundle; tests never reach out/ but say so anyway.
  '!**/*.map',
  '!**/*.{test,spec}.*',
  '!**/{e2e,test-support,__tests__}/**',
  '!**/*.gguf',
  '!node_modules/@node-llama-cpp/**',
  // Only notes saying where the binaries moved to (the packages above).
  '!node_modules/node-llama-cpp/bins/**',
  ...llamaBinaries,
  // llama.cpp's source (a 34 MB git bundle, CMake files, the addon's C++) is only for building
  // from source, which a packaged app never does.
  '!node_modules/node-llama-cpp/llama/{gitRelease.bundle,llama.cpp,localBuilds,addon,cmake,toolchains,xpack,patches,CMakeLists.txt}{,/**}',
  // better-sqlite3's prebuilt addons use Node-API, so the one for the target runs in Electron
  // unchanged: no rebuild, no SQLite sources, no other platforms' binaries.
  '!node_modules/better-sqlite3/{build,deps,src,prebuilds}{,/**}',
  'node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node',
];

/** Native code cannot be loaded from inside an ASAR archive. */
export const asarUnpack = ['node_modules/better-sqlite3/prebuilds/*.node', 'node_modules/@node-llama-cpp/**'];

export const electronFuses = {
  // The worker runs as a utility process, so nothing needs ELECTRON_RUN_AS_NODE.
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // The window loads app://candil/, never file://.
  grantFileProtocolExtraPrivileges: false,
} as const;

const config: Configuration = {
  appId: 'app.candil.desktop',
  productName: 'Candil',
  copyright: 'Copyright © Candil contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // scripts/make-icons.ts renders build/icon.png (and build/icons/) from resources/icon.svg.
  icon: 'build/icon.png',
  files,
  asar: true,
  asarUnpack,
  electronFuses,
  // Both native modules ship Node-API prebuilds (see above): nothing to compile against Electron.
  npmRebuild: false,
  // No auto-update feed: Candil does not call home. Installers are published by hand.
  publish: null,
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  // release.yml builds each architecture on a runner of its own (x64 and arm64 machines), naming
  // the target and arch on the command line, so each installer holds one architecture's binaries.
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64', 'arm64'] },
      { target: 'deb', arch: ['x64', 'arm64'] },
    ],
    category: 'Utility',
    icon: 'build/icons',
    synopsis: 'Run language models privately on your computer',
    maintainer: 'Candil contributors <candil@users.noreply.github.com>',
  },
  deb: {
    // Electron's runtime libraries on Debian and Ubuntu.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  mac: {
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
    // Signed when CSC_LINK is set, notarised when APPLE_API_KEY* are set (release.yml); else neither.
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // The user's chats and models are theirs: uninstalling never deletes them.
    deleteAppDataOnUninstall: false,
  },
};

export default config;
