import { describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import { newId } from '../../../shared/ids';
import { countRows, postBirth } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { csvOf, postImport } from '../births-import/import-test-helpers';
import { H01 } from '../../test/demo-units';

/**
 * A facility closed in DHIS2 (`closedDate`, kept as `closed_on`) takes no births after its closing day,
 * from the form or from a file; births up to that day are still recorded (a late entry of old paper).
 */
const t = useTestApp();
const [midwife, lead, admin] = useLogins(t, 'midwife.dn', 'lead.dn', 'admin.vn');

async function closeH01(on: string) {
  const [unit] = await t.db.query<{ version: number }>('select version from org_units where id = $1', [H01]);
  const res = await admin.patch(`/api/org-units/${H01}`, { version: unit!.version, closedOn: on });
  expect(res.statusCode, res.body).toBe(200);
}
const bornAt = (day: string) => `${day}T09:00:00+07:00`;

describe('births at a closed facility', () => {
  it('refuses a birth after the closing day with the day in the message, and keeps one on that day', async () => {
    await closeH01('2026-03-05');
    const before = await countRows(t.db, 'births');
    const after = await midwife.post(
      '/api/births',
      buildBirthRaw({ facilityId: H01, delivery: { bornAt: bornAt('2026-03-06') } }),
    );
    expect(after.statusCode).toBe(400);
    const body = after.json<{ issues: Array<{ path: string; message: string }> }>();
    expect(body.issues).toEqual([
      { path: 'delivery.bornAt', message: expect.stringContaining('2026-03-05') },
    ]);
    expect(await countRows(t.db, 'births')).toBe(before);
    await postBirth(midwife, { facilityId: H01, delivery: { bornAt: bornAt('2026-03-05') } });
  });

  it('refuses the rows of a file born after the closing day, in the importer’s language', async () => {
    await closeH01('2026-03-05');
    const file = csvOf(
      { id: newId(), overrides: { delivery: { bornAt: bornAt('2026-03-04') } } },
      { id: newId(), overrides: { delivery: { bornAt: bornAt('2026-03-07') } } },
    );
    const answer = await postImport(lead, file, 'valid_only');
    expect(answer.report.inserted).toBe(1);
    expect(answer.report.issues).toHaveLength(1);
    expect(answer.report.issues[0]!.message).toMatch(/đóng cửa từ ngày 2026-03-05/);
  });
});
