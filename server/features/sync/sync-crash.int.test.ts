import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpResult, SyncOp } from '../../../shared/sync/sync.schema';
import type { Db } from '../../db/db';
import { openPgliteDb } from '../../db/pglite-db';
import { openPostgresDb } from '../../db/postgres-db';
import { createScratchDatabase } from '../../db/scratch-database';
import { migrate } from '../../migrate';
import { bootstrapAdmin } from '../../seed/bootstrap';
import { seedDemo } from '../../seed/demo';
import { testEngine } from '../../test/test-db';
import { Device, H01, newBirthFlat } from './sync-test-helpers';

/**
 * Issue 18: "a server killed with kill -9 in the middle of a push loses nothing and doubles nothing".
 * A real server process (the `npm run serve` entry point) on a database of its own is killed with
 * SIGKILL while it works through a batch, restarted on the same database (PGlite: the same data
 * directory, recovered by PostgreSQL's own WAL replay; its lock file left by the dead process taken
 * over), and the device sends the same batch again, as its outbox does after a failed send.
 */
const PASSWORD = 'crash-test-password-1';
// Under 200, the register's page size, so that one page counts them.
const OPS = 180;
const WARM_UP = 15;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

type Target = { env: Record<string, string>; open(): Promise<Db>; drop(): Promise<void> };

/** A database of the test's engine that a server process can open by URL or data directory. */
async function newTarget(): Promise<Target> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'openeenc-crash-'));
    const dataDir = path.join(root, 'data');
    return {
      env: { DATA_DIR: dataDir },
      // The server opens `<DATA_DIR>/pglite` (server/db/open-db.ts).
      open: () => openPgliteDb({ dataDir: path.join(dataDir, 'pglite'), sharedBuffersMb: 32 }),
      drop: async () => rmSync(root, { recursive: true, force: true }),
    };
  }
  const scratch = await createScratchDatabase(url, 'openeenc_crash');
  return {
    env: { DATABASE_URL: scratch.url },
    open: () => openPostgresDb(scratch.url, 2),
    drop: () => scratch.drop(),
  };
}

/** Starts the server entry point as its own process and waits until it answers. */
async function startServer(target: Target, port: number): Promise<ChildProcess> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...target.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    OPENEENC_SEED: 'none',
    LOG_LEVEL: 'warn',
    LOGIN_IP_MAX_PER_MINUTE: '1000',
    PNC_SMS_SENDER: 'off',
    // Creates are applied in groups of this many (one transaction each): small, so that a kill at a
    // quarter of the batch lands after some groups committed and before the others.
    SYNC_CREATES_PER_TRANSACTION: '5',
  };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: 'ignore' });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** A logged-in HTTP client of the server on `port`. */
async function loginAs(port: number, username: string) {
  const base = `http://127.0.0.1:${port}`;
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  return {
    push: (ops: SyncOp[]) =>
      fetch(`${base}/api/sync/push`, { method: 'POST', headers, body: JSON.stringify({ ops }) }),
    births: async (q: string) => {
      const r = await fetch(`${base}/api/births?facility=${H01}&q=${q}&limit=200`, { headers });
      return ((await r.json()) as { items: unknown[] }).items.length;
    },
  };
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve()),
  );

describe(`a server killed with kill -9 in the middle of a push (${testEngine})`, () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it(
    'restarts on the same database, and the batch sent again stores every birth exactly once',
    { timeout: 300_000 },
    async () => {
      const target = await newTarget();
      cleanup.push(target.drop);
      const setup = await target.open();
      await migrate(setup);
      const now = new Date();
      await bootstrapAdmin(setup, PASSWORD, now);
      await seedDemo(setup, PASSWORD, now);
      await setup.close();

      const device = new Device();
      const tag = `KILL${randomBytes(3).toString('hex')}`;
      const births = Array.from({ length: OPS }, (_, i) => newBirthFlat(H01, `${tag}-${i}`));
      const ops = births.map((b) => device.op('create', b.id, 0, b.flat));

      const port = await freePort();
      let server = await startServer(target, port);
      cleanup.push(async () => {
        server.kill('SIGKILL');
        await stopped(server);
      });
      let client = await loginAs(port, 'midwife.dn');
      // How long an operation takes here (the machine may be busy). The first push of a fresh process
      // is slow (compiling, planning): time the second of two small batches.
      const warmUp = async (round: number) => {
        const births = Array.from({ length: WARM_UP }, (_, i) => newBirthFlat(H01, `W${round}${tag}-${i}`));
        const t0 = performance.now();
        const res = await client.push(births.map((b) => device.op('create', b.id, 0, b.flat)));
        expect(res.status).toBe(200);
        return (performance.now() - t0) / WARM_UP;
      };
      await warmUp(1);
      const perOp = await warmUp(2);

      // Kill when about a quarter of the batch should be done. (Reading the register meanwhile would
      // tell exactly, but PGlite answers other requests only between whole pushes.)
      const sent = client.push(ops).then(
        (r) => r.status,
        () => 'connection lost' as const,
      );
      await new Promise((r) => setTimeout(r, (perOp * OPS) / 4));
      server.kill('SIGKILL');
      await stopped(server);
      expect(await sent).toBe('connection lost');

      server = await startServer(target, port);
      client = await loginAs(port, 'midwife.dn');
      // The batch was cut in the middle: what had been committed is there, the rest is not.
      const storedAfterRestart = await client.births(tag);
      expect(storedAfterRestart).toBeGreaterThan(0);
      expect(storedAfterRestart).toBeLessThan(OPS);

      const again = await client.push(ops);
      expect(again.status).toBe(200);
      const results = ((await again.json()) as { results: OpResult[] }).results;
      expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
      expect(await client.births(tag)).toBe(OPS);

      server.kill('SIGTERM');
      await stopped(server);
      const check = await target.open();
      try {
        const [row] = await check.query<{ births: number; distinct_records: number; operations: number }>(
          `select count(*)::int as births, count(distinct mother_record_number)::int as distinct_records,
                (select count(*)::int from sync_operations) as operations
           from births where mother_record_number like $1`,
          [`${tag}-%`],
        );
        expect(row).toEqual({ births: OPS, distinct_records: OPS, operations: OPS + 2 * WARM_UP });
      } finally {
        await check.close();
      }
    },
  );
});
