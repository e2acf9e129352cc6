import { recordKeyOfIdSql } from '../../db/record-key';
import { insertMany, insertManySql } from '../../db/bulk-insert';
import type { Queryable } from '../../db/db';
import {
  BIRTH_COLUMNS,
  BIRTH_UPDATE_COLUMNS,
  NEWBORN_COLUMNS,
  BIRTH_INDEX,
  type BirthRecordRow,
  NEWBORN_INDEX,
  type NewbornRow,
} from './births.rows';

/** Each record's cell key, computed once as it is written (indicator triggers read it). */
const RECORD_KEY = { name: 'record_key', sql: (c: (column: string) => string) => recordKeyOfIdSql(c('id')) };

/** A birth row with the names joined to it, read from `births` or from rows just written (`source`). */
const birthSelectFrom = (
  source: string,
) => `select b.*, f.name as facility_name, f.path as facility_path, f.timezone as facility_timezone,
    c.name as commune_name, cu.username as created_by_name, uu.username as updated_by_name
  from ${source} b
  join org_units f on f.id = b.facility_id
  left join org_units c on c.id = b.mother_commune_id
  left join users cu on cu.id = b.created_by
  left join users uu on uu.id = b.updated_by`;
const BIRTH_SELECT = birthSelectFrom('births');

export async function findBirthRecord(
  q: Queryable,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ birth: BirthRecordRow; newborns: NewbornRow[] } | undefined> {
  const [birth] = await q.query<BirthRecordRow>(
    `${BIRTH_SELECT} where b.id = $1${opts.forUpdate ? ' for update of b' : ''}`,
    [id],
  );
  if (!birth) return undefined;
  const newborns = await q.query<NewbornRow>(
    'select * from newborns where birth_id = $1 order by birth_order',
    [id],
  );
  return { birth, newborns };
}

/** Several births with their newborns in two statements (a sync pull's page), in the order of `ids`. */
export async function findBirthRecords(
  q: Queryable,
  ids: readonly string[],
): Promise<Array<{ birth: BirthRecordRow; newborns: NewbornRow[] }>> {
  if (!ids.length) return [];
  const births = await q.query<BirthRecordRow>(`${BIRTH_SELECT} where b.id = any($1::uuid[])`, [ids]);
  const newborns = await q.query<NewbornRow>(
    'select * from newborns where birth_id = any($1::uuid[]) order by birth_id, birth_order',
    [ids],
  );
  const byBirth = new Map<string, NewbornRow[]>();
  for (const n of newborns) byBirth.set(n.birth_id, [...(byBirth.get(n.birth_id) ?? []), n]);
  const byId = new Map(births.map((b) => [b.id, b]));
  return ids.flatMap((id) => {
    const birth = byId.get(id);
    return birth ? [{ birth, newborns: byBirth.get(id) ?? [] }] : [];
  });
}

/** Advisory-lock namespace of the register's months (any constant unique to this use). */
const REGISTER_MONTH_LOCK = 20_260_310;

/**
 * Takes, for the rest of the transaction, a lock on each month of these birth dates, in ascending order.
 * Every row a birth save locks in the rollups (per org unit and month) and the postnatal counts (per
 * birth day) belongs to its birth's month, and a save locks them in several statements whose orders
 * cannot all agree: two saves of the same month deadlocked under load (bench:load). Saves of one month
 * already queue on the month's region-level rollup row, so taking the month first costs no concurrency.
 */
export async function lockRegisterMonths(
  q: Queryable,
  birthDates: Iterable<string>,
  /** A constant SQL expression run with the first lock (one round trip fewer), or alone if none. */
  also = '',
): Promise<void> {
  const months = [...new Set([...birthDates].map((d) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7))))];
  // One statement per month, in order: the order of lock calls within one statement is not guaranteed.
  for (const [i, m] of months.sort((a, b) => a - b).entries()) {
    await q.query(`select pg_advisory_xact_lock($1, $2)${i === 0 && also ? `, ${also}` : ''}`, [
      REGISTER_MONTH_LOCK,
      m,
    ]);
  }
  if (!months.length && also) await q.query(`select ${also}`);
}

const DEFER_PNC_SUBJECTS = "set_config('openeenc.pnc_subjects', 'deferred', true)";

/**
 * Inserts births (skipping ids that exist) and the newborns of those actually inserted. Returns the
 * inserted birth ids. The postnatal subjects of the batch are derived by one statement at the end
 * (migration 0022) rather than by the row triggers of both tables: a third of the database work of an
 * import batch. Must run in a transaction (the setting lasts until its end or until reset here).
 */
export async function insertBirthRows(
  q: Queryable,
  births: ReadonlyArray<ReadonlyArray<unknown>>,
  newborns: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<Set<string>> {
  return insertingBirths(q, births, async () => {
    const inserted = new Set(
      await insertMany(q, 'births', BIRTH_COLUMNS, births, {
        onConflictDoNothing: 'id',
        returning: 'id',
        computed: [RECORD_KEY],
      }),
    );
    await insertMany(q, 'newborns', NEWBORN_COLUMNS, newbornsOf(newborns, inserted), {
      computed: [RECORD_KEY],
    });
    return { inserted, out: inserted };
  });
}

/**
 * Inserts births as `insertBirthRows` does and answers them as `findBirthRecord` reads them, each insert
 * returning its rows (a birth save then needs no reading back), in the order of `births`; ids that exist
 * already are left out. One statement per table whatever the count: the rollups' statement triggers and
 * the postnatal subjects run once for all of them (the sync push's creates).
 */
export async function insertBirthRecords(
  q: Queryable,
  births: ReadonlyArray<ReadonlyArray<unknown>>,
  newborns: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<Array<{ birth: BirthRecordRow; newborns: NewbornRow[] }>> {
  if (!births.length) return [];
  return insertingBirths(q, births, async () => {
    const ins = insertManySql('births', BIRTH_COLUMNS, births, {
      onConflictDoNothing: 'id',
      returning: '*',
      computed: [RECORD_KEY],
    });
    const rows = await q.query<BirthRecordRow>(
      `with written as (${ins.sql}) ${birthSelectFrom('written')}`,
      ins.params,
    );
    const inserted = new Set(rows.map((r) => r.id));
    const nbRows = newbornsOf(newborns, inserted);
    const nb = nbRows.length
      ? insertManySql('newborns', NEWBORN_COLUMNS, nbRows, { returning: '*', computed: [RECORD_KEY] })
      : null;
    const written = nb ? await q.query<NewbornRow>(nb.sql, nb.params) : [];
    const byBirth = new Map<string, NewbornRow[]>();
    for (const n of written.sort((a, b) => a.birth_order - b.birth_order))
      byBirth.set(n.birth_id, [...(byBirth.get(n.birth_id) ?? []), n]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out = births.flatMap((b) => {
      const row = byId.get(b[BIRTH_INDEX.id] as string);
      return row ? [{ birth: row, newborns: byBirth.get(row.id) ?? [] }] : [];
    });
    return { inserted, out };
  });
}

/** One birth through `insertBirthRecords`; undefined when the id exists already. */
export async function insertBirthRecord(
  q: Queryable,
  birth: ReadonlyArray<unknown>,
  newborns: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<{ birth: BirthRecordRow; newborns: NewbornRow[] } | undefined> {
  const [row] = await insertBirthRecords(q, [birth], newborns);
  return row;
}

/** Which of these births are stored (a create of a stored id is a replay or a merge, not an insert). */
export async function findStoredBirthIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const rows = await q.query<{ id: string }>('select id from births where id = any($1::uuid[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

const newbornsOf = (newborns: ReadonlyArray<ReadonlyArray<unknown>>, births: ReadonlySet<string>) =>
  newborns.filter((n) => births.has(n[NEWBORN_INDEX.birth_id] as string));

/** Around a births insert: the months locked and the postnatal subjects derived once, after it. */
async function insertingBirths<T>(
  q: Queryable,
  births: ReadonlyArray<ReadonlyArray<unknown>>,
  insert: () => Promise<{ inserted: ReadonlySet<string>; out: T }>,
): Promise<T> {
  await lockRegisterMonths(
    q,
    births.map((b) => b[BIRTH_INDEX.birth_date] as string),
    DEFER_PNC_SUBJECTS,
  );
  const { inserted, out } = await insert();
  await q.query("select pnc_sync_subjects($1::uuid[]), set_config('openeenc.pnc_subjects', '', true)", [
    [...inserted],
  ]);
  return out;
}

/** Replaces a birth's row and its newborns; newborn ids are kept so that follow-up records stay attached. */
export async function replaceBirthRows(
  q: Queryable,
  id: string,
  version: number,
  birth: ReadonlyArray<unknown>,
  newborns: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<boolean> {
  const [stored] = await q.query<{ birth_date: string }>('select birth_date from births where id = $1', [id]);
  await lockRegisterMonths(q, [
    birth[BIRTH_INDEX.birth_date] as string,
    ...(stored ? [stored.birth_date] : []),
  ]);
  const params: unknown[] = [id, version];
  const sets = BIRTH_UPDATE_COLUMNS.map(({ column, index }) => {
    const v = birth[index];
    params.push(v instanceof Date ? v.toISOString() : v);
    return `${column.name} = $${params.length}::${column.type}`;
  });
  const updated = await q.query(
    `update births set ${sets.join(', ')}, version = version + 1 where id = $1 and version = $2 returning id`,
    params,
  );
  if (updated.length !== 1) return false;
  const ids = newborns.map((n) => n[NEWBORN_INDEX.id] as string);
  await q.query('delete from newborns where birth_id = $1 and not (id = any($2::uuid[]))', [id, ids]);
  // Upsert in place: rows keep their ids (follow-up records point at them); the (birth, order)
  // constraint is checked at commit, so twins may swap birth order.
  await insertMany(q, 'newborns', NEWBORN_COLUMNS, newborns, {
    onConflictUpdate: 'id',
    computed: [RECORD_KEY],
  });
  return true;
}

export async function deleteBirthRow(q: Queryable, id: string, version: number): Promise<boolean> {
  const [stored] = await q.query<{ birth_date: string }>('select birth_date from births where id = $1', [id]);
  if (stored) await lockRegisterMonths(q, [stored.birth_date]);
  return (
    (await q.query('delete from births where id = $1 and version = $2 returning id', [id, version]))
      .length === 1
  );
}
