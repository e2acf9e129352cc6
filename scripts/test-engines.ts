/**
 * The vitest part of `npm test`: every test once (integration and browser tests on PGlite, or on
 * PostgreSQL when DATABASE_URL is set), then, when OPENEENC_TEST_POSTGRES_URL is set, the integration
 * and browser tests again against that PostgreSQL. CI sets it, so one `npm test` type-checks, lints and
 * builds once and tests both engines; unit tests touch no database and run once. Extra arguments go to
 * both vitest runs. Exit code: the first failing run's, 0 when both pass.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export const SECOND_ENGINE_ENV = 'OPENEENC_TEST_POSTGRES_URL';

/** vitest's command-line entry (the package exports its package.json, not its bin file). */
const vitestBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

/** Runs vitest with `args` and the extra environment; returns its exit code. */
function vitest(title: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [vitestBin, 'run', ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  console.log(
    `=== ${title}: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${run.status ?? run.signal} ===`,
  );
  return run.status ?? 1;
}

const extra = process.argv.slice(2);
const secondUrl = process.env[SECOND_ENGINE_ENV];
const first = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded)';
const code = vitest(`vitest on ${first}`, extra);
if (code !== 0 || !secondUrl) process.exit(code);
process.exit(
  vitest(
    `vitest on PostgreSQL (${SECOND_ENGINE_ENV}): integration and browser`,
    ['--project', 'integration', '--project', 'browser', ...extra],
    { DATABASE_URL: secondUrl },
  ),
);
