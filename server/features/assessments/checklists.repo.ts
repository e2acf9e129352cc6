import type { ChecklistStatus } from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import { DEFAULT_CHECKLIST, DEFAULT_CHECKLIST_LABEL } from '../../../shared/assessments/default-checklist';
import type { Queryable } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';
import { findRowById } from '../../db/find-row';

export type ChecklistRow = {
  id: string;
  country_id: string | null;
  country_name: string | null;
  country_path: string | null;
  based_on_id: string | null;
  label: string;
  status: ChecklistStatus;
  definition: ChecklistDefinition;
  published_at: Date | null;
  assessment_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  updated_by_name: string | null;
};

/** The shipped regional default's id: derived from its label, so every installation agrees. */
export const DEFAULT_CHECKLIST_ID = uuidV5(`checklist:${DEFAULT_CHECKLIST_LABEL}`);

/**
 * Stores the shipped default once (idempotent, race-free). A later release that changes the default
 * ships it under a new label, so the versions old assessments point at never change.
 */
export async function ensureDefaultChecklist(q: Queryable, now: Date): Promise<string> {
  await q.query(
    `insert into checklist_versions (id, country_id, label, status, definition, published_at, created_at, updated_at)
     values ($1, null, $2, 'published', $3::jsonb, $4, $4, $4) on conflict (id) do nothing`,
    [DEFAULT_CHECKLIST_ID, DEFAULT_CHECKLIST_LABEL, JSON.stringify(DEFAULT_CHECKLIST), now],
  );
  return DEFAULT_CHECKLIST_ID;
}

const SELECT = `select c.id, c.country_id, o.name as country_name, o.path as country_path, c.based_on_id, c.label,
    c.status, c.definition, c.published_at, c.version, c.created_at, c.updated_at, u.username as updated_by_name,
    (select count(*) from assessments a where a.checklist_version_id = c.id) as assessment_count
  from checklist_versions c
  left join org_units o on o.id = c.country_id
  left join users u on u.id = c.updated_by`;

export const findChecklistVersion = (q: Queryable, id: string, opts: { forUpdate?: boolean } = {}) =>
  findRowById<ChecklistRow>(q, { table: 'checklist_versions', alias: 'c', select: SELECT }, id, opts);

/** Regional defaults and, when given, the versions of one country; newest first. */
export async function listChecklistVersions(q: Queryable, countryId: string | null): Promise<ChecklistRow[]> {
  return q.query<ChecklistRow>(
    `${SELECT} where c.country_id is null or c.country_id = $1
      order by c.country_id nulls last, coalesce(c.published_at, c.created_at) desc, c.id`,
    [countryId],
  );
}

/** The version new assessments in a country get: its latest published one, else the latest regional default. */
export async function findActiveChecklistId(
  q: Queryable,
  countryId: string | null,
): Promise<string | undefined> {
  const [row] = await q.query<{ id: string }>(
    `select id from checklist_versions
      where status = 'published' and (country_id = $1 or country_id is null)
      order by (country_id is null), published_at desc, id limit 1`,
    [countryId],
  );
  return row?.id;
}

export async function insertChecklistVersion(
  q: Queryable,
  v: {
    id: string;
    countryId: string;
    basedOnId: string;
    label: string;
    definition: ChecklistDefinition;
    actorId: string;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `insert into checklist_versions (id, country_id, based_on_id, label, status, definition, created_at, updated_at,
       created_by, updated_by)
     values ($1, $2, $3, $4, 'draft', $5::jsonb, $6, $6, $7, $7)`,
    [v.id, v.countryId, v.basedOnId, v.label, JSON.stringify(v.definition), v.now, v.actorId],
  );
}

export async function updateChecklistDraft(
  q: Queryable,
  id: string,
  version: number,
  fields: { label: string; definition: ChecklistDefinition },
  actorId: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update checklist_versions set label = $3, definition = $4::jsonb, version = version + 1, updated_at = $5,
       updated_by = $6
     where id = $1 and version = $2 and status = 'draft' returning id`,
    [id, version, fields.label, JSON.stringify(fields.definition), now, actorId],
  );
  return rows.length === 1;
}

/** Publishes a draft and retires the country's previously published versions (they stay readable). */
export async function publishChecklist(
  q: Queryable,
  id: string,
  countryId: string,
  version: number,
  actorId: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update checklist_versions set status = 'published', published_at = $3, version = version + 1, updated_at = $3,
       updated_by = $4
     where id = $1 and version = $2 and status = 'draft' returning id`,
    [id, version, now, actorId],
  );
  if (rows.length !== 1) return false;
  await q.query(
    `update checklist_versions set status = 'retired', version = version + 1, updated_at = $3, updated_by = $4
      where country_id = $1 and status = 'published' and id <> $2`,
    [countryId, id, now, actorId],
  );
  return true;
}

export async function deleteChecklistDraft(q: Queryable, id: string, version: number): Promise<boolean> {
  const rows = await q.query(
    "delete from checklist_versions where id = $1 and version = $2 and status = 'draft' returning id",
    [id, version],
  );
  return rows.length === 1;
}
