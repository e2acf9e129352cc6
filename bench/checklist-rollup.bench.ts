/**
 * BENCH_DATABASE_URL=postgres://…/<your database> npx tsx bench/checklist-rollup.bench.ts [--samples 40] [--rounds 2]
 *
 * The skills-checklist indicators (source `coaching_checklist`) on the dashboard of the province with
 * the most checklists, through the service of GET /api/indicators/values as the web asks for them
 * (previous period and 12-month trend), counted live from the records at each request (as before the
 * rollup: the same facts registered as a live source) and from the rollup, in turn, on the same data
 * and the same periods (years, quarters, months, ranges that cut months). Checks that both ways give
 * the same values, and prints p50/p95 with the load average. Needs a programme data set with coaching
 * (`npm run seed -- --scale programme …`); migrates it and rebuilds pending rollups first, so never
 * point it at a data set other branches share.
 */
import assert from 'node:assert/strict';
import { COACHING_CHECKLIST_INDICATORS } from '../shared/coaching/checklist-indicators';
import { periodFromRange } from '../shared/indicators/period';
import { loadConfig } from '../server/config';
import { openPostgresDb } from '../server/db/postgres-db';
import { COACHING_CHECKLIST_SOURCE } from '../server/features/coaching/checklist-indicator-source';
import { rebuildPendingRollups } from '../server/features/indicators/indicator-schema';
import {
  registerIndicatorSource,
  unregisterIndicatorSource,
} from '../server/features/indicators/indicator-source-registry';
import { getIndicatorValues } from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { createRng } from '../server/lib/rng';
import { migrate } from '../server/migrate';
import { fmt, machine, percentiles, regionManager } from './bench-kit';
import { option } from './cli-args';

const SAMPLES = Number(option('samples', '40'));
const ROUNDS = Number(option('rounds', '2'));
const URL_ = process.env.BENCH_DATABASE_URL;
const say = (s: string) => process.stdout.write(`${s}\n`);
const IDS = COACHING_CHECKLIST_INDICATORS.map((d) => d.id).join(',');

/** The same facts counted from the records at each request, as the source was before its rollup. */
const LIVE = {
  ...COACHING_CHECKLIST_SOURCE,
  kind: 'live' as const,
  unitsWithRecords:
    'select cc.venue_id from coaching_courses cc where exists (select 1 from coaching_checklists k where k.course_id = cc.id)',
};
function countLive(live: boolean) {
  unregisterIndicatorSource(COACHING_CHECKLIST_SOURCE.id);
  registerIndicatorSource(live ? LIVE : COACHING_CHECKLIST_SOURCE);
}

async function main() {
  if (!URL_ || /openeenc_bench/.test(URL_))
    throw new Error('Set BENCH_DATABASE_URL to a database of your own');
  const db = await openPostgresDb(URL_);
  try {
    await migrate(db, say);
    await rebuildPendingRollups(db, { log: say, chunk: 20 });
    const [province] = await db.query<{ id: string; name: string; path: string; n: number }>(
      `select p.id, p.name, p.path, count(*)::int as n
         from org_units p join org_units f on f.path like p.path || '%' and f.kind in ('facility', 'commune')
         join coaching_courses cc on cc.venue_id = f.id join coaching_checklists k on k.course_id = cc.id
        where p.kind = 'province' group by p.id order by n desc limit 1`,
    );
    if (!province) throw new Error('no checklists: generate a programme data set with coaching');
    const years = (
      await db.query<{ y: number }>(
        `select distinct extract(year from observed_on)::int as y from coaching_checklists order by 1`,
      )
    ).map((r) => r.y);
    const [region] = await db.query<{ id: string; name: string; path: string }>(
      "select id, name, path from org_units where kind = 'region' limit 1",
    );
    const principal = regionManager('00000000-0000-4000-8000-00000000be0c', 'bench', region!);
    const deps = { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: systemClock };
    const r = createRng(15);
    const periods = Array.from({ length: SAMPLES }, (_, i) => {
      const y = years[Math.floor(r() * years.length)]!;
      const mm = String(1 + Math.floor(r() * 12)).padStart(2, '0');
      if (i % 4 === 0) return { period: `${y}` };
      if (i % 4 === 1) return { period: `${y}Q${1 + Math.floor(r() * 4)}` };
      if (i % 4 === 2) return { period: `${y}${mm}` };
      const range = periodFromRange(
        `${y}-${mm}-0${1 + Math.floor(r() * 9)}`,
        `${y}-12-1${Math.floor(r() * 9)}`,
      );
      if (typeof range === 'string') throw new Error(range);
      return { from: range.from, to: range.to };
    });
    const ask = (p: (typeof periods)[number]) =>
      getIndicatorValues(deps, principal, {
        orgUnit: province.id,
        ...p,
        compare: 'previous',
        include: 'trends',
        indicators: IDS,
      });
    say(`${province.name}: ${province.n.toLocaleString('en')} checklists below it; ${machine()}`);
    const values: Record<string, string[]> = { live: [], rollup: [] };
    for (let round = 1; round <= ROUNDS; round++)
      for (const way of ['live', 'rollup'] as const) {
        countLive(way === 'live');
        await ask(periods[0]!);
        const ms: number[] = [];
        const got: string[] = [];
        for (const p of periods) {
          const t0 = performance.now();
          const res = await ask(p);
          ms.push(performance.now() - t0);
          got.push(JSON.stringify([res.indicators, res.previous, res.trends]));
        }
        values[way] = got;
        say(`round ${round}, ${way.padEnd(6)} all     ${fmt(percentiles(ms))}   (${machine()})`);
        // Years, quarters and months (whole months from the rollup), and ranges that cut months.
        const whole = ms.filter((_, i) => i % 4 !== 3);
        say(`round ${round}, ${way.padEnd(6)} periods ${fmt(percentiles(whole))}`);
        say(`round ${round}, ${way.padEnd(6)} ranges  ${fmt(percentiles(ms.filter((_, i) => i % 4 === 3)))}`);
      }
    countLive(false);
    assert.deepEqual(values.rollup, values.live, 'the rollup and the records give different values');
    say(`same values both ways for all ${SAMPLES} requests`);
  } finally {
    await db.close();
  }
}

await main();
