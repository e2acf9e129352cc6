/**
 * `npx tsx bench/rollup-aggregates.ts` (BENCH_DATABASE_URL, default 127.0.0.1:5433): the grouped
 * aggregation at the heart of every rollup statement (indicator-rollup-sql.ts `signedSums`), alone, on
 * 200,000 synthetic fact rows with 21 measures (the newborn source), in four forms, alternated six times
 * in one session: counts only (the rollups before cell keys), counts and key sums summed as bigints (the
 * first cell-key rollups), key sums reduced modulo 2^24 as integers, and the same with FILTER instead of
 * CASE (today). Prints each form's execution times (EXPLAIN ANALYZE, ms) and median. A server-side
 * measure of one statement, so less sensitive to a loaded machine than the import benchmark.
 */
import pg from 'pg';

const M = 21;
const ms = Array.from({ length: M }, (_, i) => i);
const FORMS: Record<string, string> = {
  countsOnly: ms.map((i) => `sum(case when c_${i} then sg else 0 end) as m_${i}`).join(', '),
  bigintKeys: ms
    .map(
      (i) =>
        `sum(case when c_${i} then sg else 0 end) as m_${i}, sum(case when c_${i} then sg * rk::bigint else 0 end) as k_${i}`,
    )
    .join(', '),
  intKeysCase: ms
    .map(
      (i) =>
        `sum(case when c_${i} then sg else 0 end) as m_${i}, (sum(case when c_${i} then sg * rk else 0 end) % 16777216)::int as k_${i}`,
    )
    .join(', '),
  intKeysFilter: ms
    .map(
      (i) =>
        `coalesce(sum(sg) filter (where c_${i}), 0) as m_${i}, (coalesce(sum(sg * rk) filter (where c_${i}), 0) % 16777216)::int as k_${i}`,
    )
    .join(', '),
};

const c = new pg.Client(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres');
await c.connect();
// Measures from rare (5 % of rows) to common (about 90 %), as the newborn measures are.
await c.query(
  `create temp table f as select (random() * 40)::int as fid, (random() * 12)::int as mon, 1 as sg,
     (random() * 16777215)::int as rk, ${ms.map((i) => `random() < ${(0.05 + (0.9 * i) / M).toFixed(2)} as c_${i}`).join(', ')}
   from generate_series(1, 200000)`,
);
await c.query('analyze f');
const times: Record<string, number[]> = {};
for (let round = 0; round < 6; round++)
  for (const [name, select] of Object.entries(FORMS)) {
    const r = await c.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
      `explain (analyze, format json) select fid, mon, ${select} from f group by fid, mon`,
    );
    (times[name] ??= []).push(r.rows[0]!['QUERY PLAN'][0]!['Execution Time']);
  }
for (const [name, t] of Object.entries(times)) {
  t.sort((a, b) => a - b);
  const median = (t[2]! + t[3]!) / 2;
  console.log(
    `${name.padEnd(14)} ${t.map((x) => x.toFixed(0).padStart(5)).join(' ')}   median ${median.toFixed(0)} ms`,
  );
}
await c.end();
