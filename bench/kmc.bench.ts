/**
 * `npm run bench:kmc` — the KMC list of a province and the KMC indicators of its year, over the
 * synthetic programme (with its KMC episodes), on PostgreSQL (`BENCH_DATABASE_URL` or `DATABASE_URL`).
 * Scale: `BENCH_KMC_BIRTHS` births (default 400,000; the programme's 4,000,000 takes a long load) over
 * the programme's 2,522 facilities and 16 countries, 2015–2024. Target (issue 16): list p95 ≤ 100 ms.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { KMC_INDICATORS } from '../shared/kmc/kmc-indicators';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openPostgresDb } from '../server/db/postgres-db';
import { hashPassword } from '../server/features/auth/passwords';
import { migrate } from '../server/migrate';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { generateProgramme, PROGRAMME_SCALE } from '../server/seed/programme';
import { uuidV5 } from '../server/lib/uuid-v5';

const BIRTHS = Number(process.env.BENCH_KMC_BIRTHS ?? 400_000);
// The day after the generated years: the list's default window (60 days) holds December's babies.
const NOW = new Date(`${PROGRAMME_SCALE.toYear}-12-31T05:00:00Z`);
const PASSWORD = 'bench-password-123';

async function time(fn: () => Promise<unknown>, warmup: number, runs: number) {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), n: ms.length };
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL or DATABASE_URL');
  const name = `openeenc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgresDb(u.toString(), 4);
  try {
    console.log(
      `KMC benchmark — ${os.cpus().length} × CPU, Node ${process.version}, ${BIRTHS.toLocaleString('en')} births`,
    );
    await migrate(db);
    await bootstrapAdmin(db, PASSWORD, NOW);
    const t0 = performance.now();
    const summary = await generateProgramme(db, { ...PROGRAMME_SCALE, births: BIRTHS }, NOW);
    console.log(
      `  programme generated in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify({ births: summary.births, kmcEpisodes: summary.kmcEpisodes })}`,
    );
    await db.query('analyze');
    // The province with the most babies, and a manager scoped to it.
    const [province] = await db.query<{ id: string; name: string; n: number }>(
      `select p.id, p.name, count(*)::int as n from org_units p join org_units f on f.path like p.path || '%'
         join newborns n on n.facility_id = f.id where p.kind = 'province' group by p.id, p.name order by n desc limit 1`,
    );
    const uid = uuidV5('bench:kmc-manager');
    await db.query(
      `insert into users (id, username, display_name, role, locale, password_hash, created_at, updated_at)
       values ($1, 'bench.kmc', 'bench.kmc', 'provincial_manager', 'en', $2, $3, $3)`,
      [uid, await hashPassword(PASSWORD), NOW],
    );
    await db.query('insert into user_scopes (user_id, org_unit_id) values ($1, $2)', [uid, province!.id]);
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), loginIpMaxPerMinute: 100_000 };
    const app = await buildApp({ config, db, clock: { now: () => NOW } }, { logger: false });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bench.kmc', password: PASSWORD },
    });
    const cookie = `openeenc_session=${login.cookies.find((c) => c.name === 'openeenc_session')!.value}`;
    const get = (path: string) => async () => {
      const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      return res.json<{ items?: unknown[] }>();
    };
    const list = await get(`/api/kmc/babies?orgUnit=${province!.id}`)();
    console.log(
      `  province ${province!.name}: ${province!.n.toLocaleString('en')} babies, ${list.items!.length} on the KMC list`,
    );
    const listStats = await time(get(`/api/kmc/babies?orgUnit=${province!.id}`), 5, 50);
    const ids = KMC_INDICATORS.map((d) => d.id).join(',');
    const indStats = await time(
      get(
        `/api/indicators/values?orgUnit=${province!.id}&period=${PROGRAMME_SCALE.toYear}&indicators=${ids}`,
      ),
      3,
      30,
    );
    const f = (n: number) => n.toFixed(1);
    console.log(
      `  KMC list of the province, HTTP            p50 ${f(listStats.p50)} ms   p95 ${f(listStats.p95)} ms   (n=${listStats.n})`,
    );
    console.log(
      `  KMC indicators of the province's year      p50 ${f(indStats.p50)} ms   p95 ${f(indStats.p95)} ms   (n=${indStats.n})`,
    );
    console.log(`  target list p95 ≤ 100 ms: ${listStats.p95 <= 100 ? 'met' : 'NOT MET'}`);
    await app.close();
  } finally {
    await db.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

await main();
