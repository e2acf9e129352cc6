/**
 * `tsx bench/http-ab.ts --base DIR --database URL [--samples 40] [--levels region,country]` — A/B of
 * the web's dashboard request (previous period and 12-month trend, as `bench:indicators --http` sends
 * it) between another checkout of the code (`--base`, e.g. `git archive <commit> | tar -x -C DIR` with
 * `node_modules` linked) and this one, in one process against the same database: two servers, each
 * (unit, period) pair asked of both in turn (the order alternating), so that both meet the same load;
 * p50 / p95 per level and side with the load average, and whether both answered the same numbers (the
 * answers compared without `computedMs`). Reads only: nothing is migrated or written but the sessions.
 */
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type * as App from '../server/app';
import type * as Config from '../server/config';
import type * as PostgresDb from '../server/db/postgres-db';
import type * as Clock from '../server/lib/clock';
import { fmt, percentiles } from './bench-kit';
import { option } from './cli-args';
import { periodParams, periods } from './indicators-http';

const say = (s: string) => process.stdout.write(`${s}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const BASE = option('base', '');
const URL_ = option('database', process.env.BENCH_DATABASE_URL ?? '');
if (!BASE || !URL_) {
  say('usage: tsx bench/http-ab.ts --base DIR --database URL [--samples 40] [--levels region,country]');
  process.exit(2);
}
const SAMPLES = Number(option('samples', '40'));
const LEVELS = option('levels', 'region,country').split(',');

type Side = { name: string; base: string; cookie: string; close: () => Promise<void> };

/** A server of the checkout at `root`, listening on a free port, logged in as the bench reader. */
async function serve(name: string, root: string): Promise<Side> {
  // The other checkout's modules, typed as this one's (the same interfaces).
  const at = <T>(p: string) => import(path.resolve(root, p)) as Promise<T>;
  const { buildApp } = await at<typeof App>('server/app.ts');
  const { loadConfig } = await at<typeof Config>('server/config.ts');
  const { openPostgresDb } = await at<typeof PostgresDb>('server/db/postgres-db.ts');
  const { systemClock } = await at<typeof Clock>('server/lib/clock.ts');
  const db = await openPostgresDb(URL_);
  const app = await buildApp(
    { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: systemClock },
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-reader', password: 'correct-horse-battery' }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`${name}: login failed (${login.status})`);
  return {
    name,
    base,
    cookie,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

async function ask(side: Side, url: string) {
  const t0 = performance.now();
  const res = await fetch(`${side.base}${url}`, { headers: { cookie: side.cookie } });
  const body = (await res.json()) as Record<string, unknown>;
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${side.name} ${url}: ${res.status} ${JSON.stringify(body)}`);
  delete body.computedMs;
  return { ms, body: JSON.stringify(body) };
}

const a = await serve('base', BASE);
const b = await serve('this', path.resolve(import.meta.dirname, '..'));
try {
  const { openPostgresDb } = await import('../server/db/postgres-db');
  const db = await openPostgresDb(URL_);
  const units = await db.query<{ id: string; kind: string }>(
    "select id, kind from org_units where kind in ('region', 'country', 'province', 'district', 'facility')",
  );
  const [span] = await db.query<{ lo: number; hi: number }>(
    'select extract(year from min(birth_date))::int as lo, extract(year from max(birth_date))::int as hi from births',
  );
  await db.close();
  const years = Array.from({ length: span!.hi - span!.lo + 1 }, (_, i) => span!.lo + i);
  // The same periods as `bench:indicators --http` (seed 11).
  const ps = periods(years, 200, 11);
  say(`A/B over HTTP: base ${BASE} against this checkout, ${SAMPLES} requests per level and side`);
  for (const level of LEVELS) {
    const list = units.filter((u) => u.kind === level);
    const urls = Array.from({ length: SAMPLES }, (_, i) => {
      const u = list[(i * 7) % list.length]!;
      const p = ps[(i * 13) % ps.length]!;
      return `/api/indicators/values?orgUnit=${u.id}&${periodParams(p)}&compare=previous&include=trends`;
    });
    // Warm-up: each side's plans and caches, untimed.
    for (const url of urls.slice(0, 4)) for (const s of [a, b]) await ask(s, url);
    const ms: Record<string, number[]> = { base: [], this: [] };
    let differ = 0;
    const load0 = load();
    for (const [i, url] of urls.entries()) {
      const order = i % 2 ? [b, a] : [a, b];
      const got: Record<string, string> = {};
      for (const s of order) {
        const r = await ask(s, url);
        ms[s.name]!.push(r.ms);
        got[s.name] = r.body;
      }
      if (got.base !== got.this) {
        differ++;
        if (differ === 1) say(`  answers differ: ${url}`);
      }
    }
    say(`  dashboard ${level} (load ${load0} → ${load()}):`);
    say(`    base ${fmt(percentiles(ms.base!))}`);
    say(`    this ${fmt(percentiles(ms.this!))}`);
    say(`    answers equal in ${SAMPLES - differ} of ${SAMPLES}`);
  }
} finally {
  await a.close();
  await b.close();
}
