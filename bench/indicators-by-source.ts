/**
 * `tsx bench/indicators-by-source.ts` — what each indicator source costs in a province dashboard request
 * (issue 21): for the province with the most births, `getIndicatorValues` with the web's dashboard query
 * (previous period, children, 12-month trend) over each source's definitions alone, three times per
 * period, printed in ms with the load average. Reads only; the database is not migrated (run it on the
 * code whose sources are to be timed, against a database that code's rollups are installed in).
 *
 *   BENCH_DATABASE_URL=postgres://… [BENCH_SOURCES=screening,screening_result] [BENCH_DUMP=values.json] \
 *     tsx bench/indicators-by-source.ts
 *
 * `BENCH_DUMP` writes each indicator's values (period, previous, children, trend) of the first run, to
 * compare two versions of the code on the same data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../server/config';
import { openPostgresDb } from '../server/db/postgres-db';
import {
  getIndicatorValues,
  indicatorLibrary as LIBRARY,
} from '../server/features/indicators/indicators.service';
import { systemClock } from '../server/lib/clock';
import { regionManager } from './bench-kit';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required');
const only = process.env.BENCH_SOURCES?.split(',');
const say = (s: string) => process.stdout.write(`${s}\n`);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const db = await openPostgresDb(url);
try {
  const [province] = await db.query<{ id: string; name: string }>(
    `select p.id, p.name from org_units p
      where p.kind = 'province'
      order by (select count(*) from births b join org_units f on f.id = b.facility_id
                 where f.path like p.path || '%') desc
      limit 1`,
  );
  const [admin] = await db.query<{ id: string }>("select id from users where username = 'admin'");
  const [region] = await db.query<{ id: string; name: string; path: string }>(
    "select id, name, path from org_units where kind = 'region' limit 1",
  );
  const principal = regionManager(admin!.id, 'admin', region!);
  const deps = { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: systemClock };
  const bySource = new Map<string, string[]>();
  for (const d of LIBRARY.definitions) bySource.set(d.source, [...(bySource.get(d.source) ?? []), d.id]);
  const periods: Array<[string, { period?: string; from?: string; to?: string }]> = [
    ['2018 Q3', { period: '2018Q3' }],
    ['2020', { period: '2020' }],
    ['2 Mar-16 Dec 2024', { from: '2024-03-02', to: '2024-12-16' }],
  ];
  say(`province ${province!.name}, load ${load()}`);
  const dump: Record<string, string> = {};
  const sources: Array<[string, string[]]> = [
    ['all sources', LIBRARY.definitions.map((d) => d.id)],
    ...[...bySource.entries()].filter(([s]) => !only || only.includes(s)),
  ];
  for (const [source, ids] of sources) {
    for (const [label, period] of periods) {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const res = await getIndicatorValues(deps, principal, {
          orgUnit: province!.id,
          ...period,
          compare: 'previous',
          include: 'children,trends',
          indicators: ids.join(','),
        });
        ms.push(performance.now() - t0);
        if (i === 0 && source !== 'all sources')
          for (const v of res.indicators) dump[`${label} ${v.id}`] = JSON.stringify(v);
      }
      say(`${source.padEnd(20)} ${label.padEnd(18)} ${ms.map((x) => x.toFixed(1)).join(' / ')} ms`);
    }
  }
  say(`load at the end ${load()}`);
  if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(dump, null, 1));
} finally {
  await db.close();
}
