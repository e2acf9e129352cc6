import { describe, expect, it } from 'vitest';
import type { HealthWorker, RosterImportReport } from '../../../shared/coaching/coaching.schema';
import { workerCode } from '../../../shared/coaching/worker-identity';
import { newId } from '../../../shared/ids';
import { csvFile } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { addWorkerAs } from './coaching-test-helpers';
import { H01, HC_H as HC, VN } from '../../test/demo-units';

const COLUMNS = ['worker', 'name', 'cadre', 'ward', 'active_from', 'active_to', 'facility'] as const;

/** Roster import rows naming an existing worker (column `worker`): edit, move, deactivate (docs/coaching.md). */
describe('roster import: updating workers already on the roster', () => {
  const t = useTestApp();
  const [lead, province] = useLogins(t, 'lead.dn', 'province.dn');
  const ids = { cadre: '', leaves: '', moves: '', spare: '', elsewhere: '' };

  const importCsv = async (mode: 'all' | 'valid', rows: string[][]) => {
    const res = await lead.post('/api/coaching/roster/import', {
      facilityId: H01,
      mode,
      csv: csvFile(COLUMNS, rows),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as RosterImportReport;
  };
  // Read by the province: a worker moved away is outside the lead's facility.
  const worker = async (id: string) =>
    (await province.get(`/api/coaching/workers/${id}`)).json() as HealthWorker;
  const auditCount = async () =>
    (
      await t.db.query<{ n: number }>(
        "select count(*)::int as n from audit_log where entity_type = 'health_worker' and action = 'import'",
      )
    )[0]!.n;

  /** Three good rows (one by code), then one bad row of each kind. */
  const rows = () => [
    [workerCode(ids.cadre), '', 'nurse', '', '', '', ''],
    [ids.leaves, '', '', '', '', '2026-01-01', ''],
    [ids.moves, '', '', 'postnatal_ward', '2026-02-01', '', 'VN-DN-HC-H'],
    [newId(), '', 'nurse', '', '', '', ''],
    [ids.elsewhere, '', 'nurse', '', '', '', ''],
    [ids.cadre, '', 'obstetrician', '', '', '', ''],
    ['', 'New midwife', 'midwife', 'delivery_room', '2024-01-01', '2025-01-01', ''],
  ];
  const badRows = (...more: string[][]) => [
    ...more,
    // A move to a facility of Laos, to an unknown code, a date before the posting, a move without its date.
    [ids.moves, '', '', '', '2026-02-01', '', 'LA-VT-H01'],
    [ids.leaves, '', '', '', '', '', 'NO-SUCH-CODE'],
    [ids.cadre, '', '', '', '', '2019-12-31', ''],
    [ids.spare, '', '', 'postnatal_ward', '', '', ''],
  ];

  it('sets up: four workers of the importing facility and one of another', async () => {
    ids.cadre = await addWorkerAs(lead, H01);
    ids.leaves = await addWorkerAs(lead, H01);
    ids.moves = await addWorkerAs(lead, H01);
    ids.spare = await addWorkerAs(lead, H01);
    ids.elsewhere = newId();
    await t.db.query(
      `insert into health_workers (id, country_id, name, cadre) values ($1, $2, 'HC nurse', 'nurse')`,
      [ids.elsewhere, VN],
    );
    await t.db.query(
      `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from)
       values ($1, $2, $3, 'delivery_room', '2020-01-01')`,
      [newId(), ids.elsewhere, HC],
    );
  });

  it('reports each bad row by row and column in the reader’s language, and changes nothing in all-or-nothing mode', async () => {
    const before = await worker(ids.cadre);
    const report = await importCsv('all', rows());
    expect([report.rows, report.inserted, report.updated]).toEqual([7, 0, 0]);
    expect(report.issues.map((i) => [i.row, i.column])).toEqual([
      [5, 'worker'],
      [6, 'worker'],
      [7, 'worker'],
      [8, 'active_to'],
    ]);
    // lead.dn reads Vietnamese. The worker of Hải Châu (outside the lead's facility) reads as unknown.
    expect(report.issues[0]!.message).toBe(
      'Không có nhân viên nào với mã hoặc id này trong danh sách của cơ sở.',
    );
    expect(report.issues[1]!.message).toBe(report.issues[0]!.message);
    expect(report.issues[2]!.message).toBe('Nhân viên này đã được thay đổi ở dòng 2.');
    expect(await worker(ids.cadre)).toEqual(before);
    expect(await auditCount()).toBe(0);

    const moves = await importCsv('all', badRows());
    expect(moves.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [2, 'facility', 'Chỉ có thể chuyển nhân viên đến cơ sở trong cùng quốc gia.'],
      [3, 'facility', 'Không có cơ sở nào có mã này.'],
      [4, 'active_to', 'Hãy chọn ngày sau 2020-01-01, ngày bắt đầu công tác hiện tại.'],
      [5, 'active_from', 'Hãy điền active_from: ngày đầu tiên ở cơ sở hoặc khoa mới.'],
    ]);
    expect((await worker(ids.moves)).facilityId).toBe(H01);
  });

  it('applies the valid rows in valid-only mode, keeping the history, audited in one batch', async () => {
    const report = await importCsv('valid', rows());
    expect([report.inserted, report.updated, report.issues.length]).toEqual([0, 3, 4]);

    const cadre = await worker(ids.cadre);
    expect([cadre.cadre, cadre.version]).toEqual(['nurse', 2]);
    const leaves = await worker(ids.leaves);
    expect(leaves.postings).toEqual([expect.objectContaining({ facilityId: H01, endedOn: '2026-01-01' })]);
    const moves = await worker(ids.moves);
    expect(moves.postings.map((p) => [p.facilityId, p.ward, p.activeFrom, p.endedOn])).toEqual([
      [H01, 'delivery_room', '2020-01-01', '2026-02-01'],
      [HC, 'postnatal_ward', '2026-02-01', null],
    ]);
    const audit = await t.db.query<{ entity_id: string; change: string; row: number }>(
      `select entity_id, details ->> 'change' as change, (details ->> 'row')::int as row from audit_log
        where entity_type = 'health_worker' and action = 'import' order by (details ->> 'row')::int`,
    );
    expect(audit.map((a) => [a.entity_id, a.change, a.row])).toEqual([
      [ids.cadre, 'update', 2],
      [ids.leaves, 'deactivate', 3],
      [ids.moves, 'move', 4],
    ]);
    // The worker of Hải Châu is untouched.
    const [other] = await t.db.query<{ cadre: string }>('select cadre from health_workers where id = $1', [
      ids.elsewhere,
    ]);
    expect(other!.cadre).toBe('nurse');
  });

  it('no longer finds workers who left or moved away, and leaves a row repeating a worker’s details uncounted', async () => {
    const report = await importCsv('valid', [
      [ids.leaves, '', 'nurse', '', '', '', ''],
      [ids.moves, '', 'nurse', '', '', '', ''],
      [ids.cadre, '', 'nurse', '', '', '', ''],
    ]);
    expect([report.updated, report.issues.map((i) => [i.row, i.column])]).toEqual([
      0,
      [
        [2, 'worker'],
        [3, 'worker'],
      ],
    ]);
  });
});
