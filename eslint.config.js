import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];

/** Which world may import what: the boundaries the architecture depends on, checked on every run. */
const boundary = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

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
    files: ['src/shared/**/*.ts'],
    rules: boundary(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'better-sqlite3', 'node-llama-cpp', 'ws', '../main/*', '../renderer/*', '../preload/*'],
      'src/shared is pure TypeScript: no Node, DOM, Electron or app-layer imports.',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**', 'src/main/index.ts'],
    rules: boundary(['electron', '**/electron/*', '**/renderer/*', '**/preload/*'], 'Services are plain Node: only src/main/electron and src/main/index.ts may touch Electron.'),
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: boundary([...nodeBuiltins, 'electron', '**/main/*', '**/preload/*', 'better-sqlite3', 'node-llama-cpp'], 'The renderer talks to main only through its IPC carrier.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: boundary(['**/main/*', '**/renderer/*', ...nodeBuiltins], 'The preload bridges IPC only.'),
  },
);
