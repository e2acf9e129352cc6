/**
 * `npm run bench:kmc` — the KMC list of a province and the KMC indicators of its year, over the
 * synthetic programme (with its KMC episodes), on PostgreSQL (`BENCH_DATABASE_URL` or `DATABASE_URL`).
 * Scale: `BENCH_KMC_BIRTHS` births (default 400,000; the programme's 4,000,000 takes a long load) over
 * the programme's 2,522 facilities and 16 countries, 2015–2024. Target (issue 16): list p95 ≤ 100 ms.
 */
import os from 'node:os';
import { KMC_INDICATORS } from '../shared/kmc/kmc-indicators';
import { migrate } from '../server/migrate';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { generateProgramme, PROGRAMME_SCALE } from '../server/seed/programme';
import { benchApp, benchUser, time, withTempDatabase } from './bench-kit';

const BIRTHS = Number(process.env.BENCH_KMC_BIRTHS ?? 400_000);
// The day after the generated years: the list's default window (60 days) holds December's babies.
const NOW = new Date(`${PROGRAMME_SCALE.toYear}-12-31T05:00:00Z`);

async function main() {
  await withTempDatabase(async (db) => {
    console.log(
      `KMC benchmark — ${os.cpus().length} × CPU, Node ${process.version}, ${BIRTHS.toLocaleString('en')} births`,
    );
    await migrate(db);
    await bootstrapAdmin(db, 'bench-password-123', NOW);
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
    const app = await benchApp(db, NOW);
    const manager = await benchUser(app, db, {
      username: 'bench.kmc',
      role: 'provincial_manager',
      scopeId: province!.id,
      now: NOW,
    });
    const get = (path: string) => () => manager.get<{ items?: unknown[] }>(path);
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
  });
}

await main();
