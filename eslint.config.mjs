// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// jest.config.ts is in tsconfig.json too, so it gets the typed rules as well.
const typeScriptFiles = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.ts'];

export default defineConfig(
  { ignores: ['node_modules/', '.tools/', '.data/', 'coverage/'] },

  // The repository's own JavaScript config files run under Node.
  { files: ['**/*.{js,cjs,mjs}'], languageOptions: { globals: globals.node } },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: typeScriptFiles,
    languageOptions: {
      parserOptions: {
        // Type information from tsconfig.json (which includes src, test, bench and jest.config.ts).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
);
