import type { Queryable } from '../../db/db';
import { BIRTH_FOR_RULES_SQL, type BirthForRules } from './rederive';

/** The next births after `afterId` (id order) at facilities under `pathPrefix` ('' = everywhere). */
export function listBirthsForRules(
  q: Queryable,
  o: { pathPrefix: string; afterId: string; limit: number },
): Promise<BirthForRules[]> {
  return q.query<BirthForRules>(
    `select ${BIRTH_FOR_RULES_SQL}
       from births b join org_units f on f.id = b.facility_id
      where f.path like $1 || '%' and b.id > $2 order by b.id limit $3`,
    [o.pathPrefix, o.afterId, o.limit],
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
