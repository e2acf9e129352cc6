import type { ChecklistDefinition, ChecklistDomain } from '../../../shared/coaching/checklists';
import type { CourseModule } from '../../../shared/coaching/coaching-values';
import type { Queryable } from '../../db/db';

/** A stored version of a country's own checklist (migration 0084). */
export type ChecklistVersionRow = {
  id: string;
  country_id: string;
  country_path: string;
  checklist_id: string;
  version: number;
  based_on_id: string;
  module: CourseModule;
  name: ChecklistDefinition['name'];
  domains: ChecklistDomain[];
  row_version: number;
};

const SELECT = `select v.id, v.country_id, o.path as country_path, v.checklist_id, v.version, v.based_on_id, v.module,
    v.name, v.domains, v.row_version
  from coaching_checklist_versions v join org_units o on o.id = v.country_id`;

export const toDefinition = (r: ChecklistVersionRow): ChecklistDefinition => ({
  id: r.checklist_id,
  version: r.version,
  module: r.module,
  name: r.name,
  domains: r.domains,
});

/** Every version of a country's own checklists, oldest first. */
export const listCountryVersions = (q: Queryable, countryId: string) =>
  q.query<ChecklistVersionRow>(`${SELECT} where v.country_id = $1 order by v.based_on_id, v.version`, [
    countryId,
  ]);

/**
 * One stored version. `share` while a checklist is recorded on it and `update` while it is edited: an
 * edit then either sees the new record (and adds a version) or the record is scored on the edited one.
 */
export async function findStoredVersion(
  q: Queryable,
  checklistId: string,
  version: number | 'latest',
  lock: '' | 'share' | 'update' = '',
): Promise<ChecklistVersionRow | undefined> {
  const [row] = await q.query<ChecklistVersionRow>(
    `${SELECT} where v.checklist_id = $1 and ($2::int is null or v.version = $2)
      order by v.version desc limit 1 ${lock ? `for ${lock} of v` : ''}`,
    [checklistId, version === 'latest' ? null : version],
  );
  return row;
}

/** The country's copy of a shipped checklist, if it made one (its latest version). */
export async function findCountryCopy(q: Queryable, countryId: string, basedOnId: string) {
  const [row] = await q.query<ChecklistVersionRow>(
    `${SELECT} where v.country_id = $1 and v.based_on_id = $2 order by v.version desc limit 1`,
    [countryId, basedOnId],
  );
  return row;
}

/** Checklists recorded per checklist version, by `id@version`. */
export async function countRecordsByVersion(
  q: Queryable,
  checklistIds: string[],
): Promise<Map<string, number>> {
  const rows = await q.query<{ key: string; n: number }>(
    `select checklist_id || '@' || checklist_version as key, count(*)::int as n from coaching_checklists
      where checklist_id = any($1::text[]) group by checklist_id, checklist_version`,
    [checklistIds],
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

export async function insertStoredVersion(
  q: Queryable,
  v: { id: string; countryId: string; basedOnId: string; def: ChecklistDefinition },
  actorId: string,
  now: Date,
): Promise<void> {
  await q.query(
    `insert into coaching_checklist_versions (id, country_id, checklist_id, version, based_on_id, module, name, domains,
       created_at, created_by, updated_at, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $9, $10)`,
    [
      v.id,
      v.countryId,
      v.def.id,
      v.def.version,
      v.basedOnId,
      v.def.module,
      JSON.stringify(v.def.name),
      JSON.stringify(v.def.domains),
      now,
      actorId,
    ],
  );
}

/** Changes a version nothing was recorded on yet, in place. */
export async function updateStoredVersion(
  q: Queryable,
  id: string,
  def: Pick<ChecklistDefinition, 'name' | 'domains'>,
  actorId: string,
  now: Date,
): Promise<void> {
  await q.query(
    `update coaching_checklist_versions set name = $2::jsonb, domains = $3::jsonb, row_version = row_version + 1,
       updated_at = $4, updated_by = $5 where id = $1`,
    [id, JSON.stringify(def.name), JSON.stringify(def.domains), now, actorId],
  );
}

export async function hasRecords(q: Queryable, checklistId: string, version: number): Promise<boolean> {
  const [row] = await q.query<{ used: boolean }>(
    `select exists (select 1 from coaching_checklists where checklist_id = $1 and checklist_version = $2) as used`,
    [checklistId, version],
  );
  return row!.used;
}
