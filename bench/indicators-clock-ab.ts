/**
 * `npx tsx bench/indicators-clock-ab.ts --before <tree> [--import N] [--samples 20] [--slow-samples 5] [--rounds 2]`
 *
 * The current month and quarter at the region and each country, as the web asks for them (the dashboard's
 * values with the previous period and the trend; the comparison of the units under the region), over
 * HTTP, with this tree's server and with the server of an earlier tree (`--before`, e.g. a `git archive`
 * of the base commit with its node_modules linked) built in the same process on the same database, in
 * turn, with the load average beside the figures. The earlier server runs twice: with its default
 * limit of open follow-ups (the indicators that read whether a follow-up is over left out above it) and
 * with the limit raised (counted: each open follow-up derived from its contacts at the request). Every
 * response of the raised-limit server must give the same numbers as this tree's.
 *
 * `--import N` first imports N generated births ending six days before now through the import service
 * (the programme's generated data end in 2024: these are the follow-ups still open). Database:
 * BENCH_DATABASE_URL (never the shared `openeenc_bench`).
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { openPostgresDb } from '../server/db/postgres-db';
import {
  installIndicatorSchema,
  listRebuildingSources,
  rebuildRollups,
} from '../server/features/indicators/indicator-schema';
import { systemClock } from '../server/lib/clock';
import { ensureBenchReader, fmt, percentiles } from './bench-kit';
import { option } from './cli-args';
import { runImport, writeImportFile } from './indicators-http';

const URL_ = process.env.BENCH_DATABASE_URL;
const BEFORE = option('before', '');
const SAMPLES = Number(option('samples', '20'));
/** Samples of the raised-limit server, which derives every open follow-up at each request (seconds). */
const SLOW_SAMPLES = Number(option('slow-samples', '5'));
const ROUNDS = Number(option('rounds', '2'));
const IMPORT = Number(option('import', '0'));
const PASSWORD = 'correct-horse-battery';
const say = (s: string) => process.stdout.write(`${s}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

type Server = { name: string; app: FastifyInstance; base: string; cookie: string };

async function start(name: string, app: FastifyInstance): Promise<Server> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-reader', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`${name}: login failed: ${login.status}`);
  return { name, app, base, cookie };
}

/** The earlier tree's server on the same database, with these environment overrides. */
async function startBefore(db: Db, name: string, env: Record<string, string>): Promise<Server> {
  const tree = path.resolve(BEFORE);
  const { buildApp: build } = (await import(path.join(tree, 'server/app.ts'))) as {
    buildApp: typeof buildApp;
  };
  const { loadConfig: load_ } = (await import(path.join(tree, 'server/config.ts'))) as {
    loadConfig: typeof loadConfig;
  };
  return start(
    name,
    await build({ config: load_({ ...process.env, ...env }), db, clock: systemClock }, { logger: false }),
  );
}

async function main() {
  if (!URL_ || URL_.endsWith('/openeenc_bench'))
    throw new Error('set BENCH_DATABASE_URL to a database of your own');
  if (!BEFORE) throw new Error('--before <tree> is required');
  const db = await openPostgresDb(URL_, 8);
  const config = loadConfig(process.env);
  // This tree's generated schema (its clock table), rebuilt in one transaction before anything is timed.
  if ((await installIndicatorSchema(db)).length || (await listRebuildingSources(db)).length)
    await db.transaction((tx) => rebuildRollups(tx, say));
  await ensureBenchReader(db, PASSWORD);
  if (IMPORT) {
    const csv = await writeImportFile(db, IMPORT);
    const r = await runImport(db, config, csv.file);
    csv.remove();
    say(`imported ${r.report.inserted.toLocaleString('en')} births in ${r.seconds.toFixed(0)} s`);
  }
  await db.query('analyze');
  const now = new Date();
  const month = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const quarter = `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  const [open] = await db.query<{ n: number }>(
    "select count(*)::int as n from pnc_subjects where birth_date >= now() - interval '8 weeks'",
  );
  say(`follow-ups born in the last 8 weeks: ${open!.n.toLocaleString('en')}; periods ${month}, ${quarter}`);
  const units = await db.query<{ id: string; kind: string; code: string }>(
    "select id, kind, code from org_units where kind in ('region', 'country') order by kind desc, code",
  );
  const region = units.find((u) => u.kind === 'region')!;
  const kinds = [month, quarter].flatMap((p) => [
    {
      name: `dashboard region ${p}`,
      urls: [`/api/indicators/values?orgUnit=${region.id}&period=${p}&compare=previous&include=trends`],
    },
    {
      name: `dashboard country ${p}`,
      urls: units
        .filter((u) => u.kind === 'country')
        .map((u) => `/api/indicators/values?orgUnit=${u.id}&period=${p}&compare=previous&include=trends`),
    },
    { name: `units under region ${p}`, urls: [`/api/indicators/compare?parent=${region.id}&period=${p}`] },
  ]);
  const servers = [
    await startBefore(db, 'before (default limit)', {}),
    await startBefore(db, 'before (limit raised)', { INDICATOR_OPEN_FOLLOW_UPS_UNASKED: '10000000' }),
    await start('after', await buildApp({ config, db, clock: systemClock }, { logger: false })),
  ];
  const get = async (s: Server, url: string) => {
    const t0 = performance.now();
    const res = await fetch(`${s.base}${url}`, { headers: { cookie: s.cookie } });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) throw new Error(`${s.name} ${url}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t0, body };
  };
  // The same numbers: the raised-limit server's responses against this tree's (the timing field aside).
  const strip = (b: Record<string, unknown>) => JSON.stringify({ ...b, computedMs: undefined });
  let compared = 0;
  for (const k of kinds)
    for (const url of k.urls) {
      const a = await get(servers[1]!, url);
      const b = await get(servers[2]!, url);
      if (strip(a.body) !== strip(b.body)) throw new Error(`different numbers for ${url}`);
      const deferred = (await get(servers[0]!, url)).body.deferred as string[] | undefined;
      if (compared === 0) say(`  default limit leaves out: ${(deferred ?? []).join(', ') || 'nothing'}`);
      compared++;
    }
  say(`same numbers before (limit raised) and after: ${compared} responses`);
  for (let round = 1; round <= ROUNDS; round++)
    for (const s of servers) {
      say(`round ${round}, ${s.name} (load ${load()})`);
      for (const k of kinds) {
        const ms: number[] = [];
        const n = s.name.includes('raised') ? SLOW_SAMPLES : SAMPLES;
        for (let i = 0; i < n; i++) ms.push((await get(s, k.urls[i % k.urls.length]!)).ms);
        say(`  ${k.name.padEnd(30)} ${fmt(percentiles(ms))}`);
      }
    }
  for (const s of servers) await s.app.close();
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
