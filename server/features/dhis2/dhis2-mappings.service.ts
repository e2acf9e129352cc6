import type { Principal } from '../../../shared/auth/principal';
import {
  DHIS2_PERIOD_TYPES,
  Dhis2DataSetMetadataSchema,
  type Dhis2Mapping,
  type Dhis2MappingRow,
  type SaveDhis2Mapping,
  type UpdateDhis2Mapping,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { DIMENSION_VALUES } from '../../../shared/indicators/sources';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { zodIssuesToIssues } from '../../http/error-handler';
import { newId } from '../../../shared/ids';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { indicatorLibrary } from '../indicators/indicators.service';
import {
  findMapping,
  insertMapping,
  listMappings,
  type MappingContent,
  updateMapping,
} from './dhis2-mappings.repo';

const mappingSubject = auditSubject('dhis2_mapping');

// Mappings are instance-wide configuration: their routes need `config.manage` (dhis2.routes.ts).

export async function getMappings(deps: AppDeps): Promise<Dhis2Mapping[]> {
  return listMappings(deps.db);
}

export async function getMapping(q: Queryable, id: string): Promise<Dhis2Mapping> {
  const m = await findMapping(q, id);
  if (!m) throw new AppError('not_found', 'errors.notFound');
  return m;
}

/** Checks a mapping against the data set's metadata and the indicator library; every problem at once. */
export function mappingContent(input: SaveDhis2Mapping): MappingContent {
  const meta = Dhis2DataSetMetadataSchema.safeParse(input.metadata);
  if (!meta.success)
    throw validationError(
      zodIssuesToIssues(meta.error.issues).map((i) => ({ ...i, path: `metadata.${i.path}` })),
    );
  const dataSet = meta.data.dataSets[0]!;
  const issues: Issue[] = [];
  if (!(DHIS2_PERIOD_TYPES as readonly string[]).includes(dataSet.periodType))
    issues.push({
      path: 'metadata.dataSets.0.periodType',
      message: 'dhis2.periodType',
      params: { periodType: dataSet.periodType },
    });
  const elements = new Set(meta.data.dataElements.map((d) => d.id));
  const combos = new Set(meta.data.categoryOptionCombos.map((c) => c.id));
  const cells = new Set<string>();
  input.rows.forEach((row, i) => {
    for (const problem of rowProblems(row, elements, combos))
      issues.push({ ...problem, path: `rows.${i}.${problem.path}` });
    const cell = `${row.dataElement}.${row.categoryOptionCombo}`;
    if (cells.has(cell))
      issues.push({ path: `rows.${i}.categoryOptionCombo`, message: 'dhis2.duplicateCell' });
    cells.add(cell);
  });
  if (issues.length) throw validationError(issues);
  return {
    name: input.name,
    dataSet: { id: dataSet.id, name: dataSet.name, periodType: dataSet.periodType },
    dataElements: meta.data.dataElements.map(({ id, name }) => ({ id, name })),
    categoryOptionCombos: meta.data.categoryOptionCombos.map(({ id, name }) => ({ id, name })),
    rows: input.rows,
  };
}

function rowProblems(row: Dhis2MappingRow, elements: Set<string>, combos: Set<string>): Issue[] {
  const out: Issue[] = [];
  const def = indicatorLibrary.definitions.find((d) => d.id === row.indicator);
  if (!def) out.push({ path: 'indicator', message: 'dhis2.unknownIndicator', params: { id: row.indicator } });
  else {
    if (row.part === 'denominator' && !def.denominator)
      out.push({ path: 'part', message: 'dhis2.noDenominator' });
    if (row.dimension && !def.disaggregations.includes(row.dimension))
      out.push({ path: 'dimension', message: 'dhis2.dimension' });
  }
  if (row.dimension ? !DIMENSION_VALUES[row.dimension].includes(row.value ?? '') : row.value !== undefined)
    out.push({ path: 'value', message: 'dhis2.dimensionValue' });
  if (!elements.has(row.dataElement)) out.push({ path: 'dataElement', message: 'dhis2.unknownDataElement' });
  if (combos.size > 0 && !combos.has(row.categoryOptionCombo))
    out.push({ path: 'categoryOptionCombo', message: 'dhis2.unknownCombo' });
  return out;
}

export async function createMapping(deps: AppDeps, principal: Principal, input: SaveDhis2Mapping) {
  const content = mappingContent(input);
  return deps.db.transaction(async (tx) => {
    const id = newId();
    await insertMapping(tx, id, content, principal.userId, deps.clock.now());
    const created = (await findMapping(tx, id))!;
    await auditChange(tx, principal, 'create', mappingSubject(id, null), { after: created });
    return created;
  });
}

/** A new version of the mapping; the old one is kept (dhis2_mapping_versions). A stale version is a 409. */
export async function saveMapping(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: UpdateDhis2Mapping,
) {
  const { version, ...rest } = input;
  const content = mappingContent(rest);
  return deps.db.transaction(async (tx) => {
    const before = await getMapping(tx, id);
    if (before.version !== version) throw versionConflict(version, before.version);
    if (!(await updateMapping(tx, id, version, content, principal.userId, deps.clock.now())))
      throw versionConflict(version, (await findMapping(tx, id))!.version);
    const after = (await findMapping(tx, id))!;
    await auditChange(tx, principal, 'update', mappingSubject(id, null), { before, after });
    return after;
  });
}
