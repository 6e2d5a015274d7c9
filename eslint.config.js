// Lint rules that keep the architecture honest: the pure domain in core/ never
// reaches for AWS, the network or the file system; only core/adapters/ may.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impureModules = ['@aws-sdk/*', 'node:fs', 'node:fs/*', 'fs', 'node:http', 'http', 'node:net', '@grpc/*', 'node:child_process'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.sst/**', '.weft/**', 'dist/**', 'sst-env.d.ts', 'bench/.out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    // Adapters do the I/O; tests may read fixtures and goldens.
    ignores: ['core/adapters/**', 'core/**/*.test.ts', 'core/**/*.testSupport.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: impureModules, message: 'core/ is the pure domain: do I/O in core/adapters/ or at the edge (functions/, proxy-agent/).' }] }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in as an argument in core/.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time comes in as an argument in core/.' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Ids come in as arguments in core/.' },
      ],
    },
  },
);
