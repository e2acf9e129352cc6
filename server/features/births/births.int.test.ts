import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { KMC_PRESETS } from '../../../shared/births/eenc-settings';
import { translate } from '../../../shared/i18n/messages';
import { newId } from '../../../shared/ids';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogins, useTestApp } from '../../test/test-app';
import { C01 as COMMUNE, H01, HC_H } from '../../test/demo-units';

const LA_H = orgUnitIdOf('LA-SV-H01');

const birth = (overrides: Parameters<typeof buildBirthRaw>[0] = {}) =>
  buildBirthRaw({
    facilityId: H01,
    mother: { name: 'Nguyễn Thị Hạnh', phone: '0905 111 222', communeId: COMMUNE },
    ...overrides,
  });

describe('birth register API', () => {
  const t = useTestApp();
  const [midwife, province] = useLogins(t, 'midwife.dn', 'province.dn');

  it('records a birth with derived bands, practices and flags, and dates it in the facility time zone', async () => {
    const res = await midwife.post(
      '/api/births',
      birth({ newborns: [buildNewbornRaw({ birthWeightGrams: 1900, sscDurationMinutes: 30 })] }),
    );
    expect(res.statusCode).toBe(201);
    const b = res.json();
    // 02:15 in Đà Nẵng is 19:15 UTC the day before: the register date is the local one.
    expect(b.birthDate).toBe('2026-03-10');
    expect(b.delivery.bornAt).toBe('2026-03-09T19:15:00.000Z');
    expect(b.newborns[0].derived).toMatchObject({
      weightBand: 'lbw',
      kmcEligible: true,
      flags: ['ssc_short'],
    });
    expect(b.newborns[0].derived.practices).toMatchObject({
      immediateSsc: true,
      sscFullNoSeparation: false,
      delayedCordClamping: true,
    });
    const [row] = await t.db.query<{ flags: string[]; ssc_full_no_separation: boolean }>(
      'select flags, ssc_full_no_separation from newborns where birth_id = $1',
      [b.id],
    );
    expect(row).toEqual({ flags: ['ssc_short'], ssc_full_no_separation: false });
  });

  it('is idempotent on a client id: the same document again answers 200 with the stored record; a different one 409', async () => {
    const id = newId();
    const body = birth({ id });
    expect((await midwife.post('/api/births', body)).statusCode).toBe(201);
    const again = await midwife.post('/api/births', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);
    const changed = await midwife.post('/api/births', { ...body, mother: { ...body.mother, age: 40 } });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe('conflict');
    const [row] = await t.db.query<{ n: number }>('select count(*) as n from births where id = $1', [id]);
    expect(Number(row!.n)).toBe(1);
  });

  it.each([
    [
      'a weight of 120 g',
      'newborns.0.birthWeightGrams',
      'births.weightRange',
      { newborns: [buildNewbornRaw({ birthWeightGrams: 120 })] },
    ],
    [
      'a gestational age of 45 weeks',
      'delivery.gestationalAgeWeeks',
      'births.gaRange',
      { delivery: { gestationalAgeWeeks: 45 } },
    ],
    [
      'breastfeeding data on a stillbirth',
      'newborns.0.breastfeedStartedMinutes',
      'births.notForStillbirth',
      {
        newborns: [{ birthOrder: 1, sex: 'male', outcome: 'fresh_stillbirth', breastfeedStartedMinutes: 30 }],
      },
    ],
    [
      'a time of birth tomorrow',
      'delivery.bornAt',
      'births.bornAtFuture',
      { delivery: { bornAt: '2026-03-11T08:00:00+07:00' } },
    ],
    [
      'twins with one baby record',
      'delivery.babyCount',
      'births.babyCountMismatch',
      { delivery: { babyCount: 2 } },
    ],
  ] as const)(
    "refuses %s with a 400 at path %s, in the user's language, and writes nothing",
    async (_name, path, key, overrides) => {
      const before = await t.db.query<{ n: number }>('select count(*) as n from births');
      const res = await midwife.post('/api/births', birth(overrides as never));
      expect(res.statusCode).toBe(400);
      const issue = res.json().issues.find((i: { path: string }) => i.path === path);
      // midwife.dn reads Vietnamese: the message is the translated rule message.
      expect(issue?.message).toBe(translate('vi', key, { count: 1 }));
      const after = await t.db.query<{ n: number }>('select count(*) as n from births');
      expect(after).toEqual(before);
    },
  );

  it.each([
    '0001-01-01T08:00:00+07:00',
    '1000-06-15T08:00:00+07:00',
    '1900-01-01T08:00:00+07:00',
    '1999-12-31T23:59:00+07:00',
  ])("refuses a birth dated %s, before the register's earliest date, and writes nothing", async (bornAt) => {
    const before = await t.db.query<{ n: number }>('select count(*) as n from births');
    const res = await midwife.post('/api/births', birth({ delivery: { bornAt } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toContainEqual({
      path: 'delivery.bornAt',
      message: translate('vi', 'births.bornAtTooEarly', { date: '2000-01-01' }),
    });
    expect(await t.db.query<{ n: number }>('select count(*) as n from births')).toEqual(before);
  });

  it('accepts a birth on the earliest date (REGISTER_EARLIEST_BIRTH_DATE, 2000-01-01 by default)', async () => {
    const res = await midwife.post(
      '/api/births',
      birth({ delivery: { bornAt: '2000-01-01T00:30:00+07:00' } }),
    );
    expect(res.statusCode).toBe(201);
    expect(Date.parse(res.json().delivery.bornAt)).toBe(Date.parse('1999-12-31T17:30:00Z'));
  });

  it('refuses unknown fields, a facility that is not a facility, and a commune that is not a commune', async () => {
    const unknown = await midwife.post('/api/births', { ...birth(), extra: true });
    expect(unknown.json().issues).toContainEqual({ path: 'extra', message: expect.any(String) });
    const nurse = await t.login('nurse.hc');
    const district = await nurse.post('/api/births', birth({ facilityId: orgUnitIdOf('VN-DN-HC') }));
    expect(district.statusCode).toBe(403);
    const badCommune = await midwife.post(
      '/api/births',
      birth({ mother: { communeId: orgUnitIdOf('VN-DN-HC') } }),
    );
    expect(badCommune.json().issues).toEqual([{ path: 'mother.communeId', message: expect.any(String) }]);
  });

  it("refuses to record a birth at a facility outside the clinician's scope", async () => {
    const res = await midwife.post('/api/births', birth({ facilityId: HC_H }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('out_of_scope');
    expect((await province.post('/api/births', birth())).json().code).toBe('forbidden');
  });

  it('edits with the version read; a stale version is a 409 and nothing is overwritten', async () => {
    const created = (await midwife.post('/api/births', birth())).json();
    const { id, version, newborns } = created;
    const input = {
      ...birth(),
      version,
      newborns: [{ ...buildNewbornRaw({ apgar1: 6 }), id: newborns[0].id }],
    };
    const ok = await midwife.put(`/api/births/${id}`, input);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(version + 1);
    expect(ok.json().newborns[0].id).toBe(newborns[0].id);
    const stale = await midwife.put(`/api/births/${id}`, {
      ...input,
      newborns: [{ ...input.newborns[0], apgar1: 3 }],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const [row] = await t.db.query<{ apgar1: number }>('select apgar1 from newborns where birth_id = $1', [
      id,
    ]);
    expect(row!.apgar1).toBe(6);
  });

  it('keeps newborn ids across edits and refuses an id that belongs to another birth', async () => {
    const a = (await midwife.post('/api/births', birth())).json();
    const b = (await midwife.post('/api/births', birth())).json();
    const steal = await midwife.put(`/api/births/${b.id}`, {
      ...birth(),
      version: b.version,
      newborns: [{ ...buildNewbornRaw(), id: a.newborns[0].id }],
    });
    expect(steal.statusCode).toBe(400);
    expect(steal.json().issues).toContainEqual({ path: 'newborns.0.id', message: expect.any(String) });
    const [row] = await t.db.query<{ birth_id: string }>('select birth_id from newborns where id = $1', [
      a.newborns[0].id,
    ]);
    expect(row!.birth_id).toBe(a.id);
  });

  it('lets twins swap birth order in one edit', async () => {
    const twins = birth({
      delivery: { babyCount: 2 },
      newborns: [
        buildNewbornRaw({ birthOrder: 1, sex: 'female' }),
        buildNewbornRaw({ birthOrder: 2, sex: 'male' }),
      ],
    });
    const created = (await midwife.post('/api/births', twins)).json();
    const [first, second] = created.newborns;
    const swapped = await midwife.put(`/api/births/${created.id}`, {
      ...twins,
      version: created.version,
      newborns: [
        { ...buildNewbornRaw({ birthOrder: 2, sex: 'female' }), id: first.id },
        { ...buildNewbornRaw({ birthOrder: 1, sex: 'male' }), id: second.id },
      ],
    });
    expect(swapped.statusCode).toBe(200);
    expect(
      swapped.json().newborns.map((n: { id: string; birthOrder: number }) => [n.id, n.birthOrder]),
    ).toEqual([
      [second.id, 1],
      [first.id, 2],
    ]);
  });

  it('records discharge and shows the change history with who changed what', async () => {
    const created = (await midwife.post('/api/births', birth())).json();
    const discharged = await midwife.put(`/api/births/${created.id}`, {
      ...birth(),
      version: created.version,
      newborns: [
        {
          ...buildNewbornRaw(),
          id: created.newborns[0].id,
          discharge: { date: '2026-03-10', status: 'alive', exclusiveBreastfeeding: true },
        },
      ],
    });
    expect(discharged.statusCode).toBe(200);
    // The test clock is 10 March: a same-day discharge is saved and flagged; tomorrow would be refused.
    expect(discharged.json().newborns[0].derived.flags).toEqual(['early_discharge']);
    const history = (await midwife.get(`/api/births/${created.id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(history[1].actor).toBe('midwife.dn');
    expect(history[1].changes).toContainEqual({
      path: 'newborns.0.discharge',
      before: null,
      after: { date: '2026-03-10', time: null, status: 'alive', exclusiveBreastfeeding: true },
    });
  });

  it.each([
    ['07:00, 23 h after the birth: early', '07:00', ['early_discharge']],
    ['08:00, 24 h after the birth: not early', '08:00', []],
    ['no time (an older record): judged by the day, not early', null, []],
  ])('judges a next-day discharge at %s', async (_name, time, flags) => {
    const bornAt = '2026-03-09T08:00:00+07:00';
    const created = (await midwife.post('/api/births', birth({ delivery: { bornAt } }))).json();
    const res = await midwife.put(`/api/births/${created.id}`, {
      ...birth({ delivery: { bornAt } }),
      version: created.version,
      newborns: [
        {
          ...buildNewbornRaw(),
          id: created.newborns[0].id,
          discharge: { date: '2026-03-10', time, status: 'alive', exclusiveBreastfeeding: true },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().newborns[0].discharge).toEqual({
      date: '2026-03-10',
      time,
      status: 'alive',
      exclusiveBreastfeeding: true,
    });
    expect(res.json().newborns[0].derived.flags).toEqual(flags);
    const [row] = await t.db.query<{ discharge_time: string | null; flags: string[] }>(
      'select discharge_time, flags from newborns where id = $1',
      [created.newborns[0].id],
    );
    expect(row).toEqual({ discharge_time: time, flags });
  });

  it('refuses a discharge time before the birth, at the time field', async () => {
    const res = await midwife.post(
      '/api/births',
      birth({
        newborns: [buildNewbornRaw({ discharge: { date: '2026-03-10', time: '02:00', status: 'alive' } })],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'newborns.0.discharge.time', message: translate('vi', 'births.dischargeBeforeBirth') },
    ]);
  });

  it('shows name, phone and address at the facility only, masks them for a provincial manager, and keeps them when such a user edits', async () => {
    const address = '25 thôn Phú Sơn, xã Hòa Khương';
    const mother = { name: 'Nguyễn Thị Hạnh', phone: '0905 111 222', address, communeId: COMMUNE };
    const created = (await midwife.post('/api/births', birth({ mother }))).json();
    expect(created.mother).toMatchObject({ name: 'Nguyễn Thị Hạnh', phone: '0905 111 222', address });
    const seen = (await province.get(`/api/births/${created.id}`)).json();
    expect(seen.mother).toMatchObject({
      name: null,
      phone: null,
      address: null,
      recordNumber: 'SB-2026-0001',
    });
    expect(seen.personalDataHidden).toBe(true);
    const list = (await province.get('/api/births?q=SB-2026')).json().items;
    expect(list.every((i: { motherName: string | null }) => i.motherName === null)).toBe(true);
    // A district-scoped clinician (write, but no personal-data scope) edits: the stored name survives.
    await t.db.query(
      `insert into users (id, username, display_name, role, password_hash) select $1, 'floater.dn', 'Floater', 'clinician', password_hash from users where username = 'midwife.dn'`,
      [newId()],
    );
    await t.db.query(
      `insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = 'floater.dn'`,
      [orgUnitIdOf('VN-DN')],
    );
    const floater = await t.login('floater.dn');
    const fb = (await floater.get(`/api/births/${created.id}`)).json();
    const edit = await floater.put(`/api/births/${created.id}`, {
      ...birth({ mother: { name: null, phone: null, address: null, communeId: COMMUNE } }),
      version: fb.version,
      newborns: [{ ...buildNewbornRaw(), id: fb.newborns[0].id }],
    });
    expect(edit.statusCode).toBe(200);
    const [row] = await t.db.query<{ mother_name: string; mother_phone: string; mother_address: string }>(
      'select mother_name, mother_phone, mother_address from births where id = $1',
      [created.id],
    );
    expect(row).toEqual({
      mother_name: 'Nguyễn Thị Hạnh',
      mother_phone: '0905 111 222',
      mother_address: address,
    });
  });

  it('audits every opening of a record, and list reads that show names', async () => {
    const created = (await midwife.post('/api/births', birth())).json();
    await midwife.get(`/api/births/${created.id}`);
    await province.get(`/api/births/${created.id}`);
    const reads = await t.db.query<{ actor_username: string }>(
      "select actor_username from audit_log where entity_type = 'birth' and entity_id = $1 and action = 'read' order by id",
      [created.id],
    );
    expect(reads.map((r) => r.actor_username)).toEqual(['midwife.dn', 'province.dn']);
    await midwife.get(`/api/births?q=${created.mother.recordNumber}`);
    const listed = await t.db.query(
      "select 1 from audit_log where entity_id = $1 and action = 'read' and details->>'via' = 'list'",
      [created.id],
    );
    expect(listed.length).toBeGreaterThan(0);
  });

  it("lists newest first with filters and a cursor, within the reader's scope", async () => {
    const l = await t.login('lead.dn');
    const mk = (bornAt: string, record: string, extra: Parameters<typeof buildBirthRaw>[0] = {}) =>
      l.post('/api/births', birth({ mother: { recordNumber: record }, delivery: { bornAt }, ...extra }));
    await mk('2025-01-05T10:00:00+07:00', 'LST-1');
    await mk('2025-01-06T10:00:00+07:00', 'LST-2', {
      newborns: [buildNewbornRaw({ separatedBeforeBreastfeed: true })],
    });
    await mk('2025-01-07T10:00:00+07:00', 'LST-3');
    const page1 = (await l.get('/api/births?q=lst-&limit=2')).json();
    expect(page1.items.map((i: { recordNumber: string }) => i.recordNumber)).toEqual(['LST-3', 'LST-2']);
    const page2 = (await l.get(`/api/births?q=lst-&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((i: { recordNumber: string }) => i.recordNumber)).toEqual(['LST-1']);
    expect(page2.nextCursor).toBeNull();
    const flagged = (await l.get('/api/births?q=lst-&flag=separated_before_breastfeed')).json().items;
    expect(flagged.map((i: { recordNumber: string }) => i.recordNumber)).toEqual(['LST-2']);
    const period = (await l.get('/api/births?q=lst-&from=2025-01-06&to=2025-01-06')).json().items;
    expect(period.map((i: { recordNumber: string }) => i.recordNumber)).toEqual(['LST-2']);
    const la = await t.login('national.la');
    expect((await la.get('/api/births?q=lst-')).json().items).toEqual([]);
    expect((await la.get(`/api/births?facility=${H01}`)).json().code).toBe('out_of_scope');
    expect((await l.get('/api/births?cursor=not-a-cursor')).statusCode).toBe(400);
  });

  it('deletes with the version and keeps the history readable', async () => {
    const created = (await midwife.post('/api/births', birth())).json();
    expect((await midwife.delete(`/api/births/${created.id}?version=99`)).statusCode).toBe(409);
    expect((await midwife.delete(`/api/births/${created.id}?version=${created.version}`)).statusCode).toBe(
      204,
    );
    expect((await midwife.get(`/api/births/${created.id}`)).statusCode).toBe(404);
    const rows = await t.db.query('select 1 from newborns where birth_id = $1', [created.id]);
    expect(rows).toHaveLength(0);
    const history = (await midwife.get(`/api/births/${created.id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'delete']);
  });

  it('re-derives existing births when a country switches to the WHO 2022 KMC cut-offs', async () => {
    const created = (
      await midwife.post('/api/births', birth({ newborns: [buildNewbornRaw({ birthWeightGrams: 2300 })] }))
    ).json();
    expect(created.newborns[0].derived.kmcEligible).toBe(false);
    const national = await t.login('national.vn');
    const view = (await national.get(`/api/eenc-settings?orgUnit=${H01}`)).json();
    expect(view).toMatchObject({ countryName: 'Việt Nam', isDefault: true, version: 0 });
    const res = await national.put(`/api/eenc-settings/${view.countryId}`, {
      version: 0,
      settings: { ...view.settings, ...KMC_PRESETS.who2022 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().recomputedBirths).toBeGreaterThan(0);
    const after = (await midwife.get(`/api/births/${created.id}`)).json();
    expect(after.newborns[0].derived.kmcEligible).toBe(true);
    // Stale version, and another country's settings, are refused.
    expect(
      (await national.put(`/api/eenc-settings/${view.countryId}`, { version: 0, settings: view.settings }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await national.put(`/api/eenc-settings/${orgUnitIdOf('LA')}`, { version: 0, settings: view.settings })
      ).json().code,
    ).toBe('out_of_scope');
    expect(
      (
        await midwife.put(`/api/eenc-settings/${view.countryId}`, { version: 1, settings: view.settings })
      ).json().code,
    ).toBe('forbidden');
    const bad = await national.put(`/api/eenc-settings/${view.countryId}`, {
      version: 1,
      settings: { ...view.settings, bathMinHours: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('settings.bathMinHours');
    await national.put(`/api/eenc-settings/${view.countryId}`, {
      version: 1,
      settings: { ...view.settings, ...KMC_PRESETS.eenc },
    });
  });

  it('keeps LA births out of reach of a Viet Nam facility and back', async () => {
    const laLead = await t.login('national.la');
    expect((await laLead.post('/api/births', birth({ facilityId: LA_H }))).json().code).toBe('forbidden');
    const created = (await midwife.post('/api/births', birth())).json();
    expect((await laLead.get(`/api/births/${created.id}`)).json().code).toBe('out_of_scope');
    expect((await laLead.get(`/api/births/${created.id}/history`)).json().code).toBe('out_of_scope');
  });
});
