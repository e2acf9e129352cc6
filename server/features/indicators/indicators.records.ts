import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { validationError } from '../../../shared/errors';
import type { RecordsQuery, RecordsResponse } from '../../../shared/indicators/indicator-api.schema';
import { evaluateFilter } from '../../../shared/indicators/filter';
import { DIMENSION_VALUES } from '../../../shared/indicators/sources';
import { andAll, SqlParams } from '../../db/sql-params';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { writeAuditBatch } from '../audit/audit.repo';
import { pathUpper } from './indicator-engine';
import { findRolledUpSource } from './indicator-source-registry';
import { compileFilter, filterNeeds } from './indicator-sources';
import { getReadableUnit, indicatorLibrary, periodOf } from './indicators.service';

type Cursor = { d: string; id: string };
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.d) && /^[0-9a-f-]{36}$/.test(c.id)) return c;
  } catch {
    // fall through
  }
  throw validationError([{ path: 'cursor', message: 'errors.validation' }]);
}

/**
 * Drill-down: exactly the records behind an indicator's numerator or denominator for an org unit and
 * period (optionally one disaggregation value), newest first; `not_met` lists the denominator's records
 * outside the numerator (the births where a practice was not done). Patient records need `record.read`
 * in the unit's scope; the mother's name appears only where the reader may see personal data at that
 * facility (point-of-care staff), and each shown name is an audited read. Phones are never listed.
 * Scale-up counts list their facilities.
 */
export async function listIndicatorRecords(
  deps: AppDeps,
  principal: Principal,
  query: RecordsQuery,
): Promise<RecordsResponse> {
  const unit = await getReadableUnit(deps.db, principal, query.orgUnit);
  const period = periodOf(principal, query);
  const def = indicatorLibrary.definitions.find((d) => d.id === query.indicator);
  if (!def)
    throw validationError([
      { path: 'indicator', message: 'indicators.unknownIndicator', params: { id: query.indicator } },
    ]);
  const parts = indicatorLibrary.registry.parts[def.id]!;
  const measureId = query.part === 'numerator' ? parts.numerator : parts.denominator;
  if (!measureId || (query.part === 'not_met' && !parts.numerator))
    throw validationError([{ path: 'part', message: 'errors.validation' }]);
  const measureOf = (id: string) => indicatorLibrary.registry.measures.find((m) => m.id === id)!;
  const measure = measureOf(measureId);
  // A record of the denominator is "not met" when the numerator's condition is not true of it.
  const excluded = query.part === 'not_met' ? measureOf(parts.numerator) : null;
  if (query.cursor && query.offset !== undefined)
    throw validationError([{ path: 'offset', message: 'errors.validation' }]);
  if ((query.dimension === undefined) !== (query.value === undefined))
    throw validationError([{ path: 'value', message: 'indicators.valueNeedsDimension' }]);
  if (
    query.dimension &&
    (!def.disaggregations.includes(query.dimension) ||
      !DIMENSION_VALUES[query.dimension].includes(query.value!))
  )
    throw validationError([{ path: 'value', message: 'errors.validation' }]);
  const limit = query.limit ?? 50;
  const lo = unit.path;
  const hi = pathUpper(lo);

  if (def.source === 'facility') {
    const rows = await deps.db.query<
      Record<string, unknown> & { id: string; name: string; facility_level: string | null }
    >(
      `select o.id, o.name, o.kind, o.facility_level, o.provides_births, o.active,
              s.introduced_on as facility_introduced_on, s.team_formed_on as facility_team_formed_on,
              s.assessed_on as facility_assessed_on, s.meets_standards_on as facility_meets_standards_on,
            s.implementing_on as facility_implementing_on
         from org_units o left join facility_eenc_status s on s.facility_id = o.id
        where o.path ~>=~ $1 and o.path ~<~ $2 and o.kind in ('facility', 'commune')
          -- closed by the period end: no longer a facility then (as the engine counts)
          and (o.closed_on is null or o.closed_on > $3::date)
        order by o.name, o.id`,
      [lo, hi, period.to],
    );

    const matching = rows.filter(
      (r) =>
        evaluateFilter(measure.where, r, { periodEnd: period.to }) &&
        !(excluded && evaluateFilter(excluded.where, r, { periodEnd: period.to })) &&
        (!query.dimension || (r.facility_level ?? 'unknown') === query.value),
    );
    return {
      total: matching.length,
      items: matching.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? 200)).map((r) => ({
        birthId: null,
        newbornId: null,
        facilityId: r.id,
        facilityName: r.name,
        birthDate: null,
        recordNumber: null,
        motherName: null,
        birthOrder: null,
        sex: null,
        outcome: null,
      })),
      nextCursor: null,
    };
  }
  const source = findRolledUpSource(def.source);
  // Facts derived per facility from several tables (a LATERAL: coaching, postnatal care, KMC) or counted
  // live have no record list (docs/indicators.md): a clear refusal rather than an empty list beside a count.
  if (!source || source.factTable.startsWith('lateral'))
    throw validationError([{ path: 'indicator', message: 'indicators.noRecordList' }]);
  authorize(principal, 'record.read', unit.path);
  const needs = filterNeeds(source, excluded ? { all: [measure.where, excluded.where] } : measure.where);
  const where = [
    `o.path ~>=~ $1`,
    `o.path ~<~ $2`,
    `o.kind in ('facility', 'commune')`,
    compileFilter(source, measure.where),
  ];
  if (excluded) where.push(`(${compileFilter(source, excluded.where)}) is not true`);
  const p = new SqlParams([lo, hi, period.from, period.to]);
  if (query.dimension) {
    const dimSql =
      query.dimension === 'facility_level'
        ? `coalesce(o.facility_level, 'unknown')`
        : source.dimensions[query.dimension]!.sql;
    where.push(`${dimSql} = ${p.add(query.value)}`);
  }
  const rc = source.records;
  const from = `from org_units o
    join ${source.factTable} on ${source.facility} = o.id and ${source.date} between $3 and $4
    ${rc?.join ?? ''}
    ${needs.status ? `left join facility_eenc_status s on s.facility_id = ${source.facility}` : ''}`;
  const [count] = await deps.db.query<{ n: number }>(`select count(*) as n ${from} where ${andAll(where)}`, [
    ...p.values,
  ]);
  if (query.cursor) {
    const c = decode(query.cursor);
    where.push(`(${source.date}, ${source.key}) < ` + p.sql`(${c.d}::date, ${c.id}::uuid)`);
  }
  const rows = await deps.db.query<{
    key: string;
    birth_id: string | null;
    newborn_id: string | null;
    facility_id: string;
    facility_name: string;
    facility_path: string;
    birth_date: string;
    mother_name: string | null;
    record_number: string | null;
    birth_order: number | null;
    sex: string | null;
    outcome: string | null;
  }>(
    `select ${source.key} as key, ${rc?.birthId ?? 'null::uuid'} as birth_id, ${rc?.newbornId ?? 'null::uuid'} as newborn_id,
            o.id as facility_id, o.name as facility_name, o.path as facility_path, ${source.date} as birth_date,
            ${rc?.recordNumber ?? 'null'} as record_number, ${rc?.motherName ?? 'null'} as mother_name, ${rc?.birthOrder ?? 'null::int'} as birth_order,
            ${rc?.sex ?? 'null'} as sex, ${rc?.outcome ?? 'null'} as outcome
     ${from} where ${andAll(where)}
     order by ${source.date} desc, ${source.key} desc limit ${p.add(limit + 1)}
     ${query.offset ? `offset ${p.add(query.offset)}` : ''}`,
    p.values,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const named = page.filter((r) => r.mother_name !== null && canSeePersonalData(principal, r.facility_path));
  if (named.length)
    await writeAuditBatch(
      deps.db,
      [...new Map(named.map((r) => [r.birth_id, r])).values()].map((r) => ({
        actor: principal,
        action: 'read',
        entityType: 'birth',
        entityId: r.birth_id!,
        orgUnitId: r.facility_id,
        details: { via: 'indicator_records' },
      })),
    );
  return {
    total: Number(count?.n ?? 0),
    items: page.map((r) => ({
      birthId: r.birth_id,
      newbornId: r.newborn_id,
      facilityId: r.facility_id,
      facilityName: r.facility_name,
      birthDate: r.birth_date,
      recordNumber: r.record_number,
      motherName: named.includes(r) ? r.mother_name : null,
      birthOrder: r.birth_order,
      sex: r.sex,
      outcome: r.outcome,
    })),
    nextCursor: rows.length > limit && last ? encode({ d: last.birth_date, id: last.key }) : null,
  };
}
