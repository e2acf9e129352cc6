import type { Measure } from '../../../shared/indicators/definitions';
import { evaluateFilter } from '../../../shared/indicators/filter';
import { type CalendarGrain, countGrainOf, splitWindow } from '../../../shared/indicators/period';
import { type DimensionId, SOURCES, STORED_DIMENSIONS } from '../../../shared/indicators/sources';
import type { OrgUnitKind } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import { dayNumber } from '../../db/day-number';
import { recordKeyOfIdSql } from '../../db/record-key';
import { dayKindsOf, keepsServicePoints, readDayRollupOf } from './indicator-day-rollup';
import { findIndicatorSource, findRolledUpSource } from './indicator-source-registry';
import {
  clockMeasures,
  clockTableOf,
  col,
  compileFilter,
  type FactSource,
  type FacilityTimeline,
  type LiveSource,
  filterNeeds,
  keyCol,
  periodEndThresholdSql,
  recordKeySql,
  type RolledUpSource,
  weightedCount,
  weightedKeys,
} from './indicator-sources';

/**
 * The indicator engine: counts of measures for cells (org unit subtree × date range), optionally split by
 * a disaggregation. Whole months come from the rollups (the org unit's own rows: a country over a
 * quarter is 3 rows); the days of partial months come exactly from the records through the
 * (facility_id, birth_date) index, restricted to the unit's facilities. Every part of a request is one
 * SQL statement per source, whatever the number of cells.
 */
export type EngineUnit = { id: string; path: string; kind: OrgUnitKind };
export type Cell = { unit: EngineUnit; from: string; to: string };
export type Counts = Record<string, number>;
/**
 * Where counts asked `withKeys` keep the sum of a measure's record keys (the cell-key method,
 * shared/indicators/cell-key.ts), next to the count under the measure's id.
 */
export const keySumOf = (measureId: string) => `${measureId}#keys`;
/** Options of a count: `withKeys` also sums each measure's record keys (for perturbed readers). */
export type CountOptions = { withKeys?: boolean };
/** Disaggregated counts: dimension value → counts. */
export type SplitCounts = Record<string, Counts>;

/**
 * The engine's statements are a fixed set of texts (one per source and measure set) run at every
 * request: prepared, each engine parses and plans each once per connection (a generic plan: nested
 * loops over the cells into index lookups, whatever the parameters).
 */
const PREPARED = { prepare: true } as const;

/**
 * The EENC ladder of each facility as a table kept by triggers from the view `facility_eenc_status`
 * (migration 0077): evaluating the view per facility at every request cost about 43 ms for the region.
 */
const STATUS_TABLE = 'facility_eenc_status_current';

const STORED_KINDS: ReadonlySet<OrgUnitKind> = new Set(['region', 'country', 'province']);
const SERVICE_POINTS = `('facility', 'commune')`;

/** Upper bound of a subtree's paths: descendants of '/a/b/' sort between '/a/b/' and '/a/b0'. */
export const pathUpper = (path: string) => `${path.slice(0, -1)}0`;

const addInto = (target: Counts, row: Record<string, unknown>, ms: readonly Measure[]) => {
  for (const m of ms) {
    target[m.id] = (target[m.id] ?? 0) + Number(row[col(m)] ?? 0);
    const k = row[keyCol(m)];
    if (k !== undefined) target[keySumOf(m.id)] = (target[keySumOf(m.id)] ?? 0) + Number(k ?? 0);
  }
};

type Edge = { i: number; lo: string; hi: string; d1: string; d2: string; ou: string; kind: OrgUnitKind };

function splitCells(cells: readonly Cell[]) {
  const months: Array<{
    i: number;
    ou: string;
    m1: string;
    m2: string;
    lo: string;
    hi: string;
    kind: OrgUnitKind;
  }> = [];
  const edges: Edge[] = [];
  cells.forEach((c, i) => {
    const s = splitWindow(c.from, c.to);
    const lo = c.unit.path;
    const hi = pathUpper(lo);
    if (s.months)
      months.push({ i, ou: c.unit.id, m1: s.months[0], m2: s.months[1], lo, hi, kind: c.unit.kind });
    for (const [d1, d2] of s.edges) edges.push({ i, lo, hi, d1, d2, ou: c.unit.id, kind: c.unit.kind });
  });
  return { months, edges };
}

function rawFrom(
  source: FactSource,
  measures: readonly Measure[],
  extra: { birth?: boolean; withKeys?: boolean } = {},
) {
  let birth = extra.birth ?? false;
  let status = false;
  for (const m of measures) {
    const n = filterNeeds(source, m.where);
    birth ||= n.birth;
    status ||= n.status;
  }
  return (
    `join ${source.factTable} on ${source.facility} = o.id and ${source.date} between c.d1 and c.d2` +
    (birth && source.birthJoin ? ` ${source.birthJoin}` : '') +
    (status ? ` left join ${STATUS_TABLE} s on s.facility_id = ${source.facility}` : '') +
    // Each fact row's record key, computed once for all the measures that sum it.
    (extra.withKeys ? ` cross join lateral (select ${recordKeySql(source)} as rk) rk` : '')
  );
}

const countsSelect = (source: FactSource, ms: readonly Measure[], withKeys = false) =>
  ms
    .map((m) => {
      const where = compileFilter(source, m.where);
      const count = `${weightedCount(source, where)} as ${col(m)}`;
      return withKeys ? `${count}, ${weightedKeys(source, where)} as ${keyCol(m)}` : count;
    })
    .join(', ');
const sumsSelect = (ms: readonly Measure[], withKeys = false) =>
  ms
    .map(
      (m) =>
        `coalesce(sum(r.${col(m)}), 0) as ${col(m)}` +
        (withKeys ? `, coalesce(sum(r.${keyCol(m)}), 0) as ${keyCol(m)}` : ''),
    )
    .join(', ');

type Row = Record<string, unknown> & { i: number };

/** One SELECT of a request: its text (parameters $1…$n of its own), its parameters, and its rows' use. */
type Part = { sql: string; params: readonly unknown[]; take(rows: readonly Row[]): void };

/**
 * Whole months from the rollup; partial months from the day rollup for a province and above (where the
 * source has one), from the records below, or, where the day rollup keeps the service points' rows (a
 * recounted source), from those rows of the unit's subtree: up to three parts per source. A rollup part also says whether
 * its rollup has facilities still to count (an online rebuild): in the same snapshot, so when it says
 * no, the rows it read are complete. When it says yes, `rebuilding` gets the source and the caller counts
 * it from the records instead.
 */
function rolledUpParts(
  source: RolledUpSource,
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  rebuilding: Set<RolledUpSource>,
  withKeys: boolean,
): Part[] {
  const { months, edges } = splitCells(cells);
  const take = (rows: readonly Row[]) => {
    for (const r of rows) addInto(out[r.i]!, r, ms);
  };
  const takeUnlessRebuilding = (rows: readonly Row[]) => {
    if (rows.some((r) => r.rebuilding)) rebuilding.add(source);
    else take(rows);
  };
  const rowsPart = (
    rollup: RolledUpSource,
    grain: 'month' | 'day',
    ranges: readonly RollupRange[],
  ): Part => ({
    sql: `select c.i, exists (select 1 from ${rollup.pendingTable}) as rebuilding, x.*
           from unnest($1::int[], $2::uuid[], $3::date[], $4::date[]) as c(i, ou, m1, m2)
           cross join lateral (select ${sumsSelect(ms, withKeys)} from ${rollup.table} r
                                where r.org_unit_id = c.ou and r.${grain} between c.m1 and c.m2) x`,
    params: [
      ranges.map((m) => m.i),
      ranges.map((m) => m.ou),
      ranges.map((m) => m.m1),
      ranges.map((m) => m.m2),
    ],
    take: takeUnlessRebuilding,
  });
  const parts: Part[] = [];
  if (months.length)
    parts.push(
      sharesUnits(months)
        ? runningSumsPart(source, months, ms, withKeys, takeUnlessRebuilding)
        : rowsPart(source, 'month', months),
    );
  const day = readDayRollupOf(source);
  const kinds = day ? dayKindsOf(day) : undefined;
  const byDay = kinds ? edges.filter((e) => kinds.has(e.kind)) : [];
  const rest = kinds ? edges.filter((e) => !kinds.has(e.kind)) : edges;
  if (byDay.length)
    parts.push(
      rowsPart(
        day!,
        'day',
        byDay.map((e) => ({ i: e.i, ou: e.ou, m1: e.d1, m2: e.d2 })),
      ),
    );
  if (rest.length && day && keepsServicePoints(day))
    // Summed from the service points' day rows of each cell's subtree.
    parts.push(
      subtreePart(
        `select c.i, exists (select 1 from ${day.pendingTable}) as rebuilding`,
        sumsSelect(ms, withKeys),
        `join ${day.table} r on r.org_unit_id = o.id and r.day between c.d1 and c.d2`,
        rest,
        takeUnlessRebuilding,
      ),
    );
  else if (rest.length) parts.push(rawPart(source, rest, ms, take, withKeys));
  return parts;
}

/** Rows of a rollup to sum for a cell: its unit's rows from `m1` to `m2` (months, or days). */
type RollupRange = { i: number; ou: string; m1: string; m2: string };

/**
 * Whether many month ranges ask about few units (every country × every quarter; the states at the ends
 * of a trend's periods, each summed from the first month): then each unit's rows are read once.
 */
const sharesUnits = (ranges: readonly RollupRange[]) =>
  ranges.length >= LARGE_REQUEST_CELLS && new Set(ranges.map((r) => r.ou)).size * 4 <= ranges.length;

/**
 * The month rows of many ranges over few units, each unit's rows from the earliest month asked to the
 * latest read once (one index scan per unit instead of one per range) as running sums in month order;
 * a range's sum is the running sum at its last month with a row up to `m2` less the one before `m1`,
 * both found by `width_bucket` in the unit's sorted months. The heaviest view's states at the period's
 * end (640 ranges from STATE_FROM, 16 countries) read about 1,300 rows instead of 21,000 (BENCHMARKS.md).
 */
function runningSumsPart(
  source: RolledUpSource,
  ranges: readonly RollupRange[],
  ms: readonly Measure[],
  withKeys: boolean,
  take: (rows: readonly Row[]) => void,
): Part {
  const cols = ms.flatMap((m) => (withKeys ? [col(m), keyCol(m)] : [col(m)]));
  return {
    sql: `select c.i, exists (select 1 from ${source.pendingTable}) as rebuilding,
             ${cols.map((k) => `coalesce(s.${k}[width_bucket(c.m2, s.months)], 0) - coalesce(s.${k}[width_bucket(c.m1 - 1, s.months)], 0) as ${k}`).join(', ')}
        from unnest($1::int[], $2::uuid[], $3::date[], $4::date[]) as c(i, ou, m1, m2)
        left join (select r.org_unit_id, array_agg(r.month order by r.month) as months,
                          ${cols.map((k) => `array_agg(r.${k} order by r.month) as ${k}`).join(', ')}
                     from (select r.org_unit_id, r.month, ${cols.map((k) => `sum(r.${k}) over w as ${k}`).join(', ')}
                             from ${source.table} r
                            where r.org_unit_id = any($2::uuid[])
                              and r.month between (select min(m) from unnest($3::date[]) m) and (select max(m) from unnest($4::date[]) m)
                           window w as (partition by r.org_unit_id order by r.month)) r
                    group by r.org_unit_id) s on s.org_unit_id = c.ou`,
    params: [
      ranges.map((m) => m.i),
      ranges.map((m) => m.ou),
      ranges.map((m) => m.m1),
      ranges.map((m) => m.m2),
    ],
    take,
  };
}

/** Ranges of days of the cells' subtrees counted from the records of a source. */
const rawPart = (
  source: FactSource,
  edges: readonly Edge[],
  ms: readonly Measure[],
  take: (rows: readonly Row[]) => void,
  withKeys: boolean,
): Part =>
  subtreePart(
    `${withPrelude(source)}select c.i`,
    countsSelect(source, ms, withKeys),
    rawFrom(source, ms, { withKeys }),
    edges,
    take,
  );

/** Per range of days of a cell's subtree (`c`), `select` over its service points `o` and what `join` adds. */
const subtreePart = (
  head: string,
  select: string,
  join: string,
  edges: readonly Edge[],
  take: (rows: readonly Row[]) => void,
): Part => ({
  sql: `${head}, x.*
         from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as c(i, lo, hi, d1, d2)
         cross join lateral (select ${select}
           from org_units o ${join}
          where o.path ~>=~ c.lo and o.path ~<~ c.hi and o.kind in ${SERVICE_POINTS}) x`,
  params: edgeParams(edges),
  take,
});

const withPrelude = (source: FactSource) => (source.prelude ? `with ${source.prelude} ` : '');

/** The longest path holding every cell's unit (the subtree a request's cells share). */
const commonPath = (cells: readonly Cell[]): string => {
  let common = cells[0]!.unit.path;
  for (const c of cells) while (!c.unit.path.startsWith(common)) common = common.replace(/[^/]+\/$/, '');
  return common;
};

/**
 * The clock's correction of a rolled-up source (`clock`, indicator-sources.ts): the rollup and the edge
 * days count a clock field as it will end; the rows of its clock table (indicator-rollup-sql.ts) whose
 * clock ends after `asOf` hold, per measure reading such a field, the difference between its value now
 * and as counted. Read facility by facility through the (facility, end) index, the days filtered
 * outside (`offset 0`: with the days inside, the prepared generic plan read every row of a facility's
 * year by its primary key, 0.5 s at the region instead of 40-75 ms; without it, a scan of the whole
 * table), once for the request's common subtree, then summed per unit asked about and day, then per
 * cell: the follow-ups still open.
 */
function clockPart(
  source: RolledUpSource,
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  asOf: Date,
  withKeys: boolean,
): Part | null {
  const clocked = clockMeasures(source, ms);
  if (clocked.length === 0) return null;
  // Per (unit, day) first, then per cell: a unit's open rows of a day are one row for all its cells.
  const perDay = clocked
    .map(
      (m) => `sum(k.${col(m)}) as ${col(m)}` + (withKeys ? `, sum(k.${col(m)} * k.rk) as ${keyCol(m)}` : ''),
    )
    .join(', ');
  const sums = clocked
    .map(
      (m) =>
        `coalesce(sum(g.${col(m)}), 0) as ${col(m)}` +
        (withKeys ? `, coalesce(sum(g.${keyCol(m)}), 0) as ${keyCol(m)}` : ''),
    )
    .join(', ');
  const lo = commonPath(cells);
  const units = [...new Map(cells.map((c) => [c.unit.id, c.unit])).values()];
  // The open rows summed per (unit asked about, day) first, each unit's subtree scanned once: a unit's
  // cells (current and previous period, the trend's months) then read a few rows each.
  const sql = `with open as materialized (
      select o.path, k.* from org_units o
        cross join lateral (select * from ${clockTableOf(source)} k
                             where k.facility_id = o.id and k.ends_at > $5::timestamptz offset 0) k
       where k.day between $6 and $7 and o.path ~>=~ $8 and o.path ~<~ $9 and o.kind in ${SERVICE_POINTS})
    , by_day as (select u.ou, k.day, ${perDay}
      from unnest($10::uuid[], $11::text[], $12::text[]) as u(ou, lo, hi)
      join open k on k.path ~>=~ u.lo and k.path ~<~ u.hi
     group by 1, 2)
    select c.i, ${sums}
      from unnest($1::int[], $2::uuid[], $3::date[], $4::date[]) as c(i, ou, d1, d2)
      join by_day g on g.ou = c.ou and g.day between c.d1 and c.d2
     group by c.i`;
  return {
    sql,
    params: [
      cells.map((_, i) => i),
      cells.map((c) => c.unit.id),
      cells.map((c) => c.from),
      cells.map((c) => c.to),
      asOf.toISOString(),
      cells.reduce((m, c) => (c.from < m ? c.from : m), cells[0]!.from),
      cells.reduce((m, c) => (c.to > m ? c.to : m), cells[0]!.to),
      lo,
      pathUpper(lo),
      units.map((u) => u.id),
      units.map((u) => u.path),
      units.map((u) => pathUpper(u.path)),
    ],
    take: (rows) => {
      for (const r of rows) addInto(out[r.i]!, r, clocked);
    },
  };
}

/** Each cell's whole range as one range of days. */
const wholeCells = (cells: readonly Cell[]): Edge[] =>
  cells.map((c, i) => ({
    i,
    lo: c.unit.path,
    hi: pathUpper(c.unit.path),
    d1: c.from,
    d2: c.to,
    ou: c.unit.id,
    kind: c.unit.kind,
  }));

const edgeParams = (edges: readonly Edge[]) => [
  edges.map((e) => e.i),
  edges.map((e) => e.lo),
  edges.map((e) => e.hi),
  edges.map((e) => e.d1),
  edges.map((e) => e.d2),
];

/**
 * The ladder's fields as SQL (shared/indicators/sources.ts, `facility`): a facility's own columns from
 * its org unit, the dates of its steps from the ladder's table.
 */
const FACILITY_FIELDS = {
  id: 'facility',
  fields: Object.fromEntries(
    Object.entries(SOURCES.facility.fields).map(([name, spec]) => [
      name,
      { sql: spec.facilityAttribute ? `s.${name.replace(/^facility_/, '')}` : `o.${name}` },
    ]),
  ),
};

/**
 * Scale-up counts of facilities, counted in SQL: each facility under each unit asked about read once,
 * with each measure's threshold (the first period end from which it counts, `periodEndThresholdSql`,
 * generated from the measure's filter) evaluated once per facility; then each cell counts
 * its unit's facilities whose threshold is reached by its period end and that are not closed by then (a
 * facility closed on day c, DHIS2 closedDate, counts for period ends before c only; closed before it
 * reached the threshold, it never counts). A request's answer is a row per cell (per cell and value when
 * split), not a row per facility: the region's 2,522 facility rows, sent to be counted in JavaScript,
 * cost 20-60 ms of its dashboard (BENCHMARKS.md). The `offset 0` keeps the subtree lookup a subquery:
 * flattened into the join, the planner misjudges the path range and scans every org unit for each unit
 * asked about (1.1 ms instead of 0.2 for one).
 */
function facilityPart(
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  dim?: DimensionId,
  split?: SplitCounts[],
): Part {
  const units = [...new Set(cells.map((c) => c.unit.path))];
  const unitIndex = new Map(units.map((u, k) => [u, k + 1]));
  const value = dim === 'facility_level' ? `coalesce(o.facility_level, 'unknown')` : `''`;
  const thresholds = ms.map((m, k) => `${periodEndThresholdSql(FACILITY_FIELDS, m.where)} as t${k}`);
  // Per unit asked about (and value when split), each measure's thresholds and closing days sorted: a
  // facility counts at a period end once its threshold is reached, and stops when it closes (those closed
  // before reaching it never count). A cell's count is then two binary searches (`width_bucket`: how many
  // of a sorted array are at most the end) instead of a pass over the unit's facilities.
  const counted = (k: number) => `f.t${k} is not null and (f.closed_on is null or f.closed_on > f.t${k})`;
  const lists = ms.map(
    (_, k) =>
      `array_agg(f.t${k} order by f.t${k}) filter (where ${counted(k)}) as o${k}, ` +
      `array_agg(f.closed_on order by f.closed_on) filter (where ${counted(k)} and f.closed_on is not null) as c${k}`,
  );
  const counts = ms.map(
    (m, k) =>
      `coalesce(width_bucket(c.d, g.o${k}), 0) - coalesce(width_bucket(c.d, g.c${k}), 0) as ${col(m)}`,
  );
  return {
    sql: `with f as materialized (
         select u.k, ${value} as v, o.closed_on, ${thresholds.join(', ')}
           from unnest($1::text[], $2::text[]) with ordinality as u(lo, hi, k)
           cross join lateral (select * from org_units o
                                where o.path ~>=~ u.lo and o.path ~<~ u.hi and o.kind in ${SERVICE_POINTS}
                               offset 0) o
           left join ${STATUS_TABLE} s on s.facility_id = o.id)
       , g as (select f.k, f.v, ${lists.join(', ')} from f group by f.k, f.v)
       select c.i, g.v, ${counts.join(', ')}
         from unnest($3::int[], $4::int[], $5::date[]) as c(i, k, d)
         join g on g.k = c.k`,
    params: [
      units,
      units.map(pathUpper),
      cells.map((_, i) => i),
      cells.map((c) => unitIndex.get(c.unit.path)!),
      cells.map((c) => c.to),
    ],
    take: (rows) => {
      for (const r of rows as ReadonlyArray<Row & { v: string }>)
        if (split && dim) addInto((split[r.i]![r.v] ??= {}), r, ms);
        else addInto(out[r.i]!, r, ms);
    },
  };
}

function bySource(measures: readonly Measure[]) {
  const map = new Map<string, Measure[]>();
  for (const m of measures) map.set(m.source, [...(map.get(m.source) ?? []), m]);
  return map;
}

/**
 * The first day a state's changes are counted from: a state at a period's end (`periodEnd` measures)
 * is the sum of its signed changes up to that day, so its cell starts here instead of at the period's
 * start. Whole months then come from the rollup (every month up to the period's last), the days of a
 * last month cut by the period from the records.
 */
const STATE_FROM = '1900-01-01';

/**
 * The measures of one source in the groups the engine counts separately: events of the period over
 * the cells as asked, states at the period's end over the cells from STATE_FROM, and counts that do not
 * add up over months asked over another range (`overRange`) from the source's range facts.
 */
function byCounting(cells: readonly Cell[], ms: readonly Measure[]) {
  const events = ms.filter((m) => !m.periodEnd && !m.overRange);
  const states = ms.filter((m) => m.periodEnd);
  const ranged = ms.filter((m) => m.overRange);
  return [
    ...(events.length ? [{ cells, ms: events, ranged: false }] : []),
    ...(states.length
      ? [{ cells: cells.map((c) => ({ ...c, from: STATE_FROM })), ms: states, ranged: false }]
      : []),
    ...(ranged.length ? [{ cells, ms: ranged, ranged: true }] : []),
  ];
}

/**
 * A source's facts of a range of days taken as one period (`rangeFactTable`), for the measures that do
 * not add up over months (`overRange`): read like its records, over each cell's whole range.
 */
function rangeFactsOf(source: RolledUpSource): RolledUpSource {
  if (!source.rangeFactTable)
    throw new Error(`Indicator source ${source.id} has a count by calendar grain but no rangeFactTable`);
  return { ...source, factTable: source.rangeFactTable };
}

/**
 * Counts that do not add up over months, over ranges that are no calendar month, quarter or year
 * (`overRange`): the source's range facts read once per distinct range of the request over the cells'
 * common subtree, each row with its facility's path, then counted per cell by its subtree. A region's
 * dashboard asks the same range (and its previous one) of the region and of each country: two reads of
 * the region's facilities instead of one per cell. Range facts may not need the birth or the ladder.
 */
function rangePart(
  source: RolledUpSource,
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  withKeys: boolean,
): Part {
  const facts = rangeFactsOf(source);
  const lo = commonPath(cells);
  // A country or the region: the range's facts of every facility at once, kept when in the subtree.
  const subtree = source.rangeSubtreeFactTable && cells.some((c) => SUBTREE_KINDS.has(c.unit.kind));
  const sql = `with c as materialized (select distinct d1, d2 from unnest($4::date[], $5::date[]) as r(d1, d2)),
    f as materialized (
      select c.d1 as f_d1, c.d2 as f_d2, o.path as f_path, hc.*
        from ${
          subtree
            ? `c cross join ${source.rangeSubtreeFactTable}
        join org_units o on o.id = ${facts.facility} and o.path ~>=~ $6 and o.path ~<~ $7 and o.kind in ${SERVICE_POINTS}`
            : `c cross join lateral (select o.id, o.path from org_units o
                                    where o.path ~>=~ $6 and o.path ~<~ $7 and o.kind in ${SERVICE_POINTS} offset 0) o
        join ${facts.factTable} on ${facts.facility} = o.id and ${facts.date} between c.d1 and c.d2`
        })
    select x.i, ${countsSelect(facts, ms, withKeys)}
      from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as x(i, lo, hi, d1, d2)
      join f hc on hc.f_d1 = x.d1 and hc.f_d2 = x.d2 and hc.f_path ~>=~ x.lo and hc.f_path ~<~ x.hi
      ${withKeys ? `cross join lateral (select ${recordKeySql(facts)} as rk) rk` : ''}
     group by x.i`;
  return {
    sql,
    params: [...edgeParams(wholeCells(cells)), lo, pathUpper(lo)],
    take: (rows) => {
      for (const r of rows) addInto(out[r.i]!, r, ms);
    },
  };
}

/** The kinds whose cells a live source with `subtreeFactTable` reads as one subtree. */
const SUBTREE_KINDS: ReadonlySet<OrgUnitKind> = new Set(['region', 'country']);

/**
 * Sources without a rollup: the whole range of each cell from the records. The cells of a country or
 * the region from the source's `subtreeFactTable` when it has one (one range of its facts per cell, not
 * a lookup per facility), the others per service point: a statement each.
 */
function liveParts(
  source: LiveSource,
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  asOf: Date,
  withKeys: boolean,
): Part[] {
  const subtree = source.subtreeFactTable;
  if (!subtree || !cells.some((c) => SUBTREE_KINDS.has(c.unit.kind)))
    return [livePart(source, cells, ms, out, asOf, withKeys)];
  const take = (rows: readonly Row[]) => {
    for (const r of rows) addInto(out[r.i]!, r, ms);
  };
  const whole = wholeCells(cells);
  const big = whole.filter((e) => SUBTREE_KINDS.has(e.kind));
  const small = whole.filter((e) => !SUBTREE_KINDS.has(e.kind));
  const sql = `${withPrelude(source)}select c.i, x.*
     from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as c(i, lo, hi, d1, d2)
     cross join lateral (select ${countsSelect(source, ms, withKeys)} from ${subtree}${
       withKeys ? ` cross join lateral (select ${recordKeySql(source)} as rk) rk` : ''
     }) x`;
  const parts = [edgesWithAsOf(sql, big, asOf, take)];
  if (small.length) parts.push(liveEdgesPart(source, small, ms, take, asOf, withKeys));
  return parts;
}

/**
 * Sources without a rollup (postnatal care): the whole range of each cell from the records, one
 * statement for all cells. `asOf` is the app's clock (whether a follow-up is over).
 */
function livePart(
  source: FactSource,
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  asOf: Date,
  withKeys: boolean,
): Part {
  return liveEdgesPart(
    source,
    wholeCells(cells),
    ms,
    (rows) => {
      for (const r of rows) addInto(out[r.i]!, r, ms);
    },
    asOf,
    withKeys,
  );
}

/** Ranges of days of the cells' subtrees counted from a source's records, per service point. */
function liveEdgesPart(
  source: FactSource,
  edges: readonly Edge[],
  ms: readonly Measure[],
  take: (rows: readonly Row[]) => void,
  asOf: Date,
  withKeys: boolean,
): Part {
  const sql = `${source.prelude ? `with ${source.prelude} ` : ''}select c.i, x.*
       from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as c(i, lo, hi, d1, d2)
       cross join lateral (select ${countsSelect(source, ms, withKeys)}
         from org_units o ${rawFrom(source, ms, { withKeys })}
        where o.path ~>=~ c.lo and o.path ~<~ c.hi and o.kind in ${SERVICE_POINTS}${
          source.unitsWithRecords ? ` and o.id in (${source.unitsWithRecords})` : ''
        }) x`;
  return edgesWithAsOf(sql, edges, asOf, take);
}

/** A part over ranges of days `edges` ($1…$5), with the app's clock as $6 where the SQL reads `$asOf`. */
function edgesWithAsOf(
  sql: string,
  edges: readonly Edge[],
  asOf: Date,
  take: (rows: readonly Row[]) => void,
): Part {
  const usesAsOf = sql.includes('$asOf');
  return {
    sql: usesAsOf ? sql.replaceAll('$asOf', '$6') : sql,
    params: usesAsOf ? [...edgeParams(edges), asOf.toISOString()] : edgeParams(edges),
    take,
  };
}

/** Whether an ascending list of day numbers has one from `from` to `to` (binary search). */
const hasDayIn = (days: Int32Array, from: number, to: number) => {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < days.length && days[lo]! <= to;
};
type Span = [string, string | null];
/** Spans as day numbers, flat pairs [from, until): `until` is Infinity while the span still holds. */
const spanDays = (spans: readonly Span[]) => {
  const out = new Float64Array(spans.length * 2);
  spans.forEach(([from, until], k) => {
    out[2 * k] = dayNumber(from);
    out[2 * k + 1] = until === null ? Infinity : dayNumber(until);
  });
  return out;
};
const inSpan = (spans: Float64Array, day: number) => {
  for (let k = 0; k < spans.length; k += 2) if (spans[k]! <= day && day < spans[k + 1]!) return true;
  return false;
};
const NO_DAYS = new Int32Array(0);
const NO_SPANS = new Float64Array(0);
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
/**
 * A relation's day numbers (comma-separated, any order) ascending, read digit by digit: the heaviest
 * view's 74,000 starts as strings and numbers cost more than the rest of the evaluation.
 */
const dayList = (list: string | null | undefined): Int32Array => {
  if (!list) return NO_DAYS;
  let n = 1;
  for (let k = 0; k < list.length; k++) if (list.charCodeAt(k) === COMMA) n++;
  const days = new Int32Array(n);
  let d = 0;
  let sign = 1;
  let sorted = true;
  for (let k = 0, j = 0; k <= list.length; k++) {
    const c = k < list.length ? list.charCodeAt(k) : COMMA;
    if (c === MINUS) sign = -1;
    else if (c !== COMMA) d = d * 10 + (c - ZERO);
    else {
      d *= sign;
      if (j > 0 && d < days[j - 1]!) sorted = false;
      days[j++] = d;
      d = 0;
      sign = 1;
    }
  }
  return sorted ? days : days.sort();
};

/**
 * A live source with a facility timeline (`timeline`, indicator-sources.ts): each facility under the
 * cells' units read once, with its spans and event days; each cell's facts evaluated from them here as
 * day numbers (server/db/day-number.ts), and its measures counted with the filters' JavaScript twin
 * (shared/indicators/filter.ts).
 */
function timelinePart(
  source: LiveSource & { timeline: FacilityTimeline },
  cells: readonly Cell[],
  ms: readonly Measure[],
  out: Counts[],
  withKeys: boolean,
): Part {
  const tl = source.timeline;
  // Each facility is read once, however many of the units asked hold it (the region's dashboard asks
  // the region and each of its countries: 5,044 rows read, sent and parsed for 2,522 facilities): only
  // the units not under another unit asked (the roots) are read, and a facility's row says its root and
  // as much of its path below the root as tells which units asked under the root hold it.
  const units = [...new Set(cells.map((c) => c.unit.path))];
  const roots = units.filter((u) => !units.some((v) => v !== u && u.startsWith(v)));
  const below = roots.map(
    (r) => new Set(units.filter((u) => u !== r && u.startsWith(r)).map((u) => u.slice(r.length))),
  );
  const tail = Math.max(0, ...below.flatMap((set) => [...set].map((u) => u.length)));
  const from = cells.reduce((m, c) => (c.from < m ? c.from : m), cells[0]!.from);
  const to = cells.reduce((m, c) => (c.to > m ? c.to : m), cells[0]!.to);
  // The facilities once, then each span and day list as a relation. For a request of a country or the
  // region (or a large one) each relation is read whole for the roots' subtrees, materialized, and joined
  // to the facilities by hash: one pass over a few hundred pages. Inlined into the join, the planner
  // expected ten facilities from the path range and looked each relation up per facility (a region
  // dashboard's readiness: 20,154 buffers; the largest country's: 38,460; now 1,000 and 736,
  // BENCHMARKS.md). Per facility otherwise (index lookups; one prepared plan serves every size, and a
  // plan for thousands reads whole tables for one facility). The day lists are stored rows (migration
  // 0130), read whole without a group to sort (the index of 0110, grouped over all facilities at once,
  // sorted the heaviest view's 74,000 starts on disk).
  const large = runsAtOnce(cells);
  const parts = [
    ...Object.entries(tl.spans).map(([name, rel]) => [`s_${name}`, rel, large] as const),
    ...Object.entries(tl.days).map(([name, rel]) => [`d_${name}`, rel, large] as const),
  ];
  const whole = parts.filter(([, , all]) => all);
  const sql = `with ${whole
    .map(
      ([name, rel]) =>
        `${name} as materialized (${rel.replaceAll(
          '$facilities',
          `select o.id from unnest($1::text[], $2::text[]) as r(lo, hi)
             join org_units o on o.path ~>=~ r.lo and o.path ~<~ r.hi and o.kind in ${SERVICE_POINTS}`,
        )}), `,
    )
    .join('')}f as materialized (
         select c.k::int as k, left(substr(o.path, length(c.lo) + 1), $5::int) as p, o.id
           from unnest($1::text[], $2::text[]) with ordinality as c(lo, hi, k)
          cross join lateral (select o.id, o.path from org_units o
                               where o.path ~>=~ c.lo and o.path ~<~ c.hi and o.kind in ${SERVICE_POINTS}
                                 and ${tl.where} offset 0) o)
       select f.k, f.p${parts.map(([name]) => `, ${name}.v as ${name}`).join('')}${
         withKeys ? `, ${recordKeyOfIdSql('f.id')} as rk` : ''
       }
         from f${parts
           .map(([name, rel, all]) =>
             all
               ? ` left join ${name} on ${name}.facility_id = f.id`
               : ` left join lateral (${rel.replaceAll('$facilities', 'f.id')}) ${name} on true`,
           )
           .join('')}`;
  type TimelineRow = Record<string, unknown> & { k: number; p: string };
  // The fields are booleans: each measure's filter is evaluated once per combination of them (a bit
  // each), so a (cell, facility) costs its fields' checks and a table lookup per measure.
  const fields = Object.values(tl.fields);
  const passes = ms.map((m) =>
    Array.from({ length: 1 << fields.length }, (_, mask) =>
      evaluateFilter(
        m.where,
        Object.fromEntries(Object.keys(tl.fields).map((name, b) => [name, (mask & (1 << b)) !== 0])),
      ),
    ),
  );
  // Column names once, not per row; a facility without spans or days shares the empty lists.
  const dayColumns = Object.keys(tl.days).map((name) => [name, `d_${name}`] as const);
  const spanColumns = fields.map((f) => (f.spans ?? []).map((s) => `s_${s}`));
  type Facility = { rk: number; spans: Float64Array[]; days: Int32Array[] };
  const take = (rows: readonly TimelineRow[]) => {
    const byUnit = new Map<string, Facility[]>(units.map((u) => [u, []]));
    for (const row of rows) {
      const days: Record<string, Int32Array> = {};
      for (const [name, column] of dayColumns) days[name] = dayList(row[column] as string | null);
      const facility: Facility = {
        rk: Number(row.rk ?? 0),
        spans: spanColumns.map((columns) => {
          const spans = columns.flatMap((c) => (row[c] as Span[] | null) ?? []);
          return spans.length ? spanDays(spans) : NO_SPANS;
        }),
        days: fields.map((f) => {
          const lists = (f.days ?? []).map((d) => days[d]!);
          if (lists.length === 0) return NO_DAYS;
          return lists.length === 1 ? lists[0]! : Int32Array.from(lists.flatMap((l) => [...l])).sort();
        }),
      };
      const root = roots[row.k - 1]!;
      byUnit.get(root)!.push(facility);
      // The units asked under the root on the facility's path ('a/b/': 'a/', 'a/b/').
      const under = below[row.k - 1]!;
      if (under.size)
        for (let k = row.p.indexOf('/'); k >= 0; k = row.p.indexOf('/', k + 1)) {
          const rest = row.p.slice(0, k + 1);
          if (under.has(rest)) byUnit.get(root + rest)!.push(facility);
        }
    }
    // Per unit, its facilities × its cells, counted into flat arrays (cell × measure).
    const cellsOf = new Map<string, number[]>(units.map((u) => [u, []]));
    cells.forEach((c, i) => cellsOf.get(c.unit.path)!.push(i));
    const firsts = cells.map((c) => dayNumber(c.from));
    const lasts = cells.map((c) => dayNumber(c.to));
    const m = ms.length;
    const counts = new Float64Array(cells.length * m);
    const keys = new Float64Array(cells.length * m);
    for (const [path, idx] of cellsOf)
      for (const f of byUnit.get(path)!)
        for (const i of idx) {
          let mask = 0;
          for (let b = 0; b < fields.length; b++)
            if (inSpan(f.spans[b]!, lasts[i]!) || hasDayIn(f.days[b]!, firsts[i]!, lasts[i]!)) mask |= 1 << b;
          for (let k = 0; k < m; k++)
            if (passes[k]![mask]) {
              counts[i * m + k]!++;
              keys[i * m + k]! += f.rk;
            }
        }
    cells.forEach((_, i) =>
      ms.forEach((measure, k) => {
        out[i]![measure.id] = (out[i]![measure.id] ?? 0) + counts[i * m + k]!;
        if (withKeys) out[i]![keySumOf(measure.id)] = (out[i]![keySumOf(measure.id)] ?? 0) + keys[i * m + k]!;
      }),
    );
  };
  return {
    sql: sql.replace(/\$(from|to)\b/g, (_, n: string) => (n === 'from' ? '$3' : '$4')),
    params: [roots, roots.map(pathUpper), from, to, tail],
    take: (rows) => take(rows as unknown as TimelineRow[]),
  };
}

/**
 * Runs a request's parts. A small request (a few cells below the region) is one statement, each part's
 * rows gathered into a JSON array: one round trip and, prepared, one plan whatever the number of
 * sources; its parts take fractions of a millisecond each, so waiting on one connection costs less than
 * waking several. A large request (a dashboard's trend and children, every country × every quarter, the
 * region) runs its parts at once on pooled connections where the database allows it, so that it takes
 * as long as its slowest part rather than their sum (measured in BENCHMARKS.md).
 */
async function runParts(q: Queryable, parts: readonly Part[], large: boolean) {
  if (parts.length === 0) return;
  if (large && q.concurrent && parts.length > 1) {
    await Promise.all(parts.map(async (p) => p.take(await q.query<Row>(p.sql, p.params, PREPARED))));
    return;
  }
  const params: unknown[] = [];
  const selects = parts.map((p, k) => {
    const base = params.length;
    params.push(...p.params);
    // Each part numbers its parameters from $1; in the one statement they follow the previous parts'.
    const sql = p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`);
    return `(select coalesce(json_agg(t), '[]') from (${sql}) t) as p${k}`;
  });
  const [row] = await q.query<Record<string, Row[]>>(`select ${selects.join(',\n')}`, params, PREPARED);
  parts.forEach((p, k) => p.take(row![`p${k}`]!));
}

/** Above this many cells (or for the region) a request's parts are worth running at once. */
export const LARGE_REQUEST_CELLS = 16;
const isLarge = (cells: readonly Cell[]) =>
  cells.length >= LARGE_REQUEST_CELLS || cells.some((c) => c.unit.kind === 'region');
/**
 * Whether a request's parts run at once: a large request, or any at a country (a dashboard's 14 cells
 * there, one statement, took the sum of its sources: 66-81 ms, over its largest source's 20-40 ms).
 */
const runsAtOnce = (cells: readonly Cell[]) => isLarge(cells) || cells.some((c) => c.unit.kind === 'country');

/**
 * Counts by calendar grain (`grains` of a measure, from a definition's `byGrain`): the cells that are
 * exactly a calendar quarter or year are counted with their grain's variant of each measure that has one
 * (its own rollup columns: counts that do not add up over months), reported under the measure's id; the
 * cells that are exactly a calendar month with the measures as given (the month rows); the other cells
 * (several months, days cutting months, across a year) with those measures marked `overRange`, counted
 * over each cell's whole range from the source's range facts. Only the measures with variants are counted
 * per group: the others once over all the cells (a dashboard's year and its previous year would otherwise
 * count every source twice, once for them and once for the trend's months). One call of `count` per
 * group, run at once, their counts merged per cell by `merge`.
 */
async function countByGrain<T>(
  cells: readonly Cell[],
  measures: readonly Measure[],
  count: (cells: readonly Cell[], measures: readonly Measure[]) => Promise<T[]>,
  rename: (counts: T, variant: string, measure: string) => void,
  merge: (into: T, from: T) => void,
): Promise<T[]> {
  const grained = measures.filter((m) => m.grains);
  if (grained.length === 0) return count(cells, measures);
  const groups = new Map<CalendarGrain | 'range' | null, number[]>();
  cells.forEach((c, i) => {
    const g = countGrainOf(c.from, c.to);
    const key = g === 'range' || (g !== 'month' && grained.some((m) => m.grains?.[g])) ? g : null;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  // Every cell a calendar month: the measures as given, in one call.
  if (groups.size === 1 && groups.has(null)) return count(cells, measures);
  const plain = measures.filter((m) => !m.grains);
  const [all, ...byGroup] = await Promise.all([
    plain.length ? count(cells, plain) : null,
    ...[...groups].map(async ([g, idx]) => {
      const ms =
        g === 'range'
          ? grained.map((m) => ({ ...m, overRange: true }))
          : g
            ? grained.map((m) => m.grains?.[g] ?? m)
            : grained;
      const counts = await count(
        idx.map((i) => cells[i]!),
        ms,
      );
      if (g && g !== 'range')
        for (const c of counts) for (const m of grained) if (m.grains?.[g]) rename(c, m.grains[g].id, m.id);
      return { idx, counts };
    }),
  ]);
  const out: T[] = all ?? new Array<T>(cells.length);
  for (const { idx, counts } of byGroup)
    idx.forEach((i, j) => {
      if (all) merge(out[i]!, counts[j]!);
      else out[i] = counts[j]!;
    });
  return out;
}

/** Adds a group's counts to a cell's (their measures differ: a plain assignment). */
const mergeCounts = (into: Counts, from: Counts) => Object.assign(into, from);
const mergeSplit = (into: SplitCounts, from: SplitCounts) => {
  for (const [v, c] of Object.entries(from)) Object.assign((into[v] ??= {}), c);
};

/** Moves a variant's count (and its keys' sum) to its measure's id. */
const renameCounts = (c: Counts, variant: string, measure: string) => {
  for (const [from, to] of [
    [variant, measure],
    [keySumOf(variant), keySumOf(measure)],
  ] as const)
    if (from in c) {
      c[to] = c[from]!;
      delete c[from];
    }
};

/** Counts of `measures` for each cell (same order). Sources without records yet count zero. */
export function countCells(
  q: Queryable,
  cells: readonly Cell[],
  measures: readonly Measure[],
  asOf: Date = new Date(),
  options: CountOptions = {},
): Promise<Counts[]> {
  return countByGrain(
    cells,
    measures,
    (cs, ms) => countCellsAsGiven(q, cs, ms, asOf, options),
    renameCounts,
    mergeCounts,
  );
}

async function countCellsAsGiven(
  q: Queryable,
  cells: readonly Cell[],
  measures: readonly Measure[],
  asOf: Date,
  { withKeys = false }: CountOptions,
): Promise<Counts[]> {
  const out: Counts[] = cells.map(() => Object.fromEntries(measures.map((m) => [m.id, 0])));
  if (cells.length === 0) return out;
  const parts: Part[] = [];
  const rebuilding = new Set<RolledUpSource>();
  const measuresOf = bySource(measures);
  for (const [sourceId, ms] of measuresOf) {
    const source = findIndicatorSource(sourceId);
    if (source?.kind === 'rolledUp') {
      for (const g of byCounting(cells, ms)) {
        if (g.ranged) {
          parts.push(rangePart(source, g.cells, g.ms, out, withKeys));
          continue;
        }
        parts.push(...rolledUpParts(source, g.cells, g.ms, out, rebuilding, withKeys));
        const corrected = clockPart(source, g.cells, g.ms, out, asOf, withKeys);
        if (corrected) parts.push(corrected);
      }
    } else if (source?.kind === 'live')
      parts.push(
        ...(source.timeline
          ? [timelinePart({ ...source, timeline: source.timeline }, cells, ms, out, withKeys)]
          : liveParts(source, cells, ms, out, asOf, withKeys)),
      );
    else if (sourceId === 'facility') parts.push(facilityPart(cells, ms, out));
    // Every other source is registered (findIndicatorSource) as rolled up or live: 'coaching' and
    // 'coaching_checklist' are rolled up (server/features/coaching/coaching-indicator-source.ts,
    // checklist-indicator-source.ts), counted from the roster, courses and checklists.
  }
  await runParts(q, parts, runsAtOnce(cells));
  if (rebuilding.size === 0) return out;
  // Rollups being rebuilt: their measures counted from the records over each cell's whole range.
  const retry: Part[] = [];
  for (const source of rebuilding) {
    // The range facts' counts (`overRange`) do not read the rollup: kept.
    const ms = measuresOf.get(source.id)!.filter((m) => !m.overRange);
    out.forEach((o) =>
      ms.forEach((m) => {
        o[m.id] = 0;
        if (withKeys) o[keySumOf(m.id)] = 0;
      }),
    );
    for (const g of byCounting(cells, ms)) {
      // A clock's fields as they are at `asOf`, from the records (its clock table is being rebuilt too).
      if (source.clock) {
        const now = { ...source, fields: { ...source.fields, ...source.clock.atAsOf } };
        retry.push(livePart(now, g.cells, g.ms, out, asOf, withKeys));
        continue;
      }
      retry.push(
        rawPart(
          source,
          wholeCells(g.cells),
          g.ms,
          (rows) => {
            for (const r of rows) addInto(out[r.i]!, r, g.ms);
          },
          withKeys,
        ),
      );
    }
  }
  await runParts(q, retry, runsAtOnce(cells));
  return out;
}

/**
 * Counts split by a disaggregation for each cell. Province level and above read the disaggregation
 * rollup for whole months; below, or for partial months, the records. The facility level comes from the
 * facilities' own rollup rows joined to their org unit.
 */
export function countCellsBy(
  q: Queryable,
  cells: readonly Cell[],
  measures: readonly Measure[],
  dim: DimensionId,
  options: CountOptions = {},
): Promise<SplitCounts[]> {
  return countByGrain(
    cells,
    measures,
    (cs, ms) => countCellsByAsGiven(q, cs, ms, dim, options),
    (split, variant, measure) => {
      for (const c of Object.values(split)) renameCounts(c, variant, measure);
    },
    mergeSplit,
  );
}

async function countCellsByAsGiven(
  q: Queryable,
  cells: readonly Cell[],
  measures: readonly Measure[],
  dim: DimensionId,
  { withKeys = false }: CountOptions,
): Promise<SplitCounts[]> {
  const out: SplitCounts[] = cells.map(() => ({}));
  if (cells.length === 0) return out;
  const add = (i: number, value: string, row: Record<string, unknown>, ms: readonly Measure[]) =>
    addInto((out[i]![value] ??= {}), row, ms);
  for (const [sourceId, asked] of bySource(measures)) {
    if (sourceId === 'facility') {
      await runParts(q, [facilityPart(cells, asked, [], dim, out)], false);
      continue;
    }
    const source = findRolledUpSource(sourceId);
    // Sources with a clock (postnatal care) have no disaggregation.
    if (!source || source.clock) continue;
    const dimSql =
      dim === 'facility_level' ? `coalesce(o.facility_level, 'unknown')` : source.dimensions[dim]?.sql;
    if (!dimSql) continue;
    const needsBirth = dim !== 'facility_level' && Boolean(source.dimensions[dim]?.birth);
    /** Ranges of days of the cells' subtrees split by the dimension, from the fact rows of `facts`. */
    const fromRecords = async (facts: FactSource, fms: readonly Measure[], es: readonly Edge[]) => {
      const rows = await q.query<Record<string, unknown> & { i: number; v: string }>(
        `select c.i, x.*
           from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as c(i, lo, hi, d1, d2)
           cross join lateral (select ${dimSql} as v, ${countsSelect(facts, fms, withKeys)}
             from org_units o ${rawFrom(facts, fms, { birth: needsBirth, withKeys })}
            where o.path ~>=~ c.lo and o.path ~<~ c.hi and o.kind in ${SERVICE_POINTS} group by 1) x`,
        edgeParams(es),
      );
      for (const r of rows) add(r.i, r.v, r, fms);
    };
    // Counts that do not add up over months, asked over another range: the source's range facts.
    const ranged = asked.filter((m) => m.overRange);
    if (ranged.length) await fromRecords(rangeFactsOf(source), ranged, wholeCells(cells));
    const ms = asked.filter((m) => !m.overRange);
    if (ms.length === 0) continue;
    // While its rollup is rebuilt, a source is counted from its records.
    const [state] = await q.query<{ rebuilding: boolean }>(
      `select exists (select 1 from ${source.pendingTable}) as rebuilding`,
    );
    const { months, edges } = state?.rebuilding
      ? { months: [], edges: wholeCells(cells) }
      : splitCells(cells);
    const rawEdges: Edge[] = [...edges];
    if (dim === 'facility_level' && months.length) {
      const rows = await q.query<Record<string, unknown> & { i: number; v: string }>(
        `select c.i, x.*
           from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as c(i, lo, hi, m1, m2)
           cross join lateral (select coalesce(o.facility_level, 'unknown') as v, ${sumsSelect(ms, withKeys)}
             from org_units o join ${source.table} r on r.org_unit_id = o.id and r.month between c.m1 and c.m2
            where o.path ~>=~ c.lo and o.path ~<~ c.hi and o.kind in ${SERVICE_POINTS} group by 1) x`,
        [
          months.map((m) => m.i),
          months.map((m) => m.lo),
          months.map((m) => m.hi),
          months.map((m) => m.m1),
          months.map((m) => m.m2),
        ],
      );
      for (const r of rows) add(r.i, r.v, r, ms);
    } else if (months.length) {
      const stored = STORED_DIMENSIONS.includes(dim) ? months.filter((m) => STORED_KINDS.has(m.kind)) : [];
      if (stored.length) {
        const rows = await q.query<Record<string, unknown> & { i: number; v: string }>(
          `select c.i, x.*
             from unnest($1::int[], $2::uuid[], $3::date[], $4::date[]) as c(i, ou, m1, m2)
             cross join lateral (select r.val as v, ${sumsSelect(ms, withKeys)} from ${source.disaggTable} r
               where r.org_unit_id = c.ou and r.dim = $5 and r.month between c.m1 and c.m2 group by 1) x`,
          [
            stored.map((m) => m.i),
            stored.map((m) => m.ou),
            stored.map((m) => m.m1),
            stored.map((m) => m.m2),
            dim,
          ],
        );
        for (const r of rows) add(r.i, r.v, r, ms);
      }
      const storedIdx = new Set(stored.map((m) => `${m.i}`));
      for (const m of months)
        if (!storedIdx.has(`${m.i}`))
          rawEdges.push({
            i: m.i,
            lo: m.lo,
            hi: m.hi,
            d1: m.m1,
            d2: monthEndOf(m.m2),
            ou: m.ou,
            kind: m.kind,
          });
    }
    if (rawEdges.length) await fromRecords(source, ms, rawEdges);
  }
  return out;
}

function monthEndOf(monthStart: string): string {
  const y = Number(monthStart.slice(0, 4));
  const m = Number(monthStart.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The straightforward way, kept for the benchmark baseline and the correctness tests: one
 * `GROUP BY … COUNT(*) FILTER (…)` over the records of the subtree, no rollup.
 */
export function countCellsRaw(
  q: Queryable,
  cells: readonly Cell[],
  measures: readonly Measure[],
): Promise<Counts[]> {
  return countByGrain(
    cells,
    measures,
    (cs, ms) => countCellsRawAsGiven(q, cs, ms),
    renameCounts,
    mergeCounts,
  );
}

async function countCellsRawAsGiven(
  q: Queryable,
  cells: readonly Cell[],
  measures: readonly Measure[],
): Promise<Counts[]> {
  const out: Counts[] = cells.map(() => Object.fromEntries(measures.map((m) => [m.id, 0])));
  for (const [sourceId, ms] of bySource(measures)) {
    const source = findRolledUpSource(sourceId);
    // A source with a clock has no straightforward query (the baseline covers births).
    if (!source || source.clock) continue;
    for (const g of byCounting(cells, ms)) {
      const facts = g.ranged ? rangeFactsOf(source) : source;
      const rows = await q.query<Record<string, unknown> & { i: number }>(
        `${withPrelude(facts)}select c.i, ${countsSelect(facts, g.ms)}
           from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::date[]) as c(i, lo, hi, d1, d2)
           join org_units o on o.path like c.lo || '%' and o.kind in ${SERVICE_POINTS}
           ${rawFrom(facts, g.ms)}
          group by c.i`,
        edgeParams(wholeCells(g.cells)),
      );
      for (const r of rows) addInto(out[r.i]!, r, g.ms);
    }
  }
  return out;
}
