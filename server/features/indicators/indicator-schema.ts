import { createHash } from 'node:crypto';
import { loadIndicators, type Measure, type MeasureRegistry } from '../../../shared/indicators/definitions';
import { STORED_DIMENSIONS } from '../../../shared/indicators/sources';
import type { Db, Queryable } from '../../db/db';
import { col, compileFilter, filterNeeds, ROLLED_UP_SOURCES, type RolledUpSource } from './indicator-sources';

/**
 * The rollups are generated from the indicator definitions: per rolled-up source, one table of counts per
 * (org unit at every ancestor level, month) and one per (org unit at province level and above, dimension,
 * month, value), kept exact in the writing transaction by statement-level triggers with transition
 * tables (one set-based upsert per statement, rows touched in key order so that concurrent writers do not
 * deadlock). `syncIndicatorSchema` runs after migrations: when the generated SQL changed (an indicator
 * was added or edited) it reinstalls everything and rebuilds the rollups from the records.
 */

/** Advisory lock: fact triggers take it shared; rebuilds and org-unit moves take it exclusively. */
export const ROLLUP_LOCK = 4_242_010;
/** `select set_config('openeenc.rollups', 'off', true)` makes this transaction skip rollup upkeep (bulk generation, then rebuild). */
const SKIP = `if coalesce(current_setting('openeenc.rollups', true), '') = 'off' then return null; end if;`;
const ANCESTORS = `cross join lateral unnest(string_to_array(trim(both '/' from p.path), '/')) as a(id)`;
const STORED_KINDS = `('region', 'country', 'province')`;

type Plan = { source: RolledUpSource; main: Measure[]; stored: Measure[]; dims: string[] };

function plans(registry: MeasureRegistry): Plan[] {
  return Object.values(ROLLED_UP_SOURCES).map((source) => {
    const main = registry.bySource[source.id] ?? [];
    return {
      source,
      main,
      stored: main.filter((m) => m.stored),
      dims: STORED_DIMENSIONS.filter((d) => source.dimensions[d]),
    };
  });
}

/**
 * The fact rows of a source as (fid, mon, sg, d_<dim>…, c_<measure>…). `rel` stands in for the fact
 * table (a transition table, or the table itself); `birthRel` for births when the newborns are joined to
 * a transition table of births.
 */
function facts(
  plan: Plan,
  opts: { rel: string; sign: string; measures: Measure[]; dims: boolean; where?: string; birthRel?: string },
): string {
  const { source } = plan;
  let needBirth =
    opts.dims && plan.dims.some((d) => source.dimensions[d as keyof typeof source.dimensions]?.birth);
  let needStatus = false;
  for (const m of opts.measures) {
    const n = filterNeeds(source, m.where);
    needBirth ||= n.birth;
    needStatus ||= n.status;
  }
  let from =
    opts.birthRel !== undefined
      ? `${opts.rel} n join ${opts.birthRel} b on b.id = n.birth_id`
      : source.relation(opts.rel, needBirth);
  if (needStatus) from += ` left join facility_eenc_status s on s.facility_id = ${source.facility}`;
  const dims = opts.dims
    ? plan.dims
        .map((d) => `, ${source.dimensions[d as keyof typeof source.dimensions]!.sql} as d_${d}`)
        .join('')
    : '';
  const cs = opts.measures.map((m) => `, ${compileFilter(source, m.where)} as c_${m.id}`).join('');
  return `select ${source.facility} as fid, date_trunc('month', ${source.date})::date as mon, ${opts.sign} as sg${dims}${cs}
    from ${from}${opts.where ? ` where ${opts.where}` : ''}`;
}

const nonZero = (ms: Measure[], prefix = '') => ms.map((m) => `${prefix}${col(m)} <> 0`).join(' or ');
const setAdd = (table: string, ms: Measure[]) =>
  ms.map((m) => `${col(m)} = ${table}.${col(m)} + excluded.${col(m)}`).join(', ');

/** Adds the signed facts to the main rollup of every ancestor (paths from `pathRel`: id, path). */
function mainUpsert(plan: Plan, factsSql: string, pathRel: string): string {
  const ms = plan.main;
  if (ms.length === 0) return 'perform 1';
  const t = plan.source.table;
  const cols = ms.map(col).join(', ');
  return `with f as (${factsSql}),
  d as (select f.fid, f.mon, ${ms.map((m) => `sum(case when f.c_${m.id} then f.sg else 0 end) as ${col(m)}`).join(', ')}
          from f group by f.fid, f.mon),
  e as (select a.id::uuid as ou, d.mon, ${ms.map((m) => `sum(d.${col(m)})::int as ${col(m)}`).join(', ')}
          from d join ${pathRel} on p.id = d.fid ${ANCESTORS} group by 1, 2)
  insert into ${t} (org_unit_id, month, ${cols})
  select ou, mon, ${cols} from e where ${nonZero(ms)} order by ou, mon
  on conflict (org_unit_id, month) do update set ${setAdd(t, ms)}`;
}

/**
 * Adds the signed facts to the disaggregation rollup of ancestors at province level and above. The facts
 * are first counted per combination of dimension values (`c`: a batch of a thousand babies from a few
 * facilities and months has a few hundred combinations), then spread over the dimensions.
 */
function disaggUpsert(plan: Plan, factsSql: string, pathRel: string): string {
  const ms = plan.stored;
  if (ms.length === 0 || plan.dims.length === 0) return 'perform 1';
  const t = plan.source.disaggTable;
  const cols = ms.map(col).join(', ');
  const dimCols = plan.dims.map((d) => `f.d_${d}`).join(', ');
  const values = plan.dims.map((d) => `('${d}', c.d_${d})`).join(', ');
  return `with f as (${factsSql}),
  c as (select f.fid, f.mon, ${dimCols}, ${ms.map((m) => `sum(case when f.c_${m.id} then f.sg else 0 end) as ${col(m)}`).join(', ')}
          from f group by f.fid, f.mon, ${dimCols}),
  d as (select c.fid, c.mon, v.dim, v.val, ${ms.map((m) => `sum(c.${col(m)}) as ${col(m)}`).join(', ')}
          from c cross join lateral (values ${values}) as v(dim, val) group by 1, 2, 3, 4),
  e as (select a.id::uuid as ou, d.mon, d.dim, d.val, ${ms.map((m) => `sum(d.${col(m)})::int as ${col(m)}`).join(', ')}
          from d join ${pathRel} on p.id = d.fid ${ANCESTORS}
          join org_units ao on ao.id = a.id::uuid and ao.kind in ${STORED_KINDS}
         group by 1, 2, 3, 4)
  insert into ${t} (org_unit_id, dim, month, val, ${cols})
  select ou, dim, mon, val, ${cols} from e where ${nonZero(ms)} order by ou, dim, mon, val
  on conflict (org_unit_id, dim, month, val) do update set ${setAdd(t, ms)}`;
}

function both(
  plan: Plan,
  parts: Array<{ rel: string; sign: string; where?: string; birthRel?: string }>,
  pathRel: string,
) {
  const union = (dims: boolean, measures: Measure[]) =>
    parts.map((p) => facts(plan, { ...p, dims, measures })).join('\n    union all\n    ');
  return `${mainUpsert(plan, union(false, plan.main), pathRel)};\n  ${disaggUpsert(plan, union(true, plan.stored), pathRel)};`;
}

// Functions with parameters plan each call for its ids (see migration 0023: PGlite keeps generic plans
// made while the tables were small for the life of the process).
const fn = (name: string, args: string, body: string, ret = 'void') =>
  `create function ${name}(${args}) returns ${ret} language plpgsql set jit = off${args ? ' set plan_cache_mode = force_custom_plan' : ''} as $fn$\nbegin\n  ${body}\nend $fn$;`;
const trig = (name: string, body: string) =>
  fn(
    name,
    '',
    // Nothing to do for a statement that touched no row (an empty transition table).
    `${SKIP}\n  if not exists (select 1 from ${name.endsWith('_on_delete') ? 'ot' : 'nt'}) then return null; end if;\n  perform pg_advisory_xact_lock_shared(${ROLLUP_LOCK});\n  ${body}\n  return null;`,
    'trigger',
  );

/** The whole generated schema of the rollups (DDL, functions, triggers) as one script. */
export function generateRollupSql(registry: MeasureRegistry): string {
  const out: string[] = [];
  for (const plan of plans(registry)) {
    const { source: s } = plan;
    const mcols = plan.main.map((m) => `${col(m)} integer not null default 0`).join(', ');
    const dcols = plan.stored.map((m) => `${col(m)} integer not null default 0`).join(', ');
    out.push(`create table ${s.table} (org_unit_id uuid not null, month date not null${mcols ? `, ${mcols}` : ''},
  primary key (org_unit_id, month));`);
    out.push(`create table ${s.disaggTable} (org_unit_id uuid not null, dim text not null, month date not null, val text not null${dcols ? `, ${dcols}` : ''},
  primary key (org_unit_id, dim, month, val));`);
    const orgPaths = 'org_units p';
    const table = s.id === 'newborn' ? 'newborns' : 'births';
    out.push(trig(`ind_${s.id}_on_insert`, both(plan, [{ rel: 'nt', sign: '1' }], orgPaths)));
    out.push(
      trig(
        `ind_${s.id}_on_update`,
        both(
          plan,
          [
            { rel: 'ot', sign: '-1' },
            { rel: 'nt', sign: '1' },
          ],
          orgPaths,
        ),
      ),
    );
    out.push(trig(`ind_${s.id}_on_delete`, both(plan, [{ rel: 'ot', sign: '-1' }], orgPaths)));
    out.push(
      `create trigger ind_${s.id}_ins after insert on ${table} referencing new table as nt for each statement execute function ind_${s.id}_on_insert();`,
    );
    out.push(
      `create trigger ind_${s.id}_upd after update on ${table} referencing old table as ot new table as nt for each statement execute function ind_${s.id}_on_update();`,
    );
    out.push(
      `create trigger ind_${s.id}_del after delete on ${table} referencing old table as ot for each statement execute function ind_${s.id}_on_delete();`,
    );
    // Raw recomputation of given facilities placed at given paths: rebuilds and org-unit moves.
    out.push(
      fn(
        `ind_${s.id}_apply`,
        'fids uuid[], paths text[], sign integer, with_main boolean, with_disagg boolean',
        `if with_main then
    ${mainUpsert(plan, facts(plan, { rel: s.id === 'newborn' ? 'newborns' : 'births', sign: 'sign', dims: false, measures: plan.main, where: `${s.facility} = any(fids)` }), 'unnest(fids, paths) as p(id, path)')};
  end if;
  if with_disagg then
    ${disaggUpsert(plan, facts(plan, { rel: s.id === 'newborn' ? 'newborns' : 'births', sign: 'sign', dims: true, measures: plan.stored, where: `${s.facility} = any(fids)` }), 'unnest(fids, paths) as p(id, path)')};
  end if;`,
      ),
    );
    // Moving facilities: their own main rows move from the old ancestors to the new ones.
    const ms = plan.main;
    const cols = ms.map(col).join(', ');
    out.push(
      fn(
        `ind_${s.id}_move_main`,
        'ids uuid[], old_paths text[], new_paths text[]',
        ms.length === 0
          ? 'return;'
          : `with mv as (select * from unnest(ids, old_paths, new_paths) as m(id, old_path, new_path)),
  x as (select a.id::uuid as ou, r.month, ${ms.map((m) => `-r.${col(m)} as ${col(m)}`).join(', ')}
          from mv join ${s.table} r on r.org_unit_id = mv.id
          cross join lateral unnest(string_to_array(trim(both '/' from mv.old_path), '/')) as a(id)
        union all
        select a.id::uuid, r.month, ${ms.map((m) => `r.${col(m)}`).join(', ')}
          from mv join ${s.table} r on r.org_unit_id = mv.id
          cross join lateral unnest(string_to_array(trim(both '/' from mv.new_path), '/')) as a(id)),
  e as (select ou, month, ${ms.map((m) => `sum(${col(m)})::int as ${col(m)}`).join(', ')} from x group by ou, month)
  insert into ${s.table} (org_unit_id, month, ${cols})
  select ou, month, ${cols} from e where ${nonZero(ms)} order by ou, month
  on conflict (org_unit_id, month) do update set ${setAdd(s.table, ms)};`,
      ),
    );
    // Facility attributes changed (EENC dates): recount the facility and pass the difference upwards.
    out.push(
      fn(
        `ind_${s.id}_refresh_main`,
        'fids uuid[]',
        ms.length === 0
          ? 'return;'
          : `with f as (${facts(plan, { rel: s.id === 'newborn' ? 'newborns' : 'births', sign: '1', dims: false, measures: ms, where: `${s.facility} = any(fids)` })}),
  fr as (select f.fid, f.mon, ${ms.map((m) => `sum(case when f.c_${m.id} then 1 else 0 end) as ${col(m)}`).join(', ')} from f group by f.fid, f.mon),
  st as (select org_unit_id as fid, month as mon, ${cols} from ${s.table} where org_unit_id = any(fids)),
  d as (select coalesce(fr.fid, st.fid) as fid, coalesce(fr.mon, st.mon) as mon,
               ${ms.map((m) => `coalesce(fr.${col(m)}, 0) - coalesce(st.${col(m)}, 0) as ${col(m)}`).join(', ')}
          from fr full join st on st.fid = fr.fid and st.mon = fr.mon),
  e as (select a.id::uuid as ou, d.mon, ${ms.map((m) => `sum(d.${col(m)})::int as ${col(m)}`).join(', ')}
          from d join org_units p on p.id = d.fid ${ANCESTORS} group by 1, 2)
  insert into ${s.table} (org_unit_id, month, ${cols})
  select ou, mon, ${cols} from e where ${nonZero(ms)} order by ou, mon
  on conflict (org_unit_id, month) do update set ${setAdd(s.table, ms)};`,
      ),
    );
  }
  const newborn = plans(registry).find((p) => p.source.id === 'newborn')!;
  // Newborn counts read the delivery's mode and ethnic-minority flag: when those change, move the babies.
  out.push(
    trig(
      'ind_newborn_on_birth_update',
      `if not exists (select 1 from ot o join nt x on x.id = o.id
                   where (o.mode, o.mother_ethnic_minority) is distinct from (x.mode, x.mother_ethnic_minority)) then
    return null;
  end if;
  ${both(
    newborn,
    [
      {
        rel: 'newborns',
        birthRel: 'ot',
        sign: '-1',
        where:
          'n.birth_id in (select o.id from ot o join nt x on x.id = o.id where (o.mode, o.mother_ethnic_minority) is distinct from (x.mode, x.mother_ethnic_minority))',
      },
      {
        rel: 'newborns',
        birthRel: 'nt',
        sign: '1',
        where:
          'n.birth_id in (select o.id from ot o join nt x on x.id = o.id where (o.mode, o.mother_ethnic_minority) is distinct from (x.mode, x.mother_ethnic_minority))',
      },
    ],
    'org_units p',
  )}`,
    ),
  );
  out.push(
    `create trigger ind_newborn_birth_upd after update on births referencing old table as ot new table as nt for each statement execute function ind_newborn_on_birth_update();`,
  );
  // A deleted delivery's babies go first, while the delivery is still there to read their mode from.
  out.push(
    fn(
      'ind_births_before_delete',
      '',
      // Only when there are babies: an empty DELETE would still fire the statement triggers.
      'if exists (select 1 from newborns where birth_id = old.id) then\n    delete from newborns where birth_id = old.id;\n  end if;\n  return old;',
      'trigger',
    ),
    'create trigger ind_births_del_newborns before delete on births for each row execute function ind_births_before_delete();',
  );
  const srcs = Object.values(ROLLED_UP_SOURCES);
  out.push(
    fn(
      'indicator_refresh_facilities',
      'fids uuid[]',
      `perform pg_advisory_xact_lock(${ROLLUP_LOCK});\n  ${srcs.map((s) => `perform ind_${s.id}_refresh_main(fids);`).join('\n  ')}`,
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
    ${srcs.map((s) => `perform ind_${s.id}_move_main(moved, old_paths, new_paths);\n    perform ind_${s.id}_apply(moved, old_paths, -1, false, true);\n    perform ind_${s.id}_apply(moved, new_paths, 1, false, true);`).join('\n    ')}
  end if;
  if changed is not null then perform indicator_refresh_facilities(changed); end if;
  return null;
end $fn$;`);
  out.push(
    'create trigger ind_org_units_upd after update on org_units referencing old table as ot new table as nt for each statement execute function ind_org_units_on_update();',
  );
  return out.join('\n\n');
}

/** Everything the generated schema may have installed, so a new version can replace an old one. */
const DROP_SQL = `
drop trigger if exists ind_newborn_ins on newborns;
drop trigger if exists ind_newborn_upd on newborns;
drop trigger if exists ind_newborn_del on newborns;
drop trigger if exists ind_delivery_ins on births;
drop trigger if exists ind_delivery_upd on births;
drop trigger if exists ind_delivery_del on births;
drop trigger if exists ind_newborn_birth_upd on births;
drop trigger if exists ind_births_del_newborns on births;
drop trigger if exists ind_org_units_upd on org_units;
drop function if exists ind_newborn_on_insert, ind_newborn_on_update, ind_newborn_on_delete, ind_delivery_on_insert,
  ind_delivery_on_update, ind_delivery_on_delete, ind_newborn_on_birth_update, ind_births_before_delete,
  ind_org_units_on_update, ind_newborn_apply, ind_delivery_apply, ind_newborn_move_main, ind_delivery_move_main,
  ind_newborn_refresh_main, ind_delivery_refresh_main, indicator_refresh_facilities;
drop table if exists ind_newborn_rollup, ind_newborn_disagg, ind_delivery_rollup, ind_delivery_disagg;
`;

export function rollupFingerprint(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Recomputes every rollup from the records, in chunks of facilities (bounded memory, progress). Used
 * after bulk generation and by `npm run indicators:rebuild` to repair. Runs in the caller's transaction.
 */
export async function rebuildRollups(
  q: Queryable,
  log: (line: string) => void = () => {},
  chunk = 150,
): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
  // JIT compilation of these wide statements costs far more than it saves.
  await q.query("select set_config('jit', 'off', true)");
  const tables = Object.values(ROLLED_UP_SOURCES).flatMap((s) => [s.table, s.disaggTable]);
  await q.query(`truncate ${tables.join(', ')}`);
  // Fresh statistics first: PGlite has no autovacuum, and a table bulk-loaded since its last ANALYZE
  // gets the planner's default guesses, which can turn a chunk's recount into a scan per facility.
  // Never on empty tables: statistics saying "empty" make PGlite (one session, plans cached for its
  // life) plan key lookups (foreign-key checks included) as scans that grow with every birth written.
  const [{ any }] = (await q.query<{ any: boolean }>('select exists (select 1 from births) as any')) as [
    { any: boolean },
  ];
  if (any) await q.query('analyze births, newborns, org_units');
  const facilities = await q.query<{ id: string; path: string }>(
    "select id, path from org_units where kind in ('facility', 'commune') order by path",
  );
  const started = Date.now();
  for (let i = 0; i < facilities.length; i += chunk) {
    const part = facilities.slice(i, i + chunk);
    const ids = part.map((f) => f.id);
    const paths = part.map((f) => f.path);
    for (const s of Object.values(ROLLED_UP_SOURCES))
      await q.query(`select ind_${s.id}_apply($1::uuid[], $2::text[], 1, true, true)`, [ids, paths]);
    log(
      `rollups: ${Math.min(i + chunk, facilities.length)}/${facilities.length} facilities, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
}

/**
 * Installs the generated rollup schema when it differs from the one in the database, then rebuilds the
 * rollups. Runs after migrations (server/migrate.ts), on both engines, under the migration lock.
 */
export async function syncIndicatorSchema(db: Db, log: (line: string) => void = () => {}): Promise<boolean> {
  const { registry } = loadIndicators();
  const sql = generateRollupSql(registry);
  const fingerprint = rollupFingerprint(sql);
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK + 1]);
    const [state] = await tx.query<{ fingerprint: string }>(
      'select fingerprint from indicator_schema_state where id = 1',
    );
    if (state?.fingerprint === fingerprint) return false;
    await tx.execScript(DROP_SQL);
    await tx.execScript(sql);
    await rebuildRollups(tx, log);
    await tx.query(
      `insert into indicator_schema_state (id, fingerprint, measures, installed_at) values (1, $1, $2::jsonb, now())
       on conflict (id) do update set fingerprint = excluded.fingerprint, measures = excluded.measures, installed_at = now()`,
      [
        fingerprint,
        JSON.stringify(registry.measures.map((m) => ({ id: m.id, source: m.source, stored: m.stored }))),
      ],
    );
    log('indicators: rollup schema installed');
    return true;
  });
}
