import { defineConfig } from 'vitest/config';

/**
 * Three projects, run in this order (groupOrder): unit (no I/O), integration (`*.int.test.ts`, a real database through app.inject),
 * and browser (`web/e2e`, real Chromium against the built app). Integration and browser tests run on PGlite, or on
 * PostgreSQL when DATABASE_URL is set. Both run two files at a time (the machines have two cores): each file
 * has its own database, its own server on a free port and its own Chromium (web/e2e/harness.ts).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', 'web/e2e/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['server/**/*.int.test.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 2 },
          include: ['web/e2e/**/*.spec.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
