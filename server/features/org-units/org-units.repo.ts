import type { CommuneHit } from '../../../shared/org-units/commune-search.schema';
import type { OrgUnit, OrgUnitKind } from '../../../shared/org-units/org-unit.schema';
import { toSearchText } from '../../../shared/org-units/search-text';
import type { Db, Queryable } from '../../db/db';
import { toIso } from '../../lib/rows';

type OrgUnitRow = {
  id: string;
  code: string;
  name: string;
  kind: OrgUnitKind;
  level: number;
  parent_id: string | null;
  path: string;
  active: boolean;
  facility_level: OrgUnit['facilityLevel'];
  provides_births: boolean;
  timezone: string;
  births_per_year: number | null;
  eenc_introduced_on: string | null;
  eenc_team_formed_on: string | null;
  dhis2_id: string | null;
  dhis2_code: string | null;
  closed_on: string | null;
  child_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
};

export const ORG_UNIT_COLUMNS = `o.id, o.code, o.name, o.kind, o.level, o.parent_id, o.path, o.active, o.facility_level,
  o.provides_births, o.timezone, o.births_per_year, o.eenc_introduced_on, o.eenc_team_formed_on, o.dhis2_id,
  o.dhis2_code, o.closed_on, o.version, o.created_at, o.updated_at,
  (select count(*) from org_units c where c.parent_id = o.id) as child_count`;

export function toOrgUnit(r: OrgUnitRow): OrgUnit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    level: r.level,
    parentId: r.parent_id,
    path: r.path,
    active: r.active,
    facilityLevel: r.facility_level,
    providesBirths: r.provides_births,
    timezone: r.timezone,
    birthsPerYear: r.births_per_year,
    eencIntroducedOn: r.eenc_introduced_on,
    eencTeamFormedOn: r.eenc_team_formed_on,
    dhis2Id: r.dhis2_id,
    dhis2Code: r.dhis2_code,
    closedOn: r.closed_on,
    childCount: Number(r.child_count),
    version: r.version,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export async function findOrgUnit(q: Queryable, id: string): Promise<OrgUnit | undefined> {
  // Prepared: every request that checks scope starts with this lookup.
  const [row] = await q.query<OrgUnitRow>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where o.id = $1`,
    [id],
    { prepare: true },
  );
  return row && toOrgUnit(row);
}

export async function findOrgUnitByCode(q: Queryable, code: string): Promise<OrgUnit | undefined> {
  const [row] = await q.query<OrgUnitRow>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where lower(o.code) = lower($1)`,
    [code],
  );
  return row && toOrgUnit(row);
}

export async function listOrgUnitsByIds(q: Queryable, ids: readonly string[]): Promise<OrgUnit[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<OrgUnitRow>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where o.id = any($1::uuid[]) order by o.path`,
    [ids],
    { prepare: true },
  );
  return rows.map(toOrgUnit);
}

/**
 * An org unit and its ancestors, root first, in one statement: the ids on the unit's path. Prepared,
 * as every dashboard request starts with it.
 */
export async function findOrgUnitWithAncestors(
  q: Queryable,
  id: string,
): Promise<{ unit: OrgUnit; ancestors: OrgUnit[] } | undefined> {
  const rows = await q.query<OrgUnitRow>(
    `select ${ORG_UNIT_COLUMNS} from org_units o
      where o.id = any(string_to_array(trim(both '/' from (select u.path from org_units u where u.id = $1)), '/')::uuid[])
      order by o.level`,
    [id],
    { prepare: true },
  );
  const units = rows.map(toOrgUnit);
  const unit = units.pop();
  return unit && { unit, ancestors: units };
}

/**
 * Every active unit the reader may see (their subtrees and the units on the way down to them), in path
 * order and paged by path: the FHIR Organization and Location searches, which a client walks page by page.
 */
export async function pageOrgUnitsByPath(
  q: Queryable,
  f: {
    scopePaths: readonly string[];
    parentId?: string;
    identifier?: string;
    afterPath?: string;
    limit: number;
  },
): Promise<OrgUnit[]> {
  const params: unknown[] = [f.scopePaths.map((p) => `${p}%`), f.scopePaths];
  const where = [
    `(o.path like any($1::text[]) or exists (select 1 from unnest($2::text[]) sp where sp like o.path || '%'))`,
    'o.active',
  ];
  const add = (value: unknown, sql: (n: string) => string) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.parentId) add(f.parentId, (n) => `o.parent_id = ${n}`);
  if (f.identifier) add(f.identifier, (n) => `(lower(o.code) = lower(${n}) or o.dhis2_id = ${n})`);
  if (f.afterPath) add(f.afterPath, (n) => `o.path > ${n}`);
  params.push(f.limit);
  const rows = await q.query<OrgUnitRow>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where ${where.join(' and ')} order by o.path limit $${params.length}`,
    params,
  );
  return rows.map(toOrgUnit);
}

/** A `like` pattern matching text that contains `text` literally (pattern characters escaped). */
const likeContains = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

export type ListFilter = {
  parentId?: string;
  /** Restrict to these subtrees, and to ancestors of them when `includeAncestorsOf` is set. */
  scopePaths: readonly string[];
  includeAncestorsOf?: boolean;
  search?: string;
  kind?: OrgUnitKind;
  includeInactive: boolean;
  limit: number;
};

/**
 * Children of a unit, or a search, limited to what the reader may see: units inside their subtrees,
 * plus (when browsing) the units on the way down to them. Prefix matches use the path index.
 */
export async function listOrgUnits(q: Queryable, f: ListFilter): Promise<OrgUnit[]> {
  const params: unknown[] = [f.scopePaths.map((p) => `${p}%`)];
  const visibility = [`o.path like any($1::text[])`];
  if (f.includeAncestorsOf) {
    params.push(f.scopePaths);
    visibility.push(`exists (select 1 from unnest($2::text[]) sp where sp like o.path || '%')`);
  }
  const where = [`(${visibility.join(' or ')})`];
  if (f.parentId) {
    params.push(f.parentId);
    where.push(`o.parent_id = $${params.length}`);
  }
  if (f.kind) {
    params.push(f.kind);
    where.push(`o.kind = $${params.length}`);
  }
  if (f.search) {
    params.push(likeContains(f.search.toLowerCase()));
    where.push(`(lower(o.name) like $${params.length} or lower(o.code) like $${params.length})`);
  }
  if (!f.includeInactive) where.push('o.active');
  params.push(f.limit);
  const rows = await q.query<OrgUnitRow>(
    `select ${ORG_UNIT_COLUMNS} from org_units o where ${where.join(' and ')} order by o.name limit $${params.length}`,
    params,
  );
  return rows.map(toOrgUnit);
}

export type OrgUnitInsert = {
  id: string;
  code: string;
  name: string;
  kind: OrgUnitKind;
  level: number;
  parentId: string | null;
  path: string;
  facilityLevel: OrgUnit['facilityLevel'];
  providesBirths: boolean;
  timezone: string;
  birthsPerYear: number | null;
  eencIntroducedOn: string | null;
  eencTeamFormedOn: string | null;
  dhis2Id: string | null;
  dhis2Code: string | null;
  closedOn: string | null;
  actorId: string | null;
  now: Date;
};

export async function insertOrgUnit(q: Queryable, u: OrgUnitInsert): Promise<void> {
  await q.query(
    `insert into org_units (id, code, name, kind, level, parent_id, path, facility_level, provides_births, timezone,
       births_per_year, eenc_introduced_on, eenc_team_formed_on, dhis2_id, created_at, updated_at, created_by, updated_by,
       search_text, dhis2_code, closed_on)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $16, $17, $18, $19)`,
    [
      u.id,
      u.code,
      u.name,
      u.kind,
      u.level,
      u.parentId,
      u.path,
      u.facilityLevel,
      u.providesBirths,
      u.timezone,
      u.birthsPerYear,
      u.eencIntroducedOn,
      u.eencTeamFormedOn,
      u.dhis2Id,
      u.now,
      u.actorId,
      toSearchText(u.name),
      u.dhis2Code,
      u.closedOn,
    ],
  );
}

const UPDATABLE: Record<string, string> = {
  code: 'code',
  name: 'name',
  facilityLevel: 'facility_level',
  providesBirths: 'provides_births',
  timezone: 'timezone',
  birthsPerYear: 'births_per_year',
  eencIntroducedOn: 'eenc_introduced_on',
  eencTeamFormedOn: 'eenc_team_formed_on',
  active: 'active',
  dhis2Id: 'dhis2_id',
  dhis2Code: 'dhis2_code',
  closedOn: 'closed_on',
};

/**
 * Updates the given fields if the stored version is still `version`; returns false otherwise
 * (the caller turns that into a version conflict, never a silent overwrite).
 */
export async function updateOrgUnitFields(
  q: Queryable,
  id: string,
  version: number,
  fields: Record<string, unknown>,
  actorId: string | null,
  now: Date,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id, version, now, actorId];
  for (const [key, value] of Object.entries(fields)) {
    const column = UPDATABLE[key];
    if (!column || value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
    if (key === 'name' && typeof value === 'string') {
      params.push(toSearchText(value));
      sets.push(`search_text = $${params.length}`);
    }
  }
  const rows = await q.query(
    `update org_units set ${[...sets, 'version = version + 1', 'updated_at = $3', 'updated_by = $4'].join(', ')}
      where id = $1 and version = $2 returning id`,
    params,
  );
  return rows.length === 1;
}

/** Re-roots a whole subtree under a new parent path in one statement (paths and levels). */
export async function moveSubtree(
  q: Queryable,
  oldPath: string,
  newPath: string,
  levelDelta: number,
): Promise<void> {
  await q.query(
    `update org_units set path = $2 || substr(path, length($1) + 1), level = level + $3
      where path like $1 || '%'`,
    [oldPath, newPath, levelDelta],
  );
}

export async function countActiveChildren(q: Queryable, id: string): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    'select count(*) as n from org_units where parent_id = $1 and active',
    [id],
  );
  return Number(row?.n ?? 0);
}

/**
 * Gives rows written without it (before migration 0047, or by plain SQL) their search text. Runs after
 * every migration start; when every row has one it costs one scan of org_units.
 */
export async function fillOrgUnitSearchText(db: Db): Promise<number> {
  const rows = await db.query<{ id: string; name: string }>(
    'select id, name from org_units where search_text is null',
  );
  if (rows.length === 0) return 0;
  await db.query(
    `update org_units o set search_text = t.search_text
       from unnest($1::uuid[], $2::text[]) as t(id, search_text) where o.id = t.id`,
    [rows.map((r) => r.id), rows.map((r) => toSearchText(r.name))],
  );
  return rows.length;
}

/**
 * Active communes of one country (`countryPath`) whose name (diacritics and case ignored) or code
 * contains `search`: those under `districtPath` first (the birth facility's district), then under
 * `provincePath`, then the rest, each group by name.
 */
export async function searchCommunes(
  q: Queryable,
  f: {
    countryPath: string;
    search: string;
    districtPath: string | null;
    provincePath: string | null;
    limit: number;
  },
): Promise<CommuneHit[]> {
  // Matches are ranked and cut to the limit first; only those get their district and province.
  return q.query<CommuneHit>(
    `select o.id, o.code, o.name, d.name as district, p.name as province
       from (select c.id, c.code, c.name, c.parent_id, c.search_text,
                    ($4::text is not null and c.path like $4 || '%') as in_district,
                    ($5::text is not null and c.path like $5 || '%') as in_province
               from org_units c
              where c.kind = 'commune' and c.active and c.path like $1 || '%'
                and (c.search_text like $2 or lower(c.code) like $3)
              order by in_district desc, in_province desc, c.search_text, c.code
              limit $6) o
       left join org_units d on d.id = o.parent_id
       left join org_units p on p.id = d.parent_id
      order by o.in_district desc, o.in_province desc, o.search_text, o.code`,
    [
      f.countryPath,
      likeContains(toSearchText(f.search)),
      likeContains(f.search.trim().toLowerCase()),
      f.districtPath,
      f.provincePath,
      f.limit,
    ],
  );
}
