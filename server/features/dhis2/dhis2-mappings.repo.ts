import type { Dhis2Mapping, Dhis2MappingRow } from '../../../shared/dhis2/dhis2-exchange.schema';
import type { Queryable } from '../../db/db';
import { toIso } from '../../lib/rows';

type MappingRow = {
  id: string;
  name: string;
  data_set: Dhis2Mapping['dataSet'];
  data_elements: Dhis2Mapping['dataElements'];
  category_option_combos: Dhis2Mapping['categoryOptionCombos'];
  rows: Dhis2MappingRow[];
  version: number;
  updated_at: Date;
  monthly_push_unit_id: string | null;
  monthly_push_unit_name: string | null;
  monthly_push_last: string | null;
};

const COLUMNS = `id, name, data_set, data_elements, category_option_combos, rows, version, updated_at,
  monthly_push_unit_id, monthly_push_last,
  (select u.name from org_units u where u.id = monthly_push_unit_id) as monthly_push_unit_name`;

const toMapping = (r: MappingRow): Dhis2Mapping => ({
  id: r.id,
  name: r.name,
  dataSet: r.data_set,
  dataElements: r.data_elements,
  categoryOptionCombos: r.category_option_combos,
  rows: r.rows,
  version: r.version,
  updatedAt: toIso(r.updated_at),
  monthlyPush: r.monthly_push_unit_id
    ? {
        orgUnitId: r.monthly_push_unit_id,
        orgUnitName: r.monthly_push_unit_name!,
        lastPeriod: r.monthly_push_last,
      }
    : null,
});

export async function listMappings(q: Queryable): Promise<Dhis2Mapping[]> {
  const rows = await q.query<MappingRow>(`select ${COLUMNS} from dhis2_mappings order by name, id`);
  return rows.map(toMapping);
}

export async function findMapping(q: Queryable, id: string): Promise<Dhis2Mapping | undefined> {
  const [row] = await q.query<MappingRow>(`select ${COLUMNS} from dhis2_mappings where id = $1`, [id]);
  return row && toMapping(row);
}

/** What a save writes: the mapping's content, the same in the current row and its version row. */
export type MappingContent = Omit<Dhis2Mapping, 'id' | 'version' | 'updatedAt' | 'monthlyPush'>;

const json = (m: MappingContent) => [
  JSON.stringify(m.dataSet),
  JSON.stringify(m.dataElements),
  JSON.stringify(m.categoryOptionCombos),
  JSON.stringify(m.rows),
];

export async function insertMapping(
  q: Queryable,
  id: string,
  m: MappingContent,
  actorId: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `insert into dhis2_mappings (id, name, data_set, data_elements, category_option_combos, rows, created_at,
       updated_at, created_by, updated_by)
     values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7, $7, $8, $8)`,
    [id, m.name, ...json(m), now, actorId],
  );
  await insertVersion(q, id, 1, m, actorId, now);
}

/** Replaces the content if the stored version is still `version`; false otherwise (a 409 for the caller). */
export async function updateMapping(
  q: Queryable,
  id: string,
  version: number,
  m: MappingContent,
  actorId: string | null,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update dhis2_mappings set name = $3, data_set = $4::jsonb, data_elements = $5::jsonb,
       category_option_combos = $6::jsonb, rows = $7::jsonb, version = version + 1, updated_at = $8, updated_by = $9
     where id = $1 and version = $2 returning id`,
    [id, version, m.name, ...json(m), now, actorId],
  );
  if (rows.length === 0) return false;
  await insertVersion(q, id, version + 1, m, actorId, now);
  return true;
}

async function insertVersion(
  q: Queryable,
  id: string,
  version: number,
  m: MappingContent,
  actorId: string | null,
  now: Date,
) {
  await q.query(
    `insert into dhis2_mapping_versions (mapping_id, version, data_set, data_elements, category_option_combos,
       rows, saved_at, saved_by)
     values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8)`,
    [id, version, ...json(m), now, actorId],
  );
}

/** The service points of a subtree, with their DHIS2 ids (null for units that did not come from DHIS2). */
export async function facilitiesUnder(
  q: Queryable,
  path: string,
): Promise<Array<{ id: string; path: string; code: string; name: string; dhis2_id: string | null }>> {
  return q.query(
    `select id, path, code, name, dhis2_id from org_units
      where path like $1 || '%' and kind in ('facility', 'commune') and provides_births
      order by code`,
    [path],
  );
}
