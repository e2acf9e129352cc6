/**
 * `npm run bench:exchange` — the DHIS2 and FHIR exchange over the synthetic programme on PostgreSQL
 * (`BENCH_DATABASE_URL` or `DATABASE_URL`), at `BENCH_EXCHANGE_BIRTHS` births (default 400,000) over the
 * programme's 2,522 facilities, 2015–2024. Targets (issue 19): the DHIS2 export of one province-year,
 * monthly, every mapped indicator ≤ 2 s; `GET /fhir/MeasureReport` for one facility-month p95 ≤ 100 ms.
 * Baselines in the same run: the JSON API's `GET /api/indicators/values` for the same numbers.
 * `BENCH_EXCHANGE_DATABASE_URL` runs on a kept programme data set instead (e.g. the 4,000,000 births of
 * `npm run bench:indicators`, database `openeenc_bench`): nothing is generated and nothing is dropped.
 */
import { createHash } from 'node:crypto';
import { migrate } from '../server/migrate';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { generateProgramme, PROGRAMME_SCALE } from '../server/seed/programme';
import { rebuildPendingRollups } from '../server/features/indicators/indicator-schema';
import { indicatorLibrary } from '../server/features/indicators/indicators.service';
import { benchApp, benchUser, busiestProvince, fmt, machine, time, withBenchDatabase } from './bench-kit';

const BIRTHS = Number(process.env.BENCH_EXCHANGE_BIRTHS ?? 400_000);
const YEAR = PROGRAMME_SCALE.toYear;
const NOW = new Date(`${YEAR + 1}-01-15T05:00:00Z`);
const say = (s: string) => process.stdout.write(`${s}\n`);
/** A DHIS2-shaped uid (a letter, then ten letters or digits) made from a name. */
const uid = (name: string) => `B${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;

const KEPT = process.env.BENCH_EXCHANGE_DATABASE_URL;

await withBenchDatabase(KEPT, async (db) => {
  await migrate(db);
  if (KEPT) {
    await rebuildPendingRollups(db, { log: say, chunk: 20 });
    const [n] = await db.query<{ births: string }>('select count(*)::text as births from births');
    say(`Exchange benchmark — ${machine()}, kept data set: ${Number(n!.births).toLocaleString('en')} births`);
  } else {
    say(`Exchange benchmark — ${machine()}, ${BIRTHS.toLocaleString('en')} births`);
    await bootstrapAdmin(db, 'bench-password-123', NOW);
    const t0 = performance.now();
    await generateProgramme(db, { ...PROGRAMME_SCALE, births: BIRTHS }, NOW);
    say(`  programme generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  // Every unit as if imported from DHIS2 (the export refuses units without a DHIS2 uid).
  await db.query(
    `update org_units set dhis2_id = 'U' || substr(translate(encode(sha256(id::text::bytea), 'base64'), '+/=', 'xyz'), 1, 10)
      where dhis2_id is null`,
  );
  await db.query('analyze');
  const province = await busiestProvince(db, 'births');
  const app = await benchApp(db, NOW);
  const national = await benchUser(app, db, {
    username: 'bench.national',
    role: 'national_manager',
    scopeId: province.country_id,
    now: NOW,
  });

  // A monthly data set with a data element per numerator and denominator of every core indicator.
  const core = indicatorLibrary.definitions.filter((d) => d.core);
  const parts = core.flatMap((d) =>
    (['numerator', 'denominator'] as const)
      .filter((part) => part === 'numerator' || d.denominator)
      .map((part) => ({ indicator: d.id, part, dataElement: uid(`${d.id}.${part}`) })),
  );
  const mapping = await national.post<{ id: string }>('/api/dhis2/mappings', {
    name: `Benchmark ${new Date().toISOString()}`, // a kept data set keeps the mappings of earlier runs
    metadata: {
      dataSets: [{ id: uid('dataset'), name: 'EENC monthly', periodType: 'Monthly' }],
      dataElements: parts.map((p) => ({ id: p.dataElement, name: `${p.indicator} ${p.part}` })),
      categoryOptionCombos: [{ id: 'HllvX50cXC0', name: 'default' }],
    },
    rows: parts.map((p) => ({ ...p, categoryOptionCombo: 'HllvX50cXC0' })),
  });
  const exportUrl = `/api/dhis2/mappings/${mapping.id}/data-values?orgUnit=${province.id}&period=${YEAR}`;
  const sample = await national.get<{ dataValues: unknown[] }>(exportUrl);
  say(
    `  DHIS2 export: ${province.name}, ${YEAR} monthly, ${parts.length} data elements → ${sample.dataValues.length.toLocaleString('en')} values`,
  );
  const exportStats = await time(() => national.get(exportUrl), 1, 10);
  const ids = core.map((d) => d.id).join(',');
  // Baseline: the same numbers from the JSON API, month by month for the province and its units.
  const months = Array.from({ length: 12 }, (_, i) => `${YEAR}${String(i + 1).padStart(2, '0')}`);
  const jsonStats = await time(
    async () => {
      for (const m of months)
        await national.get(`/api/indicators/values?orgUnit=${province.id}&period=${m}&indicators=${ids}`);
    },
    1,
    10,
  );
  say(
    `  DHIS2 export, province-year monthly     ${fmt(exportStats)}   target ≤ 2,000 ms: ${exportStats.max <= 2000 ? 'met' : 'NOT MET'}`,
  );
  say(
    `  baseline: JSON values, 12 months         ${fmt(jsonStats)}   export/baseline p50 ${(exportStats.p50 / jsonStats.p50).toFixed(2)}×`,
  );

  // MeasureReport for random facility-months of the province (core measures, every stratifier).
  const facilities = await db.query<{ id: string }>(
    `select f.id from org_units f join org_units p on f.path like p.path || '%'
      where p.id = $1 and f.kind = 'facility' and f.provides_births order by f.id`,
    [province.id],
  );
  let i = 0;
  const pick = () => {
    i += 1;
    return { f: facilities[(i * 7919) % facilities.length]!.id, m: months[(i * 31) % 12]! };
  };
  const mrStats = await time(
    () => {
      const { f, m } = pick();
      return national.get(`/fhir/MeasureReport?subject=Location/${f}&period=${m}`);
    },
    5,
    100,
  );
  i = 0;
  const valuesStats = await time(
    () => {
      const { f, m } = pick();
      return national.get(`/api/indicators/values?orgUnit=${f}&period=${m}&indicators=${ids}`);
    },
    5,
    100,
  );
  say(
    `  FHIR MeasureReport, facility-month        ${fmt(mrStats)}   target p95 ≤ 100 ms: ${mrStats.p95 <= 100 ? 'met' : 'NOT MET'}`,
  );
  say(
    `  baseline: JSON values, same pairs         ${fmt(valuesStats)}   MeasureReport/baseline p95 ${(mrStats.p95 / valuesStats.p95).toFixed(2)}×`,
  );
  say(`  after the run: ${machine()}`);
  await app.close();
});
