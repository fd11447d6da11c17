import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The architecture as an allow-list: each layer names what it may import, and anything it does
 * not name (another layer, a Node module, an npm package) is an error. A new dependency across a
 * boundary therefore has to be added here on purpose. scripts/lint-boundaries.test.ts proves it.
 */
const layers = [
  { type: 'shared', pattern: 'src/shared', partialMatch: false },
  { type: 'main', pattern: 'src/main', partialMatch: false },
  { type: 'preload', pattern: 'src/preload', partialMatch: false },
  { type: 'renderer', pattern: 'src/renderer', partialMatch: false },
  { type: 'test-support', pattern: 'src/test-support', partialMatch: false },
];

/** Each file takes the first kind it matches ('boundaries/files-single-match'), so every file has exactly one. */
const fileKinds = [
  { category: 'test', pattern: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/renderer/src/test/**', 'src/test-support/**'] },
  // The only main files that may touch Electron: everything else in main also runs in plain Node.
  { category: 'electron-shell', pattern: ['src/main/electron/**', 'src/main/index.ts'] },
  { category: 'production', pattern: 'src/**' },
];

const layer = (type) => ({ element: { type } });
const npm = (...sources) => ({ module: { origin: 'external', source: sources } });
const nodeBuiltins = { module: { origin: 'core' } };
const anyNpm = { module: { origin: 'external' } };

const rendererPackages = npm(
  'react',
  'react-dom',
  'zustand',
  'i18next',
  'react-i18next',
  'react-virtuoso',
  'react-markdown',
  'remark-gfm',
  'rehype-highlight',
);
const mainPackages = npm('zod', 'better-sqlite3', 'node-llama-cpp', 'ws', 'fastify', '@fastify/cors', '@huggingface/hub', 'openai', 'undici');

/** The plugin lets the last policy that matches an import decide, so the ban on tests comes last. */
const policies = [
  {
    from: layer('shared'),
    allow: { to: [layer('shared'), npm('zod')] },
  },
  {
    from: layer('main'),
    allow: { to: [layer('main'), layer('shared'), nodeBuiltins, mainPackages] },
  },
  {
    from: { element: { type: 'main' }, file: { categories: 'electron-shell' } },
    allow: { to: npm('electron') },
  },
  {
    from: layer('preload'),
    allow: { to: [layer('preload'), layer('shared'), npm('electron')] },
  },
  {
    from: layer('renderer'),
    allow: { to: [layer('renderer'), layer('shared'), rendererPackages] },
  },
  {
    from: layer('test-support'),
    allow: { to: [layer('test-support'), layer('main'), layer('shared'), nodeBuiltins, anyNpm] },
  },
  {
    // Tests may reach for any tool; production code may not reach for tests (below).
    from: { file: { categories: 'test' } },
    allow: { to: [layer('test-support'), nodeBuiltins, anyNpm] },
  },
  {
    from: { file: { categories: ['production', 'electron-shell'] } },
    disallow: { to: [layer('test-support'), { file: { categories: 'test' } }] },
    message: 'Production code never imports tests or src/test-support.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (the test runner): Node's globals, no TypeScript to declare them.
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    // CommonJS for child processes to `--require` (the tests' network probe).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/files': fileKinds,
      'boundaries/files-single-match': true,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
      'boundaries/additional-dependency-nodes': [
        { selector: 'TSImportEqualsDeclaration > TSExternalModuleReference > Literal', kind: 'value', name: 'import-equals' },
        { selector: 'TSImportType > Literal', kind: 'type', name: 'import-type' },
      ],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, checkInternals: true, policies }],
      'boundaries/no-unknown-files': 'error',
      // The plugin sees only literal sources; a computed one would slip past every boundary.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.type!="Literal"]', message: 'import() takes a string literal, so the architecture lint can check it.' },
        {
          selector: 'CallExpression[callee.name="require"][arguments.0.type!="Literal"]',
          message: 'require() takes a string literal, so the architecture lint can check it.',
        },
      ],
    },
  },
);
