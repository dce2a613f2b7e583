// Lint rules that keep the architecture honest: the pure core (extract/, stories/) imports
// nothing from the wings that touch the outside world, and no file grows without bound.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outsideWorld = ['**/ingest/**', '**/store/**', '**/deliver/**', '**/discord/**', '**/app.js', '**/cli.js', '**/config/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'max-lines': ['error', { max: 450, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/extract/**/*.ts', 'src/stories/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: outsideWorld, message: 'extract/ and stories/ are pure: no I/O wings.' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'pure core: take values as arguments' }, { name: 'fetch', message: 'pure core: no I/O' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/cli.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read the environment only in src/config/ (and the CLI entry)' }],
    },
  },
  {
    // The benchmark scripts are plain Node ES modules.
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'performance'].map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.{ts,mjs}'],
    rules: { 'max-lines': 'off' },
  },
);
