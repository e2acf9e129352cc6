import { createHash } from 'node:crypto';
import { CELL_KEY_MODULUS } from '../../../shared/indicators/cell-key';
import type { Measure, MeasureRegistry } from '../../../shared/indicators/definitions';
import { STORED_DIMENSIONS } from '../../../shared/indicators/sources';
import type { Queryable } from '../../db/db';
import {
  DAY_KINDS_SQL,
  dayKindsSql,
  isDayRollup,
  keepsServicePoints,
  listRollups,
} from './indicator-day-rollup';
import { listRolledUpSources } from './indicator-source-registry';
import {
  clockMeasures,
  clockTableOf,
  col,
  compileFilter,
  filterNeeds,
  keyCol,
  recordKeySql,
  type RollupSqlBuilders,
  type RolledUpSource,
} from './indicator-sources';

/**
 * The rollups are generated from the indicator definitions: per rolled-up source, one table of counts (each
 * with the sum of its records' keys, for the cell-key method of shared/indicators/cell-key.ts) per
 * (org unit at every ancestor level, month) and one per (org unit at province level and above, dimension,
 * month, value), kept exact in the writing transaction by statement-level triggers with transition
 * tables (one set-based upsert per statement, rows touched in key order so that concurrent writers do not
 * deadlock), for every source in the registry (indicator-source-registry.ts). Facilities listed in a
 * source's pending table are left out until an online rebuild counts them (indicator-schema.ts).
 */

/** Advisory lock: fact triggers take it shared; rebuilds and org-unit moves take it exclusively. */
export const ROLLUP_LOCK = 4_242_010;
/** `select set_config('openeenc.rollups', 'off', true)` makes this transaction skip rollup upkeep (bulk generation, then rebuild). */
const SKIP = `if coalesce(current_setting('openeenc.rollups', true), '') = 'off' then return null; end if;`;
/**
 * The ancestors `a(id)` of a unit from its path column. `typed`: as uuids, where they are joined to
 * `org_units ao` (the kinds a day or disaggregation rollup keeps). With text ids that join compared
 * `ao.id = a.id::uuid`, casting once per comparison, and for a batch of an import the planner joins every
 * ancestor row with every unit of those kinds (a nested loop: about 48,000 comparisons for 1,000 births
 * in `bench:import`). Month rollups, which join no `ao`, keep the text ids (their SQL, and so their
 * fingerprint, is unchanged).
 */
const ancestorsOf = (path: string, typed: boolean) =>
  `cross join lateral unnest(string_to_array(trim(both '/' from ${path}), '/')${typed ? '::uuid[]' : ''}) as a(id)`;
const ANCESTORS = ancestorsOf('p.path', false);
/** The ancestors of `p` joined to the kinds a rollup keeps (a day rollup's, or the disaggregation's). */
const KEPT_ANCESTORS = ancestorsOf('p.path', true);
const STORED_KINDS = `('region', 'country', 'province')`;

/**
 * `day`: a day rollup (indicator-day-rollup.ts), rows per day for ancestors at province level and above;
 * `servicePoints`: and for the service points themselves (a recounted source's day rollup).
 * `clocked`: the main measures that read a clock field (`clock`), kept per open row in `ind_<id>_clock`.
 */
type Plan = {
  source: RolledUpSource;
  main: Measure[];
  stored: Measure[];
  dims: string[];
  day: boolean;
  servicePoints: boolean;
  clocked: Measure[];
};

function plans(registry: MeasureRegistry, sources: readonly RolledUpSource[]): Plan[] {
  return listRollups(sources).map((source) => {
    const day = isDayRollup(source);
    const main =
      (registry.bySource as Record<string, Measure[] | undefined>)[day ? source.dayOf.id : source.id] ?? [];
    return {
      source,
      main,
      stored: day ? [] : main.filter((m) => m.stored),
      dims: day ? [] : STORED_DIMENSIONS.filter((d) => source.dimensions[d]),
      day,
      servicePoints: day && keepsServicePoints(source),
      clocked: day ? [] : clockMeasures(source, main),
    };
  });
}

/** The period column of a plan's main rollup: a month's first day, or the day. */
const grainCol = (plan: Plan) => (plan.day ? 'day' : 'month');
/**
 * A day rollup keeps rows for the ancestors at province level and above only, and for the service points
 * when it is recounted (`a`: the ancestors).
 */
const keptAncestors = (plan: Plan) =>
  isDayRollup(plan.source)
    ? ` join org_units ao on ao.id = a.id::uuid and ao.kind in ${dayKindsSql(plan.source)}`
    : '';

/**
 * The fact rows of a source as (fid, mon, sg, sk, d_<dim>…, c_<measure>…), `sk` being the signed record
 * key. `rel` stands in for the fact table (a transition table, or the table itself); `birthRel` for
 * births when the newborns are joined to a transition table of births.
 */
function facts(
  plan: Plan,
  opts: { rel: string; sign: string; measures: Measure[]; dims: boolean; where?: string; birthRel?: string },
): string {
  const { source } = plan;
  const from = factsFrom(
    source,
    opts.rel,
    opts.measures,
    opts.dims && plan.dims.some((d) => source.dimensions[d as keyof typeof source.dimensions]?.birth),
    opts.birthRel,
  );
  const dims = opts.dims
    ? plan.dims
        .map((d) => `, ${source.dimensions[d as keyof typeof source.dimensions]!.sql} as d_${d}`)
        .join('')
    : '';
  const cs = opts.measures.map((m) => `, ${compileFilter(source, m.where)} as c_${m.id}`).join('');
  const mon = plan.day ? `${source.date}::date` : `date_trunc('month', ${source.date})::date`;
  // A signed source's rows count their weight (+1 entering a state, −1 leaving it).
  const sign = source.weight ? `${opts.sign} * (${source.weight})` : opts.sign;
  return `select ${source.facility} as fid, ${mon} as mon, ${sign} as sg, ${sign} * ${recordKeySql(source)} as sk${dims}${cs}
    from ${from}${opts.where ? ` where ${opts.where}` : ''}`;
}

/** The fact relation of `rel` with what `measures` read: the delivery, the facility's EENC status. */
function factsFrom(
  source: RolledUpSource,
  rel: string,
  measures: readonly Measure[],
  birth: boolean,
  birthRel?: string,
): string {
  let needBirth = birth;
  let needStatus = false;
  for (const m of measures) {
    const n = filterNeeds(source, m.where);
    needBirth ||= n.birth;
    needStatus ||= n.status;
  }
  const from = source.relation(rel, needBirth, birthRel);
  return needStatus ? `${from} left join facility_eenc_status s on s.facility_id = ${source.facility}` : from;
}

/**
 * Facilities still waiting for an online rebuild have nothing in the rollup: changes to their records
 * are left to the rebuild's chunk, which counts them from the records (see `lockPending`).
 */
const notPending = (plan: Plan, fid: string) =>
  `not exists (select 1 from ${plan.source.pendingTable} q where q.facility_id = ${fid})`;

/**
 * A writer's trigger locks the pending rows of its facilities (shared) before reading them; a rebuild's
 * chunk deletes its facilities' rows and then counts their records. So a writer either sees its facility
 * pending, and the chunk, waiting for the writer's commit to delete the row, counts its records; or it
 * waits for the chunk's commit and counts its records itself, the chunk having counted without them.
 * Writers at other facilities do not wait for the chunk (only for the rollup rows it upserts at its end).
 * In key order, so that writers never deadlock with each other.
 */
const lockPending = (plan: Plan, facilities: string) =>
  `perform 1 from ${plan.source.pendingTable} q where q.facility_id in (${facilities}) order by q.facility_id for share;`;

/**
 * The rollup columns of measures: each count and the sum of its records' keys (the cell-key method,
 * shared/indicators/cell-key.ts). A key sum can change while its count does not (one record leaves a
 * condition and another enters it), so both are written and both decide whether a row changed.
 *
 * Only a key sum modulo CELL_KEY_MODULUS matters, so it is kept reduced, as an integer, at every step:
 * record keys and their sums stay below 2^25 in magnitude, every aggregate is a sum of integers (a
 * bigint accumulator) rather than of bigints (a numeric one), and the column is 4 bytes.
 */
const valueCols = (ms: Measure[]) => ms.flatMap((m) => [col(m), keyCol(m)]);
const mod = (sql: string) => `((${sql}) % ${CELL_KEY_MODULUS})::int`;
const nonZero = (ms: Measure[]) =>
  valueCols(ms)
    .map((c) => `${c} <> 0`)
    .join(' or ');
const setAdd = (table: string, ms: Measure[]) =>
  ms
    .map(
      (m) =>
        `${col(m)} = ${table}.${col(m)} + excluded.${col(m)}, ${keyCol(m)} = ${mod(`${table}.${keyCol(m)} + excluded.${keyCol(m)}`)}`,
    )
    .join(', ');
/**
 * Per measure: its signed count and signed key sum, from fact rows `f` (grouped by the caller). FILTER
 * rather than CASE: most rows are in few of the measures, and a filtered-out row costs no call of the
 * aggregate's step function (two per measure and row otherwise).
 */
const signedSums = (ms: Measure[]) =>
  ms
    .map(
      (m) =>
        `coalesce(sum(f.sg) filter (where f.c_${m.id}), 0) as ${col(m)}, ${mod(`coalesce(sum(f.sk) filter (where f.c_${m.id}), 0)`)} as ${keyCol(m)}`,
    )
    .join(', ');
/** Sums of the value columns of `rel` (counts, and key sums reduced), as integers. */
const summed = (ms: Measure[], rel: string) =>
  ms
    .map((m) => `sum(${rel}.${col(m)})::int as ${col(m)}, ${mod(`sum(${rel}.${keyCol(m)})`)} as ${keyCol(m)}`)
    .join(', ');

/** Adds the signed facts to the main rollup of every ancestor (paths from `pathRel`: id, path). */
function mainUpsert(plan: Plan, factsSql: string, pathRel: string): string {
  if (plan.main.length === 0) return 'perform 1';
  return `${mainRows(plan, factsSql, pathRel)}\n  ${mainInsert(plan, 'e')}`;
}

/**
 * The main rollup rows of the signed facts: `with …, e as (…)` (ou, mon, counts). `shared`: the facts
 * are read once more, by the disaggregation rollup's rows in the same statement (`both`).
 */
function mainRows(plan: Plan, factsSql: string, pathRel: string, shared = false): string {
  const ms = plan.main;
  return `with f as ${shared ? 'materialized ' : ''}(${factsSql}),
  d as (select f.fid, f.mon, ${signedSums(ms)}
          from f group by f.fid, f.mon),
  e as (select a.id::uuid as ou, d.mon, ${summed(ms, 'd')}
          from d join ${pathRel} on p.id = d.fid ${plan.day ? KEPT_ANCESTORS : ANCESTORS}${keptAncestors(plan)} where ${notPending(plan, 'd.fid')} group by 1, 2)`;
}

/** Adds rows (ou, mon, counts) of `rel` to the main rollup, in key order. */
function mainInsert(plan: Plan, rel: string): string {
  const ms = plan.main;
  const t = plan.source.table;
  const cols = valueCols(ms).join(', ');
  return `insert into ${t} (org_unit_id, ${grainCol(plan)}, ${cols})
  select ou, mon, ${cols} from ${rel} where ${nonZero(ms)} order by ou, mon
  on conflict (org_unit_id, ${grainCol(plan)}) do update set ${setAdd(t, ms)}`;
}

/**
 * Adds the signed facts to the disaggregation rollup of ancestors at province level and above. The facts
 * are first counted per combination of dimension values (`c`: a batch of a thousand babies from a few
 * facilities and months has a few hundred combinations), then spread over the dimensions.
 */
function disaggUpsert(plan: Plan, factsSql: string, pathRel: string): string {
  if (plan.stored.length === 0 || plan.dims.length === 0) return 'perform 1';
  return `${disaggRows(plan, factsSql, pathRel)}\n  ${disaggInsert(plan, 'e')}`;
}

/**
 * The disaggregation rollup rows of the signed facts: `with …, e as (…)` (ou, dim, mon, val, counts).
 * Without `factsSql`, the rows of facts `f` defined before, as CTEs `dc`, `dd`, `de` (`both`).
 */
function disaggRows(plan: Plan, factsSql: string | null, pathRel: string): string {
  const ms = plan.stored;
  const [c, d, e] = factsSql === null ? ['dc', 'dd', 'de'] : ['c', 'd', 'e'];
  const dimCols = plan.dims.map((x) => `f.d_${x}`).join(', ');
  const values = plan.dims.map((x) => `('${x}', ${c}.d_${x})`).join(', ');
  return `${factsSql === null ? '' : `with f as (${factsSql}),\n  `}${c} as (select f.fid, f.mon, ${dimCols}, ${signedSums(ms)}
          from f group by f.fid, f.mon, ${dimCols}),
  ${d} as (select ${c}.fid, ${c}.mon, v.dim, v.val, ${summed(ms, c)}
          from ${c} cross join lateral (values ${values}) as v(dim, val) group by 1, 2, 3, 4),
  ${e} as (select a.id::uuid as ou, ${d}.mon, ${d}.dim, ${d}.val, ${summed(ms, d)}
          from ${d} join ${pathRel} on p.id = ${d}.fid ${KEPT_ANCESTORS}
          join org_units ao on ao.id = a.id::uuid and ao.kind in ${STORED_KINDS}
         where ${notPending(plan, `${d}.fid`)}
         group by 1, 2, 3, 4)`;
}

/** Adds rows (ou, dim, mon, val, counts) of `rel` to the disaggregation rollup, in key order. */
function disaggInsert(plan: Plan, rel: string): string {
  const ms = plan.stored;
  const t = plan.source.disaggTable;
  const cols = valueCols(ms).join(', ');
  return `insert into ${t} (org_unit_id, dim, month, val, ${cols})
  select ou, dim, mon, val, ${cols} from ${rel} where ${nonZero(ms)} order by ou, dim, mon, val
  on conflict (org_unit_id, dim, month, val) do update set ${setAdd(t, ms)}`;
}

function both(
  plan: Plan,
  parts: Array<{ rel: string; sign: string; where?: string; birthRel?: string }>,
  pathRel: string,
) {
  const union = (dims: boolean, measures: Measure[]) =>
    parts.map((p) => facts(plan, { ...p, dims, measures })).join('\n    union all\n    ');
  if (plan.main.length === 0 || plan.stored.length === 0 || plan.dims.length === 0)
    return `${mainUpsert(plan, union(false, plan.main), pathRel)};\n  ${disaggUpsert(plan, union(true, plan.stored), pathRel)};`;
  // Both rollups from one reading of the facts (with the dimensions; the stored measures are main ones):
  // the facts' joins and filters are the bulk of a batch's work, and were computed twice.
  return `${mainRows(plan, union(true, plan.main), pathRel, true)},
  m as (${mainInsert(plan, 'e')}),
  ${disaggRows(plan, null, pathRel)}
  ${disaggInsert(plan, 'de')};`;
}

// Functions with parameters plan each call for its ids (see migration 0023: PGlite keeps generic plans
// made while the tables were small for the life of the process).
const fn = (name: string, args: string, body: string, ret = 'void', declare = '') =>
  `create function ${name}(${args}) returns ${ret} language plpgsql set jit = off${args ? ' set plan_cache_mode = force_custom_plan' : ''} as $fn$\n${declare ? `declare\n  ${declare}\n` : ''}begin\n  ${body}\nend $fn$;`;
const trig = (name: string, body: string) =>
  fn(
    name,
    '',
    // Nothing to do for a statement that touched no row (an empty transition table).
    `${SKIP}\n  if not exists (select 1 from ${name.endsWith('_on_delete') ? 'ot' : 'nt'}) then return null; end if;\n  perform pg_advisory_xact_lock_shared(${ROLLUP_LOCK});\n  ${body}\n  return null;`,
    'trigger',
  );

/** The generated objects of one rolled-up source: its tables, triggers and functions. */
function generateSourceSql(plan: Plan): string {
  const { source: s } = plan;
  const out: string[] = [];
  const colDefs = (ms: Measure[]) =>
    ms.map((m) => `${col(m)} integer not null default 0, ${keyCol(m)} integer not null default 0`).join(', ');
  const mcols = colDefs(plan.main);
  const dcols = colDefs(plan.stored);
  const grain = grainCol(plan);
  out.push(`create table ${s.table} (org_unit_id uuid not null, ${grain} date not null${mcols ? `, ${mcols}` : ''},
  primary key (org_unit_id, ${grain}));`);
  if (!plan.day)
    out.push(`create table ${s.disaggTable} (org_unit_id uuid not null, dim text not null, month date not null, val text not null${dcols ? `, ${dcols}` : ''},
  primary key (org_unit_id, dim, month, val));`);
  out.push(`create table ${s.pendingTable} (facility_id uuid primary key);`);
  const orgPaths = 'org_units p';
  if (plan.clocked.length) out.push(...clockSql(plan));
  if (s.recountOn) out.push(...recountSql(plan));
  else out.push(...deltaTriggers(plan));
  out.push(...maintenanceSql(plan));
  const builders: RollupSqlBuilders = {
    trigger: trig,
    fn,
    upsert: (parts) => both(plan, parts, orgPaths),
    lockPending: (facilities) => lockPending(plan, facilities),
  };
  out.push(...(s.extraSql?.(builders) ?? []));
  return out.join('\n\n');
}

/** Triggers on the record table adding the facts of new rows and subtracting those of old ones. */
function deltaTriggers(plan: Plan): string[] {
  const { source: s } = plan;
  const out: string[] = [];
  const orgPaths = 'org_units p';
  const table = s.recordTable;
  const facilitiesOf = (rel: string) => `select ${s.facility} from ${s.relation(rel, false)}`;
  /** The statement trigger function of one event: the facts of its transition tables, signed. */
  const onEvent = (event: 'insert' | 'update' | 'delete', parts: Array<{ rel: string; sign: string }>) =>
    trig(
      `ind_${s.id}_on_${event}`,
      `${lockPending(plan, parts.map((p) => facilitiesOf(p.rel)).join(' union '))}
  ${both(plan, parts, orgPaths)}`,
    );
  out.push(onEvent('insert', [{ rel: 'nt', sign: '1' }]));
  out.push(
    onEvent('update', [
      { rel: 'ot', sign: '-1' },
      { rel: 'nt', sign: '1' },
    ]),
  );
  out.push(onEvent('delete', [{ rel: 'ot', sign: '-1' }]));
  out.push(
    `create trigger ind_${s.id}_ins after insert on ${table} referencing new table as nt for each statement execute function ind_${s.id}_on_insert();`,
  );
  out.push(
    `create trigger ind_${s.id}_upd after update on ${table} referencing old table as ot new table as nt for each statement execute function ind_${s.id}_on_update();`,
  );
  out.push(
    `create trigger ind_${s.id}_del after delete on ${table} referencing old table as ot for each statement execute function ind_${s.id}_on_delete();`,
  );
  return out;
}

/**
 * The end of a recount: from `fr` (the facts counted from the records) and `st` (the stored rows of the
 * facility, or of the unit a day rollup recounts), both (fid, mon, value columns), the difference added
 * to it and every ancestor the rollup keeps.
 */
function passDifference(plan: Plan): string {
  const ms = plan.main;
  return `d as (select coalesce(fr.fid, st.fid) as fid, coalesce(fr.mon, st.mon) as mon,
               ${valueCols(ms)
                 .map((c) => `coalesce(fr.${c}, 0) - coalesce(st.${c}, 0) as ${c}`)
                 .join(', ')}
          from fr full join st on st.fid = fr.fid and st.mon = fr.mon),
  e as (select a.id::uuid as ou, d.mon, ${summed(ms, 'd')}
          from d join org_units p on p.id = d.fid ${plan.day ? KEPT_ANCESTORS : ANCESTORS}${keptAncestors(plan)} where ${notPending(plan, 'd.fid')} group by 1, 2)
  ${mainInsert(plan, 'e')};`;
}

/**
 * Triggers on every table of `recountOn` recounting the (facility, month) cells their changed rows
 * belong to, and the recount: facts of the cells from the records, minus the facility's rollup rows,
 * passed to every ancestor. Its result depends only on the records as the statement sees them, so the
 * order in which a transaction writes the tables does not matter. Concurrent writers of different
 * subjects of one cell each pass their own difference (the upsert adds to the row as committed);
 * writers of one birth are serialized by the services' lock on the birth.
 */
function recountSql(plan: Plan): string[] {
  const { source: s } = plan;
  if (plan.stored.length > 0 && plan.dims.length > 0)
    throw new Error(`Source ${s.id}: recounted rollups cannot have stored dimensions`);
  const ms = plan.main;
  const out: string[] = [];
  const recount = `ind_${s.id}_recount`;
  const lockFids = lockPending(plan, 'select unnest(fids)');
  out.push(
    fn(
      recount,
      'fids uuid[], mons date[]',
      ms.length === 0
        ? 'return;'
        : `if fids is null then return; end if;
  ${lockFids}
  -- A null month: every month of the facility (a settings change).
  whole := array(select distinct x.f from unnest(fids, mons) as x(f, m) where x.m is null);
  if cardinality(whole) > 0 then perform ind_${s.id}_refresh_main(whole); end if;
  ${clockCells(
    plan,
    'array(select x.f from unnest(fids, mons) as x(f, m) where not (x.f = any(whole)))',
    'array(select x.m from unnest(fids, mons) as x(f, m) where not (x.f = any(whole)))',
  )}select min(x.m), max(x.m) + 31 into lo, hi from unnest(fids, mons) as x(f, m) where not (x.f = any(whole));
  if lo is null then return; end if;
  with cells as (select distinct x.f as fid, x.m as mon from unnest(fids, mons) as x(f, m)
                  where x.m is not null and not (x.f = any(whole))),
  f as (${facts(plan, {
    rel: s.recordTable,
    sign: '1',
    dims: false,
    measures: ms,
    where: `${s.facility} = any(fids) and ${s.date} >= lo and ${s.date} < hi`,
  })}),
  fr as (select f.fid, f.mon, ${signedSums(ms)} from f join cells c on c.fid = f.fid and ${
    plan.day ? `c.mon = date_trunc('month', f.mon)::date` : 'c.mon = f.mon'
  }
          group by f.fid, f.mon),
  st as (select r.org_unit_id as fid, r.${grainCol(plan)} as mon, ${valueCols(ms)
    .map((c) => `r.${c}`)
    .join(', ')}
           from ${s.table} r join cells c on c.fid = r.org_unit_id and ${
             plan.day ? `r.day >= c.mon and r.day < (c.mon + interval '1 month')::date` : 'c.mon = r.month'
           }),
  ${passDifference(plan)}`,
      'void',
      'whole uuid[]; lo date; hi date;',
    ),
  );
  const factsRead = recountFacts(plan);
  for (const on of s.recountOn!) {
    const name = `ind_${s.id}_${on.table}`;
    const call = (cells: string, withRows = '') =>
      `perform ${recount}(array_agg(c.fid order by c.fid, c.mon), array_agg(c.mon order by c.fid, c.mon))
    from (${withRows}select distinct fid, mon from (${cells}) x(fid, mon)) c;`;
    const reads = readsOf(factsRead, on);
    const onUpdate = reads
      ? call(`${on.cells('ot_read')} union ${on.cells('nt_read')}`, changedRows(reads))
      : call(`${on.cells('ot', 'nt')} union ${on.cells('nt', 'ot')}`);
    // New rows of the record table change no other row's facts (unless `insertsRecount`): their own facts
    // are added (cheaper for a bulk import's batches than recounting their months). New rows of a table
    // the records reference (`noInsertRecount`) change no facts at all: no insert trigger.
    if (on.noInsertRecount && on.table === s.recordTable)
      throw new Error(
        `Source ${s.id}: the record table's inserts are counted (noInsertRecount on ${on.table})`,
      );
    if (!on.noInsertRecount) {
      out.push(
        trig(
          `${name}_on_insert`,
          on.table === s.recordTable && !s.insertsRecount
            ? `${lockPending(plan, `select fid from (${on.cells('nt')}) x(fid, mon)`)}
  ${both(plan, [{ rel: 'nt', sign: '1' }], 'org_units p')}${plan.clocked.length ? `\n  ${clockInsert(plan, 'nt')}` : ''}`
            : call(on.cells('nt')),
        ),
        `create trigger ${name}_ins after insert on ${on.table} referencing new table as nt for each statement execute function ${name}_on_insert();`,
      );
    }
    out.push(trig(`${name}_on_update`, onUpdate));
    out.push(trig(`${name}_on_delete`, call(on.cells('ot'))));
    out.push(
      `create trigger ${name}_upd after update on ${on.table} referencing old table as ot new table as nt for each statement execute function ${name}_on_update();`,
      `create trigger ${name}_del after delete on ${on.table} referencing old table as ot for each statement execute function ${name}_on_delete();`,
    );
  }
  return out;
}

/**
 * The open rows of a clocked source (`clock`, indicator-sources.ts) from `rel`: per fact row whose
 * clock ends (`endsAt` not null) and for which some clocked measure counts otherwise before that end,
 * the difference of each (its value before the end minus its value as the rollup counts it), with the
 * row's record key. The clock fields' value before the end is `atAsOf` at the instant just before it.
 */
function clockFacts(plan: Plan, rel: string, where?: string): string {
  const { source: s, clocked: ms } = plan;
  const clock = s.clock!;
  const before = `(${clock.endsAt} - interval '1 microsecond')`;
  const open = {
    ...s,
    fields: {
      ...s.fields,
      ...Object.fromEntries(
        Object.entries(clock.atAsOf).map(([k, f]) => [k, { ...f, sql: f.sql.replaceAll('$asOf', before) }]),
      ),
    },
  };
  const w = s.weight ? `(${s.weight})` : '1';
  const diff = (m: Measure) =>
    `(case when ${compileFilter(open, m.where)} then ${w} else 0 end) - (case when ${compileFilter(s, m.where)} then ${w} else 0 end) as ${col(m)}`;
  return `select k.* from (select ${s.facility} as fid, ${s.date}::date as day, ${s.key} as id, ${clock.endsAt} as ends_at,
           ${recordKeySql(s)} as rk, ${ms.map(diff).join(', ')}
      from ${factsFrom(s, rel, ms, false)}${where ? ` where ${where}` : ''}) k
     where k.ends_at is not null and (${ms.map((m) => `k.${col(m)} <> 0`).join(' or ')})`;
}

/** Adds the open rows of `rel` to the clock table (`kept`: a condition on them, `f`). */
const clockInsert = (plan: Plan, rel: string, where?: string, kept?: string) =>
  `insert into ${clockTableOf(plan.source)} (facility_id, day, id, ends_at, rk, ${plan.clocked.map(col).join(', ')})
  select fid, day, id, ends_at, rk, ${plan.clocked.map(col).join(', ')} from (${clockFacts(plan, rel, where)}) f${kept ? ` where ${kept}` : ''};`;

/**
 * The clock table of a clocked source, indexed by facility and the instant the rows' clock ends (the
 * engine reads the rows still open at an instant, facility by facility), and the function that makes
 * the rows of (facility, month) cells those of the records (a null month: every month of the facility),
 * called wherever the rollup's cells are recounted or rebuilt, in the same transaction. It writes only
 * the rows that differ from the records as its statement sees them, like the rollup's passed difference:
 * two writers of different subjects of one cell (two contacts recorded at one facility at once) each
 * write their own subject's row. Deleting and inserting the whole cell made the second writer insert
 * the first one's rows again (a duplicate key, answered as "already recorded") or write them stale.
 */
function clockSql(plan: Plan): string[] {
  const { source: s } = plan;
  if (!s.recountOn) throw new Error(`Source ${s.id}: a clock needs a recounted rollup (recountOn)`);
  const t = clockTableOf(s);
  const cols = plan.clocked.map((m) => `${col(m)} smallint not null`).join(', ');
  const cs = plan.clocked.map(col).join(', ');
  return [
    `create table ${t} (facility_id uuid not null, day date not null, id uuid not null, ends_at timestamptz not null,
  rk integer not null, ${cols}, primary key (facility_id, day, id));
create index ${t}_ends on ${t} (facility_id, ends_at);`,
    fn(
      `ind_${s.id}_clock_cells`,
      'fids uuid[], mons date[]',
      `if fids is null or cardinality(fids) = 0 then return; end if;
  if mons is null then mons := array_fill(null::date, array[cardinality(fids)]); end if;
  if exists (select 1 from unnest(mons) m where m is null) then lo := '-infinity'; hi := 'infinity';
  else select min(m), max(m) + 31 into lo, hi from unnest(mons) m; end if;
  with c as (select distinct x.f, x.m from unnest(fids, mons) as x(f, m)),
  f as (select fid, day, id, ends_at, rk, ${cs} from (${clockFacts(
    plan,
    s.recordTable,
    `${s.facility} = any(fids) and ${s.date} >= lo and ${s.date} < hi`,
  )}) f
         where exists (select 1 from c where c.f = f.fid and (c.m is null or c.m = date_trunc('month', f.day)::date))),
  k as (select k.facility_id as fid, k.day, k.id, k.ends_at, k.rk, ${cs.replace(/(^|, )/g, '$1k.')}
          from ${t} k join c on k.facility_id = c.f
         where c.m is null or (k.day >= c.m and k.day < (c.m + interval '1 month')::date)),
  gone as (delete from ${t} d using (select fid, day, id from k except select fid, day, id from f) g
            where d.facility_id = g.fid and d.day = g.day and d.id = g.id)
  insert into ${t} (facility_id, day, id, ends_at, rk, ${cs})
  select * from (select * from f except select * from k) n
  on conflict (facility_id, day, id) do update set ends_at = excluded.ends_at, rk = excluded.rk, ${plan.clocked
    .map((m) => `${col(m)} = excluded.${col(m)}`)
    .join(', ')};`,
      'void',
      'lo date; hi date;',
    ),
  ];
}

/** Keeps the clock table of these facilities' cells (SQL of uuid[] and date[]), when the source has one. */
const clockCells = (plan: Plan, fids: string, mons: string) =>
  plan.clocked.length
    ? `perform ind_${plan.source.id}_clock_cells(${fids}, ${mons});
  `
    : '';

/** The facts of a recounted source from its records, without conditions: what its triggers' columns are read from. */
const recountFacts = (plan: Plan) =>
  facts(plan, { rel: plan.source.recordTable, sign: '1', dims: false, measures: plan.main });

/**
 * The columns of a `recountOn` table whose change recounts (null: every change). An entry whose cells
 * take the other transition table filters its rows itself (the settings, which the facts read through
 * views the SQL does not show).
 */
function readsOf(factsSql: string, on: NonNullable<RolledUpSource['recountOn']>[number]): string[] | null {
  return on.cells('nt', 'ot') === on.cells('nt') ? readColumns(factsSql, on.table) : null;
}

/**
 * What the update triggers of a recounted source compare, per table of its `recountOn` (tests), and
 * the fact SQL the columns are read from.
 */
export function recountReads(
  registry: MeasureRegistry,
  source: RolledUpSource,
): { factsSql: string; tables: Array<{ table: string; columns: string[] | null }> } {
  const plan = plans(registry, [source])[0]!;
  const factsSql = recountFacts(plan);
  return {
    factsSql,
    tables: (source.recountOn ?? []).map((on) => ({ table: on.table, columns: readsOf(factsSql, on) })),
  };
}

/**
 * The rows of an update whose columns `cols` changed, as `ot_read` (their old values) and `nt_read`
 * (their new ones): a multiset difference of the two transition tables on those columns, so that no
 * key is needed and two rows trading values (which leaves every fact as it was) change nothing. The
 * columns are read from each row as JSON: a name the text attributed to the table wrongly (an alias
 * the SQL gives two relations) reads null on both sides instead of failing.
 */
function changedRows(cols: readonly string[]): string {
  const values = `jsonb_build_array(${cols.map((c) => `j -> '${c}'`).join(', ')})`;
  const rows = (t: string) => `${t} r cross join lateral to_jsonb(r) j`;
  const of = (a: string, b: string) =>
    `select r.* from ${rows(a)} where ${values} in (select ${values} from ${rows(a)} except all select ${values} from ${rows(b)})`;
  return `with ot_read as (${of('ot', 'nt')}), nt_read as (${of('nt', 'ot')}) `;
}

const SQL_WORDS = new Set(
  'as on join left right inner cross full natural where group order limit offset union except intersect window having using for set returning'.split(
    ' ',
  ),
);

const EXPRESSION_WORDS = new Set(
  'select and or not then else when by distinct case is in end all any return returning'.split(' '),
);

/**
 * The columns of `table` that a source's fact SQL reads, taken from that SQL: every `alias.column` of an
 * alias the SQL gives the table. Null when the text cannot tell (the table without an alias, a row
 * referenced whole, the table not named at all: read through a view or a function); every change then
 * recounts. Columns read unqualified under an alias are not seen: the rollup tests compare this with
 * the columns the database records for the same SQL as a view.
 */
function readColumns(sql: string, table: string): string[] | null {
  const aliases = new Set<string>();
  for (const m of sql.matchAll(new RegExp(`\\b${table}\\b(\\s+(?:as\\s+)?([a-z_][a-z0-9_]*))?`, 'gi'))) {
    const alias = m[2]?.toLowerCase();
    if (!alias || SQL_WORDS.has(alias)) return null;
    aliases.add(alias);
  }
  if (aliases.size === 0) return null;
  const cols = new Set<string>();
  for (const alias of aliases) {
    const uses = [...sql.matchAll(new RegExp(`\\b${alias}\\b(\\s*\\.\\s*(\\*|[a-z_][a-z0-9_]*))?`, 'gi'))];
    // Where it names a relation: after a table's name or a subquery's parenthesis.
    const declared = [
      ...sql.matchAll(new RegExp(`(?:\\b([a-z_][a-z0-9_]*)|\\))\\s+(?:as\\s+)?${alias}\\b(?!\\s*\\.)`, 'gi')),
    ].filter((d) => !d[1] || !EXPRESSION_WORDS.has(d[1].toLowerCase())).length;
    const bare = uses.filter((u) => !u[2]).length;
    if (bare > declared || uses.some((u) => u[2] === '*')) return null;
    for (const u of uses) if (u[2]) cols.add(u[2].toLowerCase());
  }
  return [...cols].sort();
}

/** Rebuild, org-unit moves and facility recounts of a source, whatever keeps its rollup. */
function maintenanceSql(plan: Plan): string[] {
  const { source: s } = plan;
  const out: string[] = [];
  const table = s.recordTable;
  // Raw recomputation of given facilities placed at given paths: rebuilds and org-unit moves.
  const ofFids = `${s.facility} = any(fids)`;
  out.push(
    fn(
      `ind_${s.id}_apply`,
      'fids uuid[], paths text[], sign integer, with_main boolean, with_disagg boolean',
      `${
        plan.clocked.length
          ? `if with_main and sign = 1 then
    ${clockCells(plan, 'fids', 'null').trim()}
  end if;
  `
          : ''
      }if with_main then
    ${mainUpsert(plan, facts(plan, { rel: table, sign: 'sign', dims: false, measures: plan.main, where: ofFids }), 'unnest(fids, paths) as p(id, path)')};
  end if;
  if with_disagg then
    ${disaggUpsert(plan, facts(plan, { rel: table, sign: 'sign', dims: true, measures: plan.stored, where: ofFids }), 'unnest(fids, paths) as p(id, path)')};
  end if;`,
    ),
  );
  // An online rebuild's chunk. Rollup rows stay locked from their upsert to the commit, and births of the
  // same months at any facility wait for them: everything is counted into temporary tables first, then
  // upserted at the end, main then disaggregation like the triggers.
  const chunkPaths = 'unnest(fids, paths) as p(id, path)';
  const chunkFacts = (dims: boolean, measures: Measure[]) =>
    facts(plan, { rel: table, sign: '1', dims, measures, where: ofFids });
  const withDisagg = plan.stored.length > 0 && plan.dims.length > 0;
  out.push(
    fn(
      `ind_${s.id}_rebuild`,
      'fids uuid[], paths text[]',
      plan.main.length === 0
        ? 'return;'
        : `${clockCells(plan, 'fids', 'null')}create temp table ind_staged_main on commit drop as
  ${mainRows(plan, chunkFacts(false, plan.main), chunkPaths)}
  select * from e;${
    withDisagg
      ? `
  create temp table ind_staged_disagg on commit drop as
  ${disaggRows(plan, chunkFacts(true, plan.stored), chunkPaths)}
  select * from e;`
      : ''
  }
  ${mainInsert(plan, 'ind_staged_main')};
  drop table ind_staged_main;${
    withDisagg
      ? `
  ${disaggInsert(plan, 'ind_staged_disagg')};
  drop table ind_staged_disagg;`
      : ''
  }`,
    ),
  );
  if (plan.day && !plan.servicePoints) out.push(...dayMaintenanceSql(plan));
  else out.push(...monthMaintenanceSql(plan));
  return out;
}

/**
 * Moves and facility recounts of a rollup that keeps the facilities' own rows (monthly, or a recounted
 * source's day rollup): from those rows.
 */
function monthMaintenanceSql(plan: Plan): string[] {
  const { source: s } = plan;
  const grain = grainCol(plan);
  const out: string[] = [];
  const table = s.recordTable;
  const ofFids = `${s.facility} = any(fids)`;
  // Moving facilities: their own main rows move from the old ancestors to the new ones.
  const ms = plan.main;
  const cols = valueCols(ms).join(', ');
  out.push(
    fn(
      `ind_${s.id}_move_main`,
      'ids uuid[], old_paths text[], new_paths text[]',
      ms.length === 0
        ? 'return;'
        : `with mv as (select * from unnest(ids, old_paths, new_paths) as m(id, old_path, new_path)),
  x as (select a.id::uuid as ou, r.${grain}${plan.day ? ' as month' : ''}, ${valueCols(ms)
    .map((c) => `-r.${c} as ${c}`)
    .join(', ')}
          from mv join ${s.table} r on r.org_unit_id = mv.id
          ${ancestorsOf('mv.old_path', plan.day)}${keptAncestors(plan)}
        union all
        select a.id::uuid, r.${grain}, ${valueCols(ms)
          .map((c) => `r.${c}`)
          .join(', ')}
          from mv join ${s.table} r on r.org_unit_id = mv.id
          ${ancestorsOf('mv.new_path', plan.day)}${keptAncestors(plan)}),
  e as (select ou, month, ${summed(ms, 'x')} from x group by ou, month)
  insert into ${s.table} (org_unit_id, ${grain}, ${cols})
  select ou, month, ${cols} from e where ${nonZero(ms)} order by ou, month
  on conflict (org_unit_id, ${grain}) do update set ${setAdd(s.table, ms)};`,
    ),
  );
  // Facility attributes changed (EENC dates): recount the facility and pass the difference upwards.
  out.push(
    fn(
      `ind_${s.id}_refresh_main`,
      'fids uuid[]',
      ms.length === 0
        ? 'return;'
        : `${clockCells(plan, 'fids', 'null')}with f as (${facts(plan, { rel: table, sign: '1', dims: false, measures: ms, where: ofFids })}),
  fr as (select f.fid, f.mon, ${signedSums(ms)} from f group by f.fid, f.mon),
  st as (select org_unit_id as fid, ${grain} as mon, ${cols} from ${s.table} where org_unit_id = any(fids)),
  ${passDifference(plan)}`,
    ),
  );
  return out;
}

/**
 * Moves and facility recounts of a day rollup, which has no rows of the facilities themselves. A move
 * subtracts the facilities' facts from their old ancestors and adds them to the new ones, from the
 * records (like the disaggregation rows). A facility whose attributes changed (EENC dates: the facts'
 * "in an implementing facility") is recounted through its lowest ancestor that has day rows: every day of
 * that unit counted from the records of its facilities, the difference from its stored rows passed to it
 * and its ancestors. Attributes change seldom (an edit of a facility, a country's settings), and a
 * province is some 40,000 births at programme scale.
 */
function dayMaintenanceSql(plan: Plan): string[] {
  const { source: s, main: ms } = plan;
  const out: string[] = [];
  out.push(
    fn(
      `ind_${s.id}_move_main`,
      'ids uuid[], old_paths text[], new_paths text[]',
      `perform ind_${s.id}_apply(ids, old_paths, -1, true, false);
  perform ind_${s.id}_apply(ids, new_paths, 1, true, false);`,
    ),
  );
  const cols = valueCols(ms);
  out.push(
    fn(
      `ind_${s.id}_refresh_main`,
      'fids uuid[]',
      ms.length === 0
        ? 'return;'
        : `with low as (select distinct on (f.id) ao.id, ao.path
                 from org_units f
                 cross join lateral unnest(string_to_array(trim(both '/' from f.path), '/')::uuid[]) with ordinality as a(id, n)
                 join org_units ao on ao.id = a.id::uuid and ao.kind in ${DAY_KINDS_SQL}
                where f.id = any(fids) order by f.id, a.n desc),
  units as (select distinct id, path from low),
  fac as (select u.id as ou, o.id from units u
            join org_units o on o.path ~>=~ u.path and o.path ~<~ (left(u.path, -1) || '0')
                            and o.kind in ('facility', 'commune')
           where ${notPending(plan, 'o.id')}),
  f as (${facts(plan, { rel: s.recordTable, sign: '1', dims: false, measures: ms, where: `${s.facility} in (select id from fac)` })}),
  fr as (select fac.ou as fid, f.mon, ${signedSums(ms)} from f join fac on fac.id = f.fid group by 1, 2),
  st as (select r.org_unit_id as fid, r.day as mon, ${cols.map((c) => `r.${c}`).join(', ')}
           from ${s.table} r where r.org_unit_id in (select id from units)),
  ${passDifference(plan)}`,
    ),
  );
  return out;
}

/** Objects shared by every rolled-up source: the org-unit trigger and the facility recount. */
function generateSharedSql(sources: readonly RolledUpSource[]): string {
  const out: string[] = [];
  out.push(
    fn(
      'indicator_refresh_facilities',
      'fids uuid[]',
      `perform pg_advisory_xact_lock(${ROLLUP_LOCK});\n  ${sources.map((s) => `perform ind_${s.id}_refresh_main(fids);`).join('\n  ') || 'return;'}`,
    ),
  );
  out.push(`create function ind_org_units_on_update() returns trigger language plpgsql set jit = off as $fn$
declare
  moved uuid[]; old_paths text[]; new_paths text[]; changed uuid[];
begin
  ${SKIP}
  select array_agg(x.id order by x.id), array_agg(o.path order by x.id), array_agg(x.path order by x.id)
    into moved, old_paths, new_paths
    from nt x join ot o on o.id = x.id where x.path <> o.path and x.kind in ('facility', 'commune');
  select array_agg(x.id order by x.id) into changed
    from nt x join ot o on o.id = x.id
   where x.kind in ('facility', 'commune')
     and (x.eenc_introduced_on, x.eenc_team_formed_on) is distinct from (o.eenc_introduced_on, o.eenc_team_formed_on);
  if moved is null and changed is null then return null; end if;
  perform pg_advisory_xact_lock(${ROLLUP_LOCK});
  if moved is not null then
    ${sources.map((s) => `perform ind_${s.id}_move_main(moved, old_paths, new_paths);\n    perform ind_${s.id}_apply(moved, old_paths, -1, false, true);\n    perform ind_${s.id}_apply(moved, new_paths, 1, false, true);`).join('\n    ') || 'null;'}
  end if;
  if changed is not null then perform indicator_refresh_facilities(changed); end if;
  return null;
end $fn$;`);
  out.push(
    'create trigger ind_org_units_upd after update on org_units referencing old table as ot new table as nt for each statement execute function ind_org_units_on_update();',
  );
  return out.join('\n\n');
}

/** The key of the shared objects' row in `indicator_rollup_state` (sources use their id). */
const SHARED_PART = '*';

/** One independently installed part of the generated schema: a source's rollup, or the shared objects. */
export type SchemaPart = {
  part: string;
  source?: RolledUpSource;
  sql: string;
  fingerprint: string;
  measures: Measure[];
};

/** The generated schema, part by part, for the registered rolled-up sources (or the ones given). */
export function generateSchemaParts(
  registry: MeasureRegistry,
  sources: readonly RolledUpSource[] = listRolledUpSources(),
): SchemaPart[] {
  const parts: SchemaPart[] = plans(registry, sources).map((plan) => {
    const sql = generateSourceSql(plan);
    return {
      part: plan.source.id,
      source: plan.source,
      sql,
      fingerprint: rollupFingerprint(sql),
      measures: plan.main,
    };
  });
  const shared = generateSharedSql(listRollups(sources));
  parts.push({ part: SHARED_PART, sql: shared, fingerprint: rollupFingerprint(shared), measures: [] });
  return parts;
}

/** A database object the generated schema created: what `dropSql` needs to remove it. */
export type SchemaObject = { kind: 'table' | 'function' | 'trigger'; name: string; on?: string };

/** The objects a generated script creates, read from its `create` statements. */
export function objectsOf(sql: string): SchemaObject[] {
  const out: SchemaObject[] = [];
  for (const m of sql.matchAll(/\bcreate (table|function|trigger) (\w+)(?:[^;]*?\bon (\w+) )?/g)) {
    const kind = m[1] as SchemaObject['kind'];
    out.push(kind === 'trigger' ? { kind, name: m[2]!, on: m[3]! } : { kind, name: m[2]! });
  }
  return out;
}

/** Drops objects: triggers first, then functions, then tables (nothing else depends on them). */
export function dropSql(objects: readonly SchemaObject[]): string {
  const of = (k: SchemaObject['kind']) => objects.filter((o) => o.kind === k);
  return [
    ...of('trigger').map((o) => `drop trigger if exists ${o.name} on ${o.on};`),
    ...of('function').map((o) => `drop function if exists ${o.name};`),
    ...of('table').map((o) => `drop table if exists ${o.name};`),
  ].join('\n');
}

/**
 * What a database installed before the per-part state (or by hand) holds of the generated schema: every
 * table, function and trigger named `ind_…`, and the facility recount.
 */
export async function listInstalledObjects(q: Queryable): Promise<SchemaObject[]> {
  return q.query<SchemaObject>(
    `select 'trigger' as kind, t.tgname as name, c.relname as "on"
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and t.tgname like 'ind\\_%' and n.nspname = current_schema()
     union all
     select 'function', p.proname, null from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = current_schema() and (p.proname like 'ind\\_%' or p.proname = 'indicator_refresh_facilities')
     union all
     select 'table', c.relname, null from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and c.relname like 'ind\\_%'`,
  );
}

function rollupFingerprint(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}
