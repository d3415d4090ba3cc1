// Lint (part of `npm test`): the rules that keep the code honest where the compiler cannot. Layering
// (who may import whom) is checked by test/architecture/layers.test.ts, which knows type-only imports.
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');

module.exports = [
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', 'coverage/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX.default ?? importX },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      // The rules that follow imports (no-cycle) parse the files they reach with the TypeScript parser.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      // A promise nobody awaits loses its error: await it, return it, or say `void` on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      // Type-only imports are erased, so a workflow can name an activity's types without bundling it.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // No module of ours may reach itself through its imports.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': ['error', { noUselessIndex: true }],
    },
  },
  {
    // Workflow code is replayed: nothing with side effects or a clock of its own enters the bundle
    // (STACK trap 4), and activities are named only by their types.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['mongoose', 'nodemailer', 'express', 'date-holidays', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: do this in an activity.',
          })),
          patterns: [
            { regex: '^node:', message: 'Workflow code must stay deterministic: no Node built-ins.' },
            { regex: '^\\.\\./(activities|infra|registry|api|processes)(/|$)', allowTypeImports: true, message: 'Workflows import only the types of activities.' },
          ],
        },
      ],
    },
  },
];
