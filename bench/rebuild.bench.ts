/**
 * npm run bench:rebuild [-- --births 500000 --facilities 316 --countries 4 --posts 300 --chunk 1 --pause 1]
 *   [--keep | --generate-only] [--db NAME [--drop]]
 *
 * Online rebuild of one changed rollup on PostgreSQL (127.0.0.1:5433, or BENCH_ADMIN_URL), while births
 * are posted. Generates the synthetic programme into a database of its own (dropped at the end unless
 * --keep or --generate-only; --db NAME reuses one, dropped with --drop). The default keeps the programme's births per facility (4,000,000 over
 * 2,522 facilities, about 1,590) at an eighth of the facilities: a chunk's work, which is what birth
 * writes wait for, is that of the full data set; the whole rebuild scales with the number of facilities.
 * Prints: the time to install the changed rollup (DDL, writes wait), the time to rebuild it, and
 * POST /api/births p50/p95 without a rebuild and while it runs (sequential posts through the app, at
 * random facilities and dates), with the ratio; then checks the rebuilt rollup against the records.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildBirthRaw } from '../shared/births/birth-builders';
import { loadIndicators } from '../shared/indicators/definitions';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { migrate } from '../server/migrate';
import { openPostgresDb } from '../server/db/postgres-db';
import { hashPassword } from '../server/features/auth/passwords';
import { countCells, countCellsRaw, type EngineUnit } from '../server/features/indicators/indicator-engine';
import {
  installIndicatorSchema,
  listRebuildingSources,
  rebuildPendingRollups,
} from '../server/features/indicators/indicator-schema';
import { findRolledUpSource } from '../server/features/indicators/indicator-source-registry';
import { systemClock } from '../server/lib/clock';
import { createRng } from '../server/lib/rng';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { generateProgramme, PROGRAMME_SCALE } from '../server/seed/programme';
import { hasFlag, option } from './cli-args';

const BIRTHS = Number(option('births', '500000'));
const FACILITIES = Number(option('facilities', '316'));
const COUNTRIES = Number(option('countries', '4'));
const POSTS = Number(option('posts', '300'));
const CHUNK = Number(option('chunk', '1'));
const PAUSE = Number(option('pause', '1'));
const GENERATE_ONLY = hasFlag('generate-only');
const KEEP = hasFlag('keep') || GENERATE_ONLY;
const DROP = hasFlag('drop');
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const DB_NAME = option('db', `openeenc_bench_rebuild_${randomBytes(4).toString('hex')}`);
const PASSWORD = 'correct-horse-battery';
const WRITER_ID = '00000000-0000-4000-8000-00000000be0d';
const say = (s: string) => process.stdout.write(`${s}\n`);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s.at(-1)! };
};
const fmt = (s: ReturnType<typeof stats>) =>
  `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(0)} ms (n=${s.n})`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function main() {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const created = await admin(async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (exists.rowCount) return false;
    await c.query(`create database ${DB_NAME}`);
    return true;
  });
  const db = await openPostgresDb(url.toString());
  try {
    await migrate(db);
    await bootstrapAdmin(db, PASSWORD, systemClock.now());
    const [have] = await db.query<{ n: number }>('select count(*)::int as n from births');
    if (!have?.n) {
      say(`generating ${BIRTHS.toLocaleString('en')} births over ${FACILITIES} facilities in ${DB_NAME}…`);
      const t0 = Date.now();
      await generateProgramme(db, {
        ...PROGRAMME_SCALE,
        births: BIRTHS,
        facilities: FACILITIES,
        countries: COUNTRIES,
      });
      say(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await db.query('vacuum analyze');
    }
    if (GENERATE_ONLY) return;
    // Anything migrations reinstalled (a changed code version) is rebuilt before measuring.
    await rebuildPendingRollups(db, { chunk: 20 });
    const [scale] = await db.query<{ births: number; newborns: number; facilities: number }>(
      `select (select count(*) from births)::int as births, (select count(*) from newborns)::int as newborns,
              (select count(*) from org_units where kind in ('facility', 'commune'))::int as facilities`,
    );
    say(
      `data: ${scale!.births.toLocaleString('en')} births, ${scale!.newborns.toLocaleString('en')} newborns, ${scale!.facilities} facilities (${Math.round(scale!.births / scale!.facilities)} births per facility)`,
    );

    // A clinician allowed to record births anywhere (scope: the region).
    await db.query(
      `insert into users (id, username, display_name, role, profession, locale, password_hash, created_at, updated_at)
       values ($1, 'bench-writer', 'Benchmark writer', 'clinician', 'midwife', 'en', $2, now(), now())
       on conflict (id) do update set password_hash = excluded.password_hash`,
      [WRITER_ID, await hashPassword(PASSWORD)],
    );
    await db.query(
      `insert into user_scopes (user_id, org_unit_id) select $1, id from org_units where kind = 'region' on conflict do nothing`,
      [WRITER_ID],
    );
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'error' }), db, clock: systemClock });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bench-writer', password: PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
    const cookie = `openeenc_session=${login.cookies.find((c) => c.name === 'openeenc_session')!.value}`;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const facilities = (
      await db.query<{ id: string }>(
        "select id from org_units where kind = 'facility' and provides_births and active order by id",
      )
    ).map((r) => r.id);
    const r = createRng(7);
    let posted = 0;
    const post = async () => {
      const day = new Date(Date.UTC(2015, 0, 1) + Math.floor(r() * 3650) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const body = buildBirthRaw({
        facilityId: facilities[Math.floor(r() * facilities.length)]!,
        mother: { recordNumber: `RB-${Date.now()}-${posted++}` },
        delivery: { bornAt: `${day}T08:00:00+07:00` },
      });
      const t0 = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/births',
        payload: body,
        headers: { cookie, 'x-csrf-token': csrf },
      });
      const took = performance.now() - t0;
      if (res.statusCode !== 201) throw new Error(`POST /api/births: ${res.statusCode} ${res.body}`);
      return took;
    };

    for (let i = 0; i < 30; i++) await post(); // warm-up
    const quiet: number[] = [];
    for (let i = 0; i < POSTS; i++) quiet.push(await post());
    say(`POST /api/births without a rebuild: ${fmt(stats(quiet))}`);

    // One changed definition of the newborn source: its rollup's recorded fingerprint no longer matches.
    const newborn = findRolledUpSource('newborn')!;
    await db.query(`update indicator_rollup_state set fingerprint = 'bench: changed' where part = 'newborn'`);
    const during: number[] = [];
    let rebuilding = true;
    const writer = (async () => {
      while (rebuilding) during.push(await post());
    })();
    const t0 = performance.now();
    const installed = await installIndicatorSchema(db);
    const tInstall = performance.now() - t0;
    let chunks = 0;
    await rebuildPendingRollups(db, {
      sources: [newborn],
      chunk: CHUNK,
      pause: PAUSE,
      betweenChunks: async () => {
        chunks++;
      },
    });
    const tRebuild = performance.now() - t0 - tInstall;
    rebuilding = false;
    await writer;
    say(
      `reinstalled: ${installed.map((s) => s.id).join(', ')}; install ${tInstall.toFixed(0)} ms, rebuild ${(tRebuild / 1000).toFixed(1)} s (${chunks} chunks of ${CHUNK} facilities, pause ${PAUSE}× a chunk's time after each)`,
    );
    const duringStats = stats(during);
    say(`POST /api/births during the rebuild: ${fmt(duringStats)}`);
    say(`p95 ratio (during / without): ${(duringStats.p95 / stats(quiet).p95).toFixed(2)}×`);

    // The rebuilt rollup against the records, for the region and each country, every year.
    if ((await listRebuildingSources(db)).length) throw new Error('a rollup is still pending');
    const units = await db.query<EngineUnit>(
      "select id, path, kind from org_units where kind in ('region', 'country') order by path",
    );
    const measures = loadIndicators().registry.bySource.newborn!;
    const cells = units.flatMap((unit) =>
      Array.from({ length: 10 }, (_, k) => ({ unit, from: `${2015 + k}-01-01`, to: `${2015 + k}-12-31` })),
    );
    const same =
      JSON.stringify(await countCells(db, cells, measures)) ===
      JSON.stringify(await countCellsRaw(db, cells, measures));
    say(
      `rollup equal to the records (${cells.length} unit-years, ${measures.length} measures): ${same ? 'yes' : 'NO'}`,
    );
    if (!same) process.exitCode = 1;
    await app.close();
  } finally {
    await db.close();
    if ((created || DROP) && !KEEP) {
      await admin((c) => c.query(`drop database if exists ${DB_NAME} with (force)`));
      say(`dropped ${DB_NAME}`);
    } else say(`kept ${DB_NAME}`);
  }
}

await main();
