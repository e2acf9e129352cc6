import { redactPersonalData } from '../../../shared/audit/personal-data';
import { canSeePersonalData, isPathInScope, type Principal } from '../../../shared/auth/principal';
import type {
  BirthHistoryEntry,
  BirthSummary,
  ListBirthsQuery,
} from '../../../shared/births/birth-list.schema';
import { diffDocuments } from '../../../shared/diff';
import { AppError } from '../../../shared/errors';
import type { Queryable } from '../../db/db';
import { andAll, escapeLike, SqlParams } from '../../db/sql-params';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { writeAuditBatch } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { findBirthRecord } from './births.repo';

type Cursor = { d: string; t: string; id: string };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.d === 'string' && typeof c.t === 'string' && typeof c.id === 'string') return c;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'errors.validation', [
    { path: 'cursor', message: 'errors.validation' },
  ]);
}

/** Where-clauses shared by the list and the CSV export: scope, org unit, period, flag, outcome, record number. */
export async function birthFilter(q: Queryable, reader: Principal, query: ListBirthsQuery) {
  const p = new SqlParams();
  const where = [p.sql`f.path like any(${reader.scopes.map((s) => `${s.path}%`)}::text[])`];
  if (query.facility) {
    const unit = await findOrgUnit(q, query.facility);
    if (!unit) throw new AppError('not_found', 'errors.notFound');
    const onTheWay = reader.scopes.some((s) => s.path.startsWith(unit.path));
    if (!onTheWay) authorize(reader, 'record.read', unit.path);
    where.push(p.sql`f.path like ${unit.path} || '%'`);
  }
  if (query.from) where.push(p.sql`b.birth_date >= ${query.from}::date`);
  if (query.to) where.push(p.sql`b.birth_date <= ${query.to}::date`);
  if (query.q)
    where.push(p.sql`lower(b.mother_record_number) like ${escapeLike(query.q.toLowerCase())} || '%'`);
  if (query.outcome)
    where.push(
      p.sql`exists (select 1 from newborns n where n.birth_id = b.id and n.outcome = ${query.outcome})`,
    );
  if (query.flag === 'any')
    where.push(
      '(cardinality(b.flags) > 0 or exists (select 1 from newborns n where n.birth_id = b.id and cardinality(n.flags) > 0))',
    );
  else if (query.flag) {
    const flag = p.add(query.flag);
    where.push(
      `${flag} = any(b.flags) or exists (select 1 from newborns n where n.birth_id = b.id and ${flag} = any(n.flags))`,
    );
  }
  return { where, params: p.values };
}

type SummaryRow = {
  id: string;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  born_at: Date;
  birth_date: string;
  mother_record_number: string;
  mother_name: string | null;
  mode: BirthSummary['mode'];
  flags: string[];
  version: number;
};

/**
 * Births in the reader's area, newest first, paged by a keyset cursor. When names are shown, each
 * record listed is an audited read (the log can then answer "who saw this mother's record").
 */
export async function listBirths(
  deps: AppDeps,
  reader: Principal,
  query: ListBirthsQuery,
): Promise<{ items: BirthSummary[]; nextCursor: string | null }> {
  authorize(reader, 'record.read');
  const { where, params } = await birthFilter(deps.db, reader, query);
  const p = new SqlParams(params);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(p.sql`(b.birth_date, b.born_at, b.id) < (${c.d}::date, ${c.t}::timestamptz, ${c.id}::uuid)`);
  }
  const limit = query.limit ?? 50;
  const rows = await deps.db.query<SummaryRow>(
    `select b.id, b.facility_id, f.name as facility_name, f.path as facility_path, b.born_at, b.birth_date,
            b.mother_record_number, b.mother_name, b.mode, b.flags, b.version
       from births b join org_units f on f.id = b.facility_id
      where ${andAll(where)}
      order by b.birth_date desc, b.born_at desc, b.id desc
      limit ${p.add(limit + 1)}`,
    p.values,
  );
  const page = rows.slice(0, limit);
  const newborns = await deps.db.query<{
    id: string;
    birth_id: string;
    birth_order: number;
    sex: BirthSummary['newborns'][number]['sex'];
    birth_weight_grams: number | null;
    outcome: BirthSummary['newborns'][number]['outcome'];
    flags: string[];
    discharge_status: string | null;
  }>(
    'select id, birth_id, birth_order, sex, birth_weight_grams, outcome, flags, discharge_status from newborns where birth_id = any($1::uuid[]) order by birth_order',
    [page.map((r) => r.id)],
  );
  const items: BirthSummary[] = page.map((r) => {
    const showName = canSeePersonalData(reader, r.facility_path);
    return {
      id: r.id,
      facilityId: r.facility_id,
      facilityName: r.facility_name,
      bornAt: toIso(r.born_at),
      birthDate: r.birth_date,
      recordNumber: r.mother_record_number,
      motherName: showName ? r.mother_name : null,
      mode: r.mode,
      flags: r.flags,
      newborns: newborns
        .filter((n) => n.birth_id === r.id)
        .map((n) => ({
          id: n.id,
          birthOrder: n.birth_order,
          sex: n.sex,
          birthWeightGrams: n.birth_weight_grams,
          outcome: n.outcome,
          flags: n.flags,
          dischargeStatus: n.discharge_status,
        })),
      version: r.version,
    };
  });
  const shown = page.filter((r, i) => r.mother_name !== null && items[i]!.motherName !== null);
  if (shown.length) {
    await writeAuditBatch(
      deps.db,
      shown.map((r) => ({
        actor: reader,
        action: 'read',
        entityType: 'birth',
        entityId: r.id,
        orgUnitId: r.facility_id,
        details: { via: 'list' },
      })),
    );
  }
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ d: last.birth_date, t: toIso(last.born_at), id: last.id })
      : null;
  return { items, nextCursor };
}

/** Who changed what in a birth record, from the audit log; personal fields masked unless the reader may see them. */
export async function birthHistory(
  deps: AppDeps,
  reader: Principal,
  id: string,
): Promise<BirthHistoryEntry[]> {
  const found = await findBirthRecord(deps.db, id);
  let path = found?.birth.facility_path;
  if (!path) {
    // A deleted birth: its history stays readable at the facility it was recorded at.
    const [row] = await deps.db.query<{ path: string }>(
      "select o.path from audit_log a join org_units o on o.id = a.org_unit_id where a.entity_type = 'birth' and a.entity_id = $1 limit 1",
      [id],
    );
    path = row?.path;
  }
  if (!path) throw new AppError('not_found', 'errors.notFound');
  authorize(reader, 'record.read', path);
  const showPersonal = canSeePersonalData(reader, path) && isPathInScope(reader, path);
  const rows = await deps.db.query<{
    at: Date;
    actor_username: string | null;
    action: 'create' | 'update' | 'delete';
    before: unknown;
    after: unknown;
  }>(
    `select at, actor_username, action, before, after from audit_log
      where entity_type = 'birth' and entity_id = $1 and action in ('create', 'update', 'delete') order by id`,
    [id],
  );
  const ignore = /^(version|updatedAt|updatedBy|createdAt|createdBy)$/;
  return rows.map((r) => {
    const before = showPersonal ? r.before : redactPersonalData(r.before);
    const after = showPersonal ? r.after : redactPersonalData(r.after);
    return {
      at: toIso(r.at),
      actor: r.actor_username,
      action: r.action,
      changes: r.action === 'update' ? diffDocuments(before, after).filter((c) => !ignore.test(c.path)) : [],
    };
  });
}
