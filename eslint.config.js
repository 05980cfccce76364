import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Server folders that hold domain logic (the shared kernel in domain/ included). */
const CAPABILITIES = ['domain', 'tickets', 'assignment', 'triage', 'presence', 'mail', 'users', 'moderation', 'stats', 'cannedReplies', 'copilot', 'sla', 'requesterUpdates', 'queue', 'attachments'];
/** Server folders that adapt the domain to the outside world, and the root that wires them. */
const TRANSPORTS = ['http', 'realtime', 'workflows', 'cli', 'app'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.bin/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The server's layers point one way: transports (http, realtime, workflows, cli) and the
  // composition root (app) use the domain; the domain never reaches back into them, and
  // platform/ knows no domain at all.
  {
    files: [`server/src/{${CAPABILITIES.join(',')}}/**/*.ts`],
    ignores: ['server/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${TRANSPORTS.join('|')})/`,
              message: 'A domain capability must not import a transport or the composition root: take what you need as an argument.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/platform/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${[...CAPABILITIES, ...TRANSPORTS, 'config'].join('|')})/`,
              message: 'platform/ knows no domain, transport or configuration: pass values in instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
