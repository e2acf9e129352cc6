import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser files that take longest (the role × width page walks, 3–6 minutes each). Vitest runs the
 * longest files first when it has timings from an earlier run, but a clean clone (CI) has none and falls
 * back to file size, which puts the tiny desktop-walk file last, where it runs alone for minutes.
 */
const LONGEST_BROWSER_FILES = /web\/e2e\/field-ready(-desktop)?\.spec\.ts$/;

/** Vitest's order, with the longest browser files moved to the start of the browser group. */
class LongestBrowserFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLong = (f: TestSpecification) =>
      f.project.name === 'browser' && LONGEST_BROWSER_FILES.test(f.moduleId);
    const rest = sorted.filter((f) => !isLong(f));
    const firstBrowser = rest.findIndex((f) => f.project.name === 'browser');
    rest.splice(firstBrowser < 0 ? rest.length : firstBrowser, 0, ...sorted.filter(isLong));
    return rest;
  }
}

/**
 * Three projects, run in this order (groupOrder): unit (no I/O), integration (`*.int.test.ts`, a real database through app.inject),
 * and browser (`web/e2e`, real Chromium against the built app). Integration and browser tests run on PGlite, or on
 * PostgreSQL when DATABASE_URL is set. Integration runs two files at a time (the machines have two cores);
 * browser files one at a time: two at once failed a different timing-bound browser test in two of four runs
 * on two cores (a map click, a service worker taking control; docs/decisions.md).
 */
export default defineConfig({
  test: {
    sequence: { sequencer: LongestBrowserFilesFirst },
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
          fileParallelism: false,
        },
      },
    ],
  },
});
