/**
 * `npm run bench:kmc` — the KMC list of a province, its postnatal worklist (which carries the KMC
 * follow-up contacts, counted from the discharge) and the KMC indicators of its year, over the
 * synthetic programme (with its KMC episodes), on PostgreSQL (`BENCH_DATABASE_URL` or `DATABASE_URL`).
 * Scale: `BENCH_KMC_BIRTHS` births (default 400,000; the programme's 4,000,000 takes a long load) over
 * the programme's 2,522 facilities and 16 countries, 2015–2024. Target (issue 16): list and worklist p95 ≤ 100 ms.
 * The load average is printed with the figures (2 cores shared: compare only runs on a quiet machine).
 * `BENCH_KMC_DATABASE_URL` runs on a kept programme data set instead (e.g. the 4,000,000 births of
 * `openeenc_bench`, given KMC with `npm run seed -- --scale programme --add kmc`): nothing generated or dropped.
 */
import os from 'node:os';
import { KMC_INDICATORS } from '../shared/kmc/kmc-indicators';
import { migrate } from '../server/migrate';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { generateProgramme, PROGRAMME_SCALE } from '../server/seed/programme';
import type { Db } from '../server/db/db';
import { rebuildPendingRollups } from '../server/features/indicators/indicator-schema';
import { benchApp, benchUser, busiestProvince, time, withBenchDatabase } from './bench-kit';

const BIRTHS = Number(process.env.BENCH_KMC_BIRTHS ?? 400_000);
const KEPT = process.env.BENCH_KMC_DATABASE_URL;
// The day after the generated years: the list's default window (60 days) holds December's babies.
const NOW = new Date(`${PROGRAMME_SCALE.toYear}-12-31T05:00:00Z`);

/** A new programme of `BIRTHS` births in a throw-away database. */
async function generated(db: Db) {
  console.log(
    `KMC benchmark — ${os.cpus().length} × CPU, Node ${process.version}, ${BIRTHS.toLocaleString('en')} births`,
  );
  await migrate(db);
  await bootstrapAdmin(db, 'bench-password-123', NOW);
  const t0 = performance.now();
  const summary = await generateProgramme(db, { ...PROGRAMME_SCALE, births: BIRTHS }, NOW);
  console.log(
    `  programme generated in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify({ births: summary.births, kmcEpisodes: summary.kmcEpisodes, kmcFollowUp: summary.kmcFollowUp })}`,
  );
  await db.query('analyze');
}

/** The kept data set as it is (its rollups complete first), which must have its KMC part. */
async function kept(db: Db) {
  await migrate(db);
  await rebuildPendingRollups(db, { chunk: 20 });
  const [n] = await db.query<{ births: number; episodes: number }>(
    'select (select count(*) from births)::int as births, (select count(*) from kmc_episodes)::int as episodes',
  );
  if (!n!.episodes)
    throw new Error('no KMC episodes: add them with npm run seed -- --scale programme --add kmc');
  console.log(
    `KMC benchmark — ${os.cpus().length} × CPU, Node ${process.version}, kept data set: ${n!.births.toLocaleString('en')} births, ${n!.episodes.toLocaleString('en')} KMC episodes`,
  );
}

async function main() {
  await withBenchDatabase(KEPT, async (db) => {
    await (KEPT ? kept(db) : generated(db));
    // The province with the most babies born up to the bench's clock, and a manager scoped to it (a kept
    // data set may hold later births, e.g. imports: the worklist would read them all as recent births).
    const province = await busiestProvince(db, 'newborns', NOW);
    const app = await benchApp(db, NOW);
    const manager = await benchUser(app, db, {
      username: 'bench.kmc',
      role: 'provincial_manager',
      scopeId: province.id,
      now: NOW,
    });
    const get = (path: string) => () => manager.get<{ items?: unknown[] }>(path);
    const list = await get(`/api/kmc/babies?orgUnit=${province.id}`)();
    console.log(
      `  province ${province.name}: ${province.n.toLocaleString('en')} babies, ${list.items!.length} on the KMC list`,
    );
    const worklistPath = `/api/pnc/worklist?orgUnit=${province.id}&limit=50`;
    const worklist = await manager.get<{
      items: { contactCode: string }[];
      counts: Record<string, number>;
    }>(worklistPath);
    const [followed] = await db.query<{ n: number }>(
      "select count(*)::int as n from pnc_subjects where kmc_day0 > $1::timestamptz - interval '100 days'",
      [NOW],
    );
    console.log(
      `  worklist of the province: ${JSON.stringify(worklist.counts)}; ${followed!.n.toLocaleString('en')} babies discharged in KMC in the last 100 days (all provinces)`,
    );
    const loadBefore = os.loadavg()[0]!;
    const listStats = await time(get(`/api/kmc/babies?orgUnit=${province.id}`), 5, 50);
    const worklistStats = await time(get(worklistPath), 5, 50);
    const ids = KMC_INDICATORS.map((d) => d.id).join(',');
    const indStats = await time(
      get(`/api/indicators/values?orgUnit=${province.id}&period=${PROGRAMME_SCALE.toYear}&indicators=${ids}`),
      3,
      30,
    );
    const f = (n: number) => n.toFixed(1);
    console.log(
      `  KMC list of the province, HTTP            p50 ${f(listStats.p50)} ms   p95 ${f(listStats.p95)} ms   (n=${listStats.n})`,
    );
    console.log(
      `  PNC worklist of the province (KMC follow-up), HTTP  p50 ${f(worklistStats.p50)} ms   p95 ${f(worklistStats.p95)} ms   (n=${worklistStats.n})`,
    );
    console.log(
      `  KMC indicators of the province's year      p50 ${f(indStats.p50)} ms   p95 ${f(indStats.p95)} ms   (n=${indStats.n})`,
    );
    console.log(
      `  load average (1 min) before ${loadBefore.toFixed(2)}, after ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`,
    );
    console.log(`  target list p95 ≤ 100 ms: ${listStats.p95 <= 100 ? 'met' : 'NOT MET'}`);
    console.log(`  target worklist p95 ≤ 100 ms: ${worklistStats.p95 <= 100 ? 'met' : 'NOT MET'}`);
    await app.close();
  });
}

await main();
