import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { translate } from '../../../shared/i18n/messages';
import type { ScreeningBirthMatch, ScreeningClientDetail } from '../../../shared/screening/screening.schema';
import { idSeries } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { C01, C02, H01 } from '../pnc/pnc-test-helpers';
import { buildScreeningClient } from './screening-test-builders';

// Clock of the test app: 2026-03-10T08:00Z.
const newId = idSeries('a820');

describe('screening: a woman registered by hand matched to a later birth record', () => {
  const t = useTestApp();
  const [worker, midwife, national] = useLogins(t, 'pnc.hc1', 'midwife.dn', 'national.vn');

  const birth = async (mother: Record<string, unknown>) => {
    const res = await midwife.post(
      '/api/births',
      buildBirthRaw({
        facilityId: H01,
        mother: { recordNumber: `MATCH-${newId().slice(-6)}`, communeId: C01, ...mother },
        delivery: { bornAt: '2026-03-01T08:00:00+07:00', babyCount: 1 },
        newborns: [buildNewbornRaw()],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const matchesOf = async (id: string) => {
    const res = await worker.get(`/api/screening/clients/${id}/birth-matches`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: ScreeningBirthMatch[] }>().items;
  };

  it('proposes births of her unit by phone, or by name and year; a person confirms or rejects', async () => {
    const mai = (
      await worker.post(
        '/api/screening/clients',
        buildScreeningClient({
          id: newId(),
          orgUnitId: C01,
          name: 'Trần Thị Mai',
          birthYear: 1992,
          phone: '0905 111 222',
        }),
      )
    ).json<ScreeningClientDetail>();
    // Name without accents, age 34 at a 2026 birth (born 1992): the same woman by name and year.
    const byName = await birth({ name: 'TRAN THI MAI', age: 34, phone: null });
    // Another name but her phone written differently: proposed by phone.
    const byPhone = await birth({ name: 'Lê Thị Hồng', age: 29, phone: '0905111222' });
    // Her name, another year; her name and year in another commune: not proposed.
    await birth({ name: 'Trần Thị Mai', age: 25, phone: null });
    await birth({ name: 'Trần Thị Mai', age: 34, phone: null, communeId: C02 });

    const proposed = await matchesOf(mai.id);
    expect(proposed.map((m) => [m.birthId, m.samePhone, m.sameName]).sort()).toEqual(
      [
        [byName, false, true],
        [byPhone, true, false],
      ].sort(),
    );
    expect(proposed.find((m) => m.birthId === byName)).toMatchObject({
      motherName: 'TRAN THI MAI',
      motherBirthYear: 1992,
      facilityName: expect.any(String),
    });

    // Rejected: never proposed again, and no longer decidable.
    const rejected = await worker.post(`/api/screening/clients/${mai.id}/birth-matches/${byPhone}`, {
      decision: 'reject',
      version: mai.version,
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json<ScreeningClientDetail>()).toMatchObject({ birthId: null, version: mai.version });
    expect((await matchesOf(mai.id)).map((m) => m.birthId)).toEqual([byName]);
    const again = await worker.post(`/api/screening/clients/${mai.id}/birth-matches/${byPhone}`, {
      decision: 'confirm',
      version: mai.version,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toBe(translate('vi', 'screening.noSuchMatch'));

    // Confirmed on the version read: linked, one person, her own name and phone kept.
    const stale = await worker.post(`/api/screening/clients/${mai.id}/birth-matches/${byName}`, {
      decision: 'confirm',
      version: mai.version + 1,
    });
    expect(stale.json().code).toBe('version_conflict');
    const confirmed = await worker.post(`/api/screening/clients/${mai.id}/birth-matches/${byName}`, {
      decision: 'confirm',
      version: mai.version,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<ScreeningClientDetail>()).toMatchObject({
      birthId: byName,
      name: 'Trần Thị Mai',
      phone: '0905 111 222',
      version: mai.version + 1,
    });
    expect(await matchesOf(mai.id)).toEqual([]);
    // The mother of that birth is the woman already followed: registering her again is refused.
    const duplicate = await worker.post(
      '/api/screening/clients',
      buildScreeningClient({ id: newId(), orgUnitId: C01, birthId: byName, name: null, birthYear: null }),
    );
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('conflict');
    const [people] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from screening_clients where birth_id = $1 or name = 'Trần Thị Mai'",
      [byName],
    );
    expect(people!.n).toBe(1);

    const audit = await t.db.query<{ details: { birthMatch: string; birthId: string } }>(
      "select details from audit_log where entity_type = 'screening_client' and entity_id = $1 and action = 'update' order by id",
      [mai.id],
    );
    expect(audit.map((a) => [a.details.birthMatch, a.details.birthId])).toEqual([
      ['reject', byPhone],
      ['confirm', byName],
    ]);
  });

  it('keeps to scope: a worker of another unit sees nothing, a manager cannot decide', async () => {
    const woman = (
      await worker.post(
        '/api/screening/clients',
        buildScreeningClient({ id: newId(), orgUnitId: C01, name: 'Phan Thị Lụa', birthYear: 1990 }),
      )
    ).json<ScreeningClientDetail>();
    const hers = await birth({ name: 'Phan Thị Lụa', age: 36, phone: null });
    // The hospital's midwife recorded the birth but does not follow women of the commune.
    expect((await midwife.get(`/api/screening/clients/${woman.id}/birth-matches`)).json().code).toBe(
      'out_of_scope',
    );
    const managerDecides = await national.post(`/api/screening/clients/${woman.id}/birth-matches/${hers}`, {
      decision: 'confirm',
      version: woman.version,
    });
    expect(managerDecides.json().code).toBe('forbidden');
    const outsider = await midwife.post(`/api/screening/clients/${woman.id}/birth-matches/${hers}`, {
      decision: 'confirm',
      version: woman.version,
    });
    expect(outsider.json().code).toBe('out_of_scope');
    expect((await matchesOf(woman.id)).map((m) => m.birthId)).toEqual([hers]);
  });
});
