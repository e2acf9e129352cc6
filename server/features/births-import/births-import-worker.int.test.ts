import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BirthImportMode, BirthImportReport } from '../../../shared/births/birth-import.schema';
import { AppError } from '../../../shared/errors';
import { deleteAllBirths } from '../../test/delete-all-births';
import { useTestApp } from '../../test/test-app';
import { openBirthImport } from './births-import.service';
import { csvFile, csvRowsOf, id, twins, withCell } from './import-test-helpers';

/**
 * The import in a worker thread (PostgreSQL; on PGlite `thread: 'worker'` runs here, the database living
 * in this thread): the same report, rows and audit as in this thread.
 */
const t = useTestApp();

beforeEach(async () => {
  await deleteAllBirths(t.db);
});

/** Two good births around two with one problem each. */
const mixedFile = () =>
  csvFile([
    ...csvRowsOf({ id: id(11), overrides: { mother: { recordNumber: 'W-1' } } }),
    ...csvRowsOf({ id: id(12) }).map((r) => withCell(r, 'birth_weight_grams', '120')),
    ...csvRowsOf({ id: id(14), facilityCode: 'VN-NOWHERE' }),
    ...csvRowsOf({ id: id(16), overrides: twins({ mother: { recordNumber: 'W-2' } }) }),
  ]);

/** Runs an import; with `thread: 'worker'` also counts the import's own connections while it runs. */
async function importFile(text: string, mode: BirthImportMode, thread: 'here' | 'worker') {
  const job = await openBirthImport(t.deps, null, Readable.from([Buffer.from(text)]), {
    mode,
    via: 'cli',
    locale: 'vi',
    thread,
  });
  let connections: Promise<number> | undefined;
  const report = await job.run(() => {
    connections ??= t.db
      .query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where application_name = 'openeenc-import'",
      )
      .then(([r]) => r!.n);
  });
  return { report, connections: await connections! };
}

const comparable = ({ importId: _id, elapsedMs: _ms, ...rest }: BirthImportReport) => rest;

async function stored() {
  return {
    births: await t.db.query<{ id: string; record: string }>(
      'select id, mother_record_number as record from births order by id',
    ),
    newborns: await t.db.query<{ id: string }>('select id from newborns order by id'),
  };
}

async function auditOf(importId: string) {
  const [{ n }] = (await t.db.query<{ n: number }>(
    "select count(*)::int as n from audit_log where action = 'create' and details->>'importId' = $1",
    [importId],
  )) as [{ n: number }];
  const [entry] = await t.db.query<{ details: Record<string, unknown> }>(
    "select details from audit_log where action = 'import' and entity_id = $1",
    [importId],
  );
  return { perBirth: n, entry: entry?.details };
}

describe('the birth import in a worker thread', () => {
  it('valid_only: writes the same births and newborns, with the same report and audit, as in this thread', async () => {
    const here = await importFile(mixedFile(), 'valid_only', 'here');
    const rowsHere = await stored();
    await deleteAllBirths(t.db);

    const worker = await importFile(mixedFile(), 'valid_only', 'worker');
    // On PostgreSQL the work ran on the worker's own (named) connections; PGlite has no other thread.
    if (t.db.engine === 'postgres') expect(worker.connections).toBeGreaterThan(0);
    expect(comparable(worker.report)).toEqual(comparable(here.report));
    expect(worker.report).toMatchObject({ committed: true, births: 4, inserted: 2, invalid: 2, errors: 2 });
    expect(worker.report.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'birth_weight_grams'],
      [4, 'facility_code'],
    ]);
    expect(await stored()).toEqual(rowsHere);
    expect(rowsHere.births.map((b) => b.id)).toEqual([id(11), id(16)]);
    expect(rowsHere.newborns).toHaveLength(3);

    const audit = await auditOf(worker.report.importId);
    expect(audit.perBirth).toBe(2);
    expect(audit.entry).toMatchObject({ via: 'cli', mode: 'valid_only', committed: true, inserted: 2 });
  });

  it('all_or_nothing: writes nothing when a row has a problem, and reports it as this thread does', async () => {
    const here = await importFile(mixedFile(), 'all_or_nothing', 'here');
    const worker = await importFile(mixedFile(), 'all_or_nothing', 'worker');
    expect(comparable(worker.report)).toEqual(comparable(here.report));
    expect(worker.report).toMatchObject({ committed: false, inserted: 0, invalid: 2 });
    expect((await stored()).births).toEqual([]);
    expect((await auditOf(worker.report.importId)).entry).toMatchObject({ committed: false, inserted: 0 });
  });

  it('all_or_nothing: commits a good file in one transaction', async () => {
    const file = csvFile([...csvRowsOf({ id: id(21) }), ...csvRowsOf({ id: id(22) })]);
    const { report } = await importFile(file, 'all_or_nothing', 'worker');
    expect(report).toMatchObject({ committed: true, inserted: 2, errors: 0, fatal: null });
    expect((await stored()).births.map((b) => b.id)).toEqual([id(21), id(22)]);
  });

  it('refuses a file with unknown columns before anything runs, with the same error', async () => {
    const open = (thread: 'here' | 'worker') =>
      openBirthImport(t.deps, null, Readable.from([Buffer.from('a,b\r\n1,2\r\n')]), {
        mode: 'valid_only',
        via: 'cli',
        thread,
      }).catch((e: unknown) => e);
    const [here, worker] = [await open('here'), await open('worker')];
    expect(worker).toBeInstanceOf(AppError);
    expect(worker).toMatchObject({ code: 'validation_failed', message: 'import.unknownColumns' });
    expect((worker as AppError).issues).toEqual((here as AppError).issues);
  });
});
