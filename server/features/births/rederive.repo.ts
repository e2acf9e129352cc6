import { toPgArrayLiteral } from '../../db/sql-literals';
import type { Queryable } from '../../db/db';
import type { NewbornRow } from './births.rows';

/** What the birth rules read from a `births` row, with its facility's time zone and country. */
export type BirthForRules = {
  id: string;
  mode: 'spontaneous_vaginal' | 'assisted_vaginal' | 'caesarean';
  gestational_age_weeks: number | null;
  birth_date: string;
  born_at: Date;
  timezone: string;
  country_id: string | null;
  uterotonic_given: boolean | null;
  uterotonic_minutes: number | null;
  second_baby_checked: boolean | null;
};

/** The next births after `afterId` (id order) at facilities under `pathPrefix` ('' = everywhere). */
export function listBirthsForRules(
  q: Queryable,
  o: { pathPrefix: string; afterId: string; limit: number },
): Promise<BirthForRules[]> {
  return q.query<BirthForRules>(
    `select b.id, b.mode, b.gestational_age_weeks, b.birth_date, b.born_at, f.timezone,
            nullif(split_part(f.path, '/', 3), '')::uuid as country_id,
            b.uterotonic_given, b.uterotonic_minutes, b.second_baby_checked
       from births b join org_units f on f.id = b.facility_id
      where f.path like $1 || '%' and b.id > $2 order by b.id limit $3`,
    [o.pathPrefix, o.afterId, o.limit],
  );
}

export function listNewbornsOf(q: Queryable, birthIds: readonly string[]): Promise<NewbornRow[]> {
  return q.query<NewbornRow>('select * from newborns where birth_id = any($1::uuid[])', [birthIds]);
}

/**
 * Writes re-derived values: per newborn `[id, ...derivedColumns]` (the order of `derivedColumns`), per
 * birth `[id, flags]`. Rows whose values did not change are left alone (no trigger work for them).
 */
export async function writeDerivedValues(
  q: Queryable,
  newborns: ReadonlyArray<readonly unknown[]>,
  births: ReadonlyArray<readonly [string, readonly string[]]>,
): Promise<void> {
  const col = (i: number) => newborns.map((u) => u[i]);
  await q.query(
    `update newborns n set weight_band = v.wb, preterm_band = v.pb, kmc_eligible = v.kmc, immediate_drying = v.dry,
            immediate_ssc = v.ssc, ssc_full_no_separation = v.sscf, delayed_cord_clamping = v.dcc,
            early_breastfeeding = v.ebf, bag_mask_within_target = v.bm, flags = v.flags::text[]
       from unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::boolean[], $7::boolean[],
                   $8::boolean[], $9::boolean[], $10::boolean[], $11::text[]) as v(id, wb, pb, kmc, dry, ssc, sscf, dcc, ebf, bm, flags)
      where n.id = v.id
        and (n.weight_band, n.preterm_band, n.kmc_eligible, n.immediate_drying, n.immediate_ssc, n.ssc_full_no_separation,
             n.delayed_cord_clamping, n.early_breastfeeding, n.bag_mask_within_target, n.flags)
            is distinct from
            (v.wb, v.pb, v.kmc, v.dry, v.ssc, v.sscf, v.dcc, v.ebf, v.bm, v.flags::text[])`,
    Array.from({ length: 11 }, (_, i) => col(i)),
  );
  await q.query(
    `update births b set flags = v.flags::text[] from unnest($1::uuid[], $2::text[]) as v(id, flags)
      where b.id = v.id and b.flags is distinct from v.flags::text[]`,
    [births.map((b) => b[0]), births.map((b) => toPgArrayLiteral(b[1]))],
  );
}

export type BirthRulesState = { version: number; passVersion: number | null; passAfter: string | null };

export async function findBirthRulesState(q: Queryable): Promise<BirthRulesState | null> {
  const [row] = await q.query<{ version: number; pass_version: number | null; pass_after: string | null }>(
    'select version, pass_version, pass_after from birth_rules_state',
  );
  return row ? { version: row.version, passVersion: row.pass_version, passAfter: row.pass_after } : null;
}

export async function saveBirthRulesState(q: Queryable, s: BirthRulesState): Promise<void> {
  await q.query(
    `insert into birth_rules_state (id, version, pass_version, pass_after) values (true, $1, $2, $3)
     on conflict (id) do update set version = excluded.version, pass_version = excluded.pass_version,
       pass_after = excluded.pass_after`,
    [s.version, s.passVersion, s.passAfter],
  );
}

export async function hasAnyBirth(q: Queryable): Promise<boolean> {
  return (await q.query('select 1 from births limit 1')).length > 0;
}
