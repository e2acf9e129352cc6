/**
 * What several benchmarks share: timing a request many times into percentiles, and a throw-away
 * PostgreSQL database (created from `BENCH_DATABASE_URL` or `DATABASE_URL`, dropped at the end).
 */
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../shared/auth/principal';
import type { Role } from '../shared/auth/roles';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { openPostgresDb } from '../server/db/postgres-db';
import { createScratchDatabase } from '../server/db/scratch-database';
import { hashPassword } from '../server/features/auth/passwords';
import { uuidV5 } from '../server/lib/uuid-v5';

/** A national manager whose scope is the region `region`: what the benches call the service as. */
export const regionManager = (
  userId: string,
  username: string,
  region: { id: string; name: string; path: string },
): Principal => ({
  userId,
  username,
  displayName: 'Bench',
  role: 'national_manager',
  locale: 'en',
  scopes: [{ id: region.id, code: 'WPR', name: region.name, kind: 'region', path: region.path }],
});

export type Timing = { p50: number; p95: number; max: number; n: number };

/** The median, 95th percentile and maximum of durations in milliseconds. */
export function percentiles(durations: readonly number[]): Timing {
  const ms = [...durations].sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: ms.at(-1)!, n: ms.length };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed. */
export async function time(fn: () => Promise<unknown>, warmup: number, runs: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return percentiles(ms);
}

/** The app, ready and silent, its clock fixed at `now`, without the login rate limit (bench users log in often). */
export async function benchApp(db: Db, now: Date): Promise<FastifyInstance> {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), loginIpMaxPerMinute: 100_000 };
  const app = await buildApp({ config, db, clock: { now: () => now } }, { logger: false });
  await app.ready();
  return app;
}

export const fmt = (t: Timing) =>
  `p50 ${t.p50.toFixed(1)} ms   p95 ${t.p95.toFixed(1)} ms   max ${t.max.toFixed(1)} ms   (n=${t.n})`;

/**
 * A national manager whose scope is the region (the programme's top unit): reads every unit through the
 * services (`userId`: a user of the data set, for what the services record of the reader).
 */
export async function regionReader(db: Db, userId: string): Promise<Principal> {
  const [region] = await db.query<{ id: string; name: string; path: string }>(
    "select id, name, path from org_units where kind = 'region' limit 1",
  );
  return {
    userId,
    username: 'bench',
    displayName: 'Bench',
    role: 'national_manager',
    locale: 'en',
    scopes: [{ id: region!.id, code: 'WPR', name: region!.name, kind: 'region', path: region!.path }],
  };
}

/** The machine as it was when the figures were taken (shared machines: the load matters). */
export const machine = () =>
  `${os.cpus().length} × CPU, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

/**
 * The URL of a new, empty database on the benchmark's PostgreSQL server (`base`, else
 * `BENCH_DATABASE_URL` or `DATABASE_URL`), and how to drop it (kept with `BENCH_KEEP=1`, to look at).
 */
export async function tempDatabaseUrl(base?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = base ?? process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) throw new Error('set BENCH_DATABASE_URL or DATABASE_URL');
  const temp = await createScratchDatabase(server, 'openeenc_bench');
  return {
    url: temp.url,
    drop: async () => {
      if (process.env.BENCH_KEEP) return console.log(`kept database ${temp.name}`);
      await temp.drop();
    },
  };
}

/** A new database on the benchmark's PostgreSQL server, opened, and how to close and drop it. */
export async function openTempDatabase(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const temp = await tempDatabaseUrl();
  const db = await openPostgresDb(temp.url, 4);
  return {
    db,
    drop: async () => {
      await db.close();
      await temp.drop();
    },
  };
}

/** Runs `fn` on a new database on the benchmark's PostgreSQL server, dropped afterwards. */
export async function withTempDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const { db, drop } = await openTempDatabase();
  try {
    return await fn(db);
  } finally {
    await drop();
  }
}

/**
 * The province with the most rows of `records` (births or newborns) below it, with its country: where a
 * benchmark finds the heaviest lists and the manager it logs in as.
 */
export async function busiestProvince(
  db: Db,
  records: 'births' | 'newborns',
  bornBy = new Date('9999-12-31'),
) {
  // Up to the bench's clock: a kept data set may hold later births (imports), which lists read as recent.
  const bornAt = records === 'births' ? 'r.born_at' : 'r.birth_date';
  const [province] = await db.query<{ id: string; country_id: string; name: string; n: number }>(
    `select p.id, p.parent_id as country_id, p.name, count(*)::int as n
       from org_units p join org_units f on f.path like p.path || '%'
       join ${records} r on r.facility_id = f.id and ${bornAt} <= $1::timestamptz where p.kind = 'province'
      group by p.id order by n desc limit 1`,
    [bornBy],
  );
  if (!province) throw new Error(`no province has ${records}`);
  return province;
}

/**
 * Runs `fn` on a kept data set when `keptUrl` is given (e.g. the 4,000,000 births of `openeenc_bench`;
 * nothing dropped), else on a new database dropped afterwards.
 */
export async function withBenchDatabase<T>(
  keptUrl: string | undefined,
  fn: (db: Db) => Promise<T>,
): Promise<T> {
  if (!keptUrl) return withTempDatabase(fn);
  const db = await openPostgresDb(keptUrl, 4);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * A user of `role` scoped to `scopeId`, logged in to `app`: returns a GET that fails loudly on any
 * answer but 200 (a benchmark of errors measures nothing).
 */
export async function benchUser(
  app: FastifyInstance,
  db: Db,
  user: { username: string; role: Role; scopeId: string; now: Date },
) {
  const password = 'bench-password-123';
  const id = uuidV5(`bench:${user.username}`);
  await db.query(
    `insert into users (id, username, display_name, role, locale, password_hash, created_at, updated_at)
     values ($1, $2, $2, $3, 'en', $4, $5, $5)
     on conflict (id) do update set password_hash = excluded.password_hash, active = true`,
    [id, user.username, user.role, await hashPassword(password), user.now],
  );
  // A kept data set is reused across runs: the same user (one id per name) is refreshed, not added twice.
  await db.query('insert into user_scopes (user_id, org_unit_id) values ($1, $2) on conflict do nothing', [
    id,
    user.scopeId,
  ]);
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: user.username, password },
  });
  if (login.statusCode !== 200) throw new Error(`login ${user.username}: ${login.statusCode} ${login.body}`);
  const cookie = `openeenc_session=${login.cookies.find((c) => c.name === 'openeenc_session')!.value}`;
  const csrf = login.json<{ csrfToken: string }>().csrfToken;
  return {
    get: async <T = unknown>(path: string): Promise<T> => {
      const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json<T>();
    },
    post: async <T = unknown>(path: string, payload: object): Promise<T> => {
      const res = await app.inject({
        method: 'POST',
        url: path,
        payload,
        headers: { cookie, 'x-csrf-token': csrf },
      });
      if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res.json<T>();
    },
  };
}

/** A reader the bench logs in as over HTTP, whatever password `npm run seed` gave the admin. */
const BENCH_USER_ID = '00000000-0000-4000-8000-00000000be0c';
export async function ensureBenchReader(db: Db, password: string) {
  const hash = await hashPassword(password);
  await db.query(
    `insert into users (id, username, display_name, role, locale, password_hash, created_at, updated_at)
     values ($1, 'bench-reader', 'Benchmark reader', 'national_manager', 'en', $2, now(), now())
     on conflict (id) do update set password_hash = excluded.password_hash, active = true,
       failed_logins = 0, locked_until = null, must_change_password = false`,
    [BENCH_USER_ID, hash],
  );
  await db.query(
    `insert into user_scopes (user_id, org_unit_id)
     select $1, id from org_units where kind = 'region' on conflict do nothing`,
    [BENCH_USER_ID],
  );
}
