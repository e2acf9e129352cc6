// ESLint flat config: TypeScript rules everywhere, React hooks and accessibility rules for the web app.
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'coverage', 'data', 'bench/out', 'tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // Type-aware rules read the TypeScript project of each file (tsconfig.server.json, tsconfig.web.json).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  // Outside both TypeScript projects: linted without type information.
  { files: ['**/*.js', 'vite.config.ts'], ...tseslint.configs.disableTypeChecked },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
      // Async functions that implement an async interface (Fastify hooks, the Db port, fakes) need no await.
      '@typescript-eslint/require-await': 'off',
      // A string literal beside `string` in a union documents a sentinel value ('missing', 'custom').
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    ignores: ['web/e2e/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // react-i18next declares `t` as a method although it is bound: `const { t } = useTranslation()`.
      '@typescript-eslint/unbound-method': 'off',
      // Event handlers may return a promise (React ignores it; errors surface through the mutation).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['web/public/**/*.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'web/e2e/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Command-line tools report to the terminal.
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read responses back as JSON (\`res.json()\` is untyped) and check the values they assert;
    // typing every response there would repeat the schemas the server already validates.
    files: ['**/*.test.ts', '**/*.test.tsx', 'web/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // `res.json() as T` reads as the assertion it is in a test.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `expect(obj.method)` and test fakes pass methods around on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // Rows read back untyped are printed in failure messages as they come.
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
);
