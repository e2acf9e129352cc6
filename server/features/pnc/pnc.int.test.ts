import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { Birth } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import { translate } from '../../../shared/i18n/messages';
import type { FollowUp, Worklist } from '../../../shared/pnc/pnc.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { createReadyUser } from '../../test/api-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { C01, C02, DN, H01, HC, recordBirth, wellVisit } from './pnc-test-helpers';

const vi = (key: string, params?: Record<string, unknown>) => translate('vi', key, params);

describe('postnatal follow-up: handover, scope, visits, referrals', () => {
  let t: TestApp;
  let midwife: TestClient;
  let worker: TestClient;
  let province: TestClient;
  // Clock: 2026-03-10T08:00Z = 15:00 in Đà Nẵng. Born two days ago at 10:00 local.
  const bornAt = '2026-03-08T10:00:00+07:00';
  let inC01: Awaited<ReturnType<typeof recordBirth>>;
  let inC02: Awaited<ReturnType<typeof recordBirth>>;
  let noCommune: Awaited<ReturnType<typeof recordBirth>>;

  const worklist = async (client: TestClient, unit: string, extra = '') => {
    const res = await client.get(`/api/pnc/worklist?orgUnit=${unit}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Worklist;
  };
  const followUp = async (client: TestClient, birthId: string) => {
    const res = await client.get(`/api/pnc/births/${birthId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as FollowUp;
  };

  beforeAll(async () => {
    t = await createTestApp();
    midwife = await t.login('midwife.dn');
    worker = await t.login('pnc.hc1');
    province = await t.login('province.dn');
    inC01 = await recordBirth(midwife, { bornAt, communeId: C01, phone: '0905 111 222', name: 'Lê Thị An' });
    inC02 = await recordBirth(midwife, { bornAt, communeId: C02 });
    noCommune = await recordBirth(midwife, { bornAt, communeId: null });
  });
  afterAll(() => t.close());

  it('hands the pair over to the commune where the mother lives: its PNC worker sees contacts 2 and 3, with her phone', async () => {
    const w = await worklist(worker, C01);
    expect(w.today).toBe('2026-03-10');
    const mine = w.items.filter((i) => i.birthId === inC01.id);
    expect(mine.map((i) => `${i.section}:${i.kind}:${i.contactCode}`)).toEqual([
      'due_today:mother:c2',
      'due_today:newborn:c2',
      'upcoming:mother:c3',
      'upcoming:newborn:c3',
    ]);
    expect(mine[0]).toMatchObject({
      motherPhone: '0905 111 222',
      motherName: 'Lê Thị An',
      personalDataHidden: false,
      handover: { unit: { id: C01 }, reason: 'handed_over' },
      dueFrom: '2026-03-10T03:00:00.000Z',
      overdueAt: '2026-03-14T17:00:00.000Z',
    });
    // The first-day contact belongs to the birth facility, and other communes' pairs are not here.
    expect(w.items.some((i) => i.contactCode === 'c1')).toBe(false);
    expect(w.items.some((i) => i.birthId === inC02.id || i.birthId === noCommune.id)).toBe(false);
    expect(w.counts).toMatchObject({ dueToday: 2, upcoming: 2, overdue: 0, referral: 0, notHandedOver: 0 });
  });

  it('audits each birth whose mother’s phone the worklist showed', async () => {
    await worklist(worker, C01);
    const rows = await t.db.query<{ entity_id: string; details: { via: string } }>(
      "select entity_id, details from audit_log where actor_username = 'pnc.hc1' and action = 'read' and entity_type = 'birth'",
    );
    expect(rows.some((r) => r.entity_id === inC01.id && r.details.via === 'pnc_worklist')).toBe(true);
  });

  it('keeps pairs nobody can take on the birth facility’s worklist: no commune, or a commune without a PNC worker', async () => {
    const w = await worklist(midwife, H01);
    const reasons = new Map(
      w.items
        .filter((i) => i.contactCode === 'c2' && i.kind === 'mother')
        .map((i) => [i.birthId, i.handover.reason]),
    );
    expect(reasons.get(inC02.id)).toBe('commune_without_pnc_worker');
    expect(reasons.get(noCommune.id)).toBe('no_commune');
    expect(reasons.has(inC01.id)).toBe(false); // handed over to C01
    // Every birth's first-day contact is the facility's, and overdue after 48 h.
    const c1 = w.items.filter((i) => i.contactCode === 'c1');
    expect(new Set(c1.map((i) => i.birthId))).toEqual(new Set([inC01.id, inC02.id, noCommune.id]));
    expect(c1.every((i) => i.section === 'overdue')).toBe(true);
    expect(w.counts.notHandedOver).toBe(8); // c2 and c3 of mother and baby, for two births
    // The clinician of the facility sees names (facility rule).
    expect(c1.find((i) => i.birthId === noCommune.id)?.motherName).toMatch(/^Mẹ /);
  });

  it('shows a district the pairs handed over to its communes, the province everything once, without names', async () => {
    const w = await worklist(province, HC);
    const c2 = w.items.filter((i) => i.contactCode === 'c2' && i.kind === 'mother');
    // C02 has no PNC worker: its mother who gave birth at the provincial hospital stays with that
    // hospital (outside the district), not with the district.
    expect(c2.map((i) => i.birthId)).toEqual([inC01.id]);
    expect(
      w.items.every(
        (i) =>
          i.motherPhone === null && i.motherName === null && i.motherAddress === null && i.personalDataHidden,
      ),
    ).toBe(true);
    const p = await worklist(province, DN);
    const keys = p.items.map((i) => `${i.subjectId}:${i.contactCode}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(p.items.filter((i) => i.contactCode === 'c2').map((i) => i.birthId))).toEqual(
      new Set([inC01.id, inC02.id, noCommune.id]),
    );
    expect(p.counts.notHandedOver).toBe(8);
  });

  it('hands the pairs of a commune over as soon as a PNC worker covers it, and back when the worker leaves', async () => {
    const user = await createReadyUser(t, {
      username: 'pnc.hc2',
      displayName: 'YS. Trạm Thạch Thang',
      role: 'pnc_worker',
      locale: 'vi',
      scopeIds: [C02],
    });
    const second = await t.login('pnc.hc2');
    let w = await worklist(second, C02);
    expect(w.items.filter((i) => i.birthId === inC02.id).map((i) => i.handover.reason)).toEqual([
      'handed_over',
      'handed_over',
      'handed_over',
      'handed_over',
    ]);
    expect((await worklist(midwife, H01)).counts.notHandedOver).toBe(4);
    const admin = await t.login('admin');
    const off = await admin.patch(`/api/users/${user.id}`, { version: user.version, active: false });
    expect(off.statusCode, off.body).toBe(200);
    w = await worklist(midwife, H01);
    expect(w.counts.notHandedOver).toBe(8);
  });

  it('refuses a worklist outside the caller’s area and to roles without PNC access', async () => {
    expect((await worker.get(`/api/pnc/worklist?orgUnit=${C02}`)).json().code).toBe('out_of_scope');
    expect((await worker.get(`/api/pnc/worklist?orgUnit=${H01}`)).statusCode).toBe(403);
    const partner = await t.login('partner.who');
    expect((await partner.get(`/api/pnc/worklist?orgUnit=${C01}`)).json().code).toBe('forbidden');
    expect((await t.anonymous().get(`/api/pnc/worklist?orgUnit=${C01}`)).statusCode).toBe(401);
    const bad = await worker.get('/api/pnc/worklist?orgUnit=not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('orgUnit');
  });

  it('lets the commune worker open the follow-up of a mother living there, but not of another commune', async () => {
    const f = await followUp(worker, inC01.id);
    expect(f.handover).toEqual({
      unit: { id: C01, name: 'Trạm Y tế phường Hải Châu I' },
      reason: 'handed_over',
    });
    expect(f.motherPhone).toBe('0905 111 222');
    expect(
      f.subjects.map((s) => `${s.kind}:${s.contacts.map((c) => `${c.code}=${c.status}`).join(',')}`),
    ).toEqual([
      'mother:c1=overdue,c2=due,c3=upcoming,c4=upcoming',
      'newborn:c1=overdue,c2=due,c3=upcoming,c4=upcoming',
    ]);
    expect((await worker.get(`/api/pnc/births/${inC02.id}`)).json().code).toBe('out_of_scope');
    expect((await worker.get(`/api/pnc/births/${noCommune.id}`)).statusCode).toBe(403);
  });

  it('records a home visit with a danger sign: urgent referral, and the case stays open on the worklist until closed', async () => {
    const visit = wellVisit(inC01, 'c2', '2026-03-10T14:30:00+07:00');
    visit.newborns![0] = {
      ...visit.newborns![0]!,
      breathingRate: 64,
      dangerSigns: ['severe_chest_indrawing'],
      referred: true,
    };
    const res = await worker.post('/api/pnc/visits', visit);
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(result.urgentReferral).toBe(true);
    const baby = result.subjects.find((s: { kind: string }) => s.kind === 'newborn');
    expect(baby.referralOpen).toBe(true);
    expect(baby.findings.map((f: { code: string; level: string }) => `${f.level}:${f.code}`)).toEqual([
      'urgent:severe_chest_indrawing',
      'urgent:fast_breathing',
    ]);
    expect(result.subjects.find((s: { kind: string }) => s.kind === 'mother').referralOpen).toBe(false);

    let w = await worklist(worker, C01);
    const referral = w.items.filter((i) => i.section === 'referral');
    expect(referral.map((i) => `${i.kind}:${i.contactCode}`)).toEqual(['newborn:c2']);
    expect(referral[0]!.referral).toMatchObject({
      status: 'open',
      reasons: ['severe_chest_indrawing', 'fast_breathing'],
    });
    expect(w.counts.referral).toBe(1);
    expect(w.items.filter((i) => i.birthId === inC01.id && i.section === 'due_today')).toEqual([]);
    // A sick baby now gets the extra visits of small or sick babies (day 5, day 10), listed first as risky.
    expect(w.items.find((i) => i.birthId === inC01.id && i.contactCode === 'x5')?.riskMarkers).toEqual([
      'danger_signs',
    ]);

    // The next day the case is still open (sessions are idle-limited: log in again).
    t.clock.advance(24 * 3_600_000);
    worker = await t.login('pnc.hc1');
    w = await worklist(worker, C01);
    expect(w.items[0]).toMatchObject({ section: 'referral', birthId: inC01.id, kind: 'newborn' });

    const contactId = w.items[0]!.referral!.contactId;
    const badOutcome = await worker.post(`/api/pnc/referrals/${contactId}/close`, {
      version: 1,
      outcome: 'better',
    });
    expect(badOutcome.statusCode).toBe(400);
    expect(badOutcome.json().issues[0].path).toBe('outcome');
    const stale = await worker.post(`/api/pnc/referrals/${contactId}/close`, {
      version: 7,
      outcome: 'admitted',
    });
    expect(stale.json().code).toBe('version_conflict');
    const closed = await worker.post(`/api/pnc/referrals/${contactId}/close`, {
      version: 1,
      outcome: 'treated_at_facility',
      note: 'Treated at the district hospital',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      outcome: 'treated_at_facility',
      closedBy: 'pnc.hc1',
    });
    w = await worklist(worker, C01);
    expect(w.counts.referral).toBe(0);
    const again = await worker.post(`/api/pnc/referrals/${contactId}/close`, {
      version: 2,
      outcome: 'admitted',
    });
    expect(again.json()).toMatchObject({ code: 'conflict', message: vi('pnc.referralNotOpen') });
    t.clock.set(new Date('2026-03-10T08:00:00Z'));
    worker = await t.login('pnc.hc1');
  });

  it('is idempotent on the client id, and refuses to record the same contact twice', async () => {
    const id = '5e0f7a8e-1d7c-4c55-9a53-0c8a4f1c2b01';
    const visit = { ...wellVisit(noCommune, 'c1', '2026-03-08T20:00:00+07:00', { place: 'facility' }), id };
    const first = await midwife.post('/api/pnc/visits', visit);
    expect(first.statusCode, first.body).toBe(201);
    const replay = await midwife.post('/api/pnc/visits', visit);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().visitId).toBe(id);
    const other = await midwife.post('/api/pnc/visits', { ...visit, seenBy: 'Someone else' });
    expect(other.json().code).toBe('conflict');
    const twice = await midwife.post('/api/pnc/visits', { ...visit, id: undefined });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().issues).toEqual([
      { path: 'mother', message: vi('pnc.contactAlreadyRecorded') },
      { path: 'newborns.0.newbornId', message: vi('pnc.contactAlreadyRecorded') },
    ]);
    const f = await followUp(midwife, noCommune.id);
    const c1 = f.subjects[0]!.contacts.find((c) => c.code === 'c1')!;
    expect(c1.status).toBe('done');
    expect(c1.recorded).toMatchObject({ onTime: true, place: 'facility', seenBy: 'YS. Đặng Thị Hương' });
  });

  it.each([
    [
      'a baby temperature of 45 °C',
      { newborns: [{ temperatureC: 45 }] },
      'newborns.0.temperatureC',
      'pnc.newbornTemperatureRange',
    ],
    [
      'a weight of 400 g',
      { newborns: [{ weightGrams: 400 }] },
      'newborns.0.weightGrams',
      'pnc.newbornWeightRange',
    ],
    [
      'a breathing rate of 62.5',
      { newborns: [{ breathingRate: 62.5 }] },
      'newborns.0.breathingRate',
      'pnc.breathingRateRange',
    ],
    ['a maternal pulse of 40', { mother: { pulseBpm: 40 } }, 'mother.pulseBpm', 'pnc.pulseRange'],
    [
      'a systolic pressure of 300',
      { mother: { systolic: 300 } },
      'mother.systolic',
      'pnc.bloodPressureRange',
    ],
    [
      'a maternal temperature of 32 °C',
      { mother: { temperatureC: 32 } },
      'mother.temperatureC',
      'pnc.maternalTemperatureRange',
    ],
    [
      'only the systolic pressure',
      { mother: { diastolic: null } },
      'mother.diastolic',
      'pnc.bloodPressurePair',
    ],
    [
      'a diastolic above the systolic',
      { mother: { systolic: 100, diastolic: 120 } },
      'mother.diastolic',
      'pnc.diastolicAboveSystolic',
    ],
    [
      '"none" with a danger sign',
      { newborns: [{ dangerSigns: ['none', 'convulsions'] }] },
      'newborns.0.dangerSigns',
      'pnc.noneWithSigns',
    ],
    ['an unknown contact', { contactCode: 'c9' }, 'contactCode', 'pnc.unknownContact'],
    ['a contact in the future', { visitedAt: '2026-03-11T08:00:00+07:00' }, 'visitedAt', 'pnc.visitInFuture'],
    [
      'a contact before the birth',
      { visitedAt: '2026-03-07T08:00:00+07:00' },
      'visitedAt',
      'pnc.visitBeforeBirth',
    ],
    ['a date without a time', { visitedAt: '2026-03-10' }, 'visitedAt', 'pnc.visitedAtFormat'],
    ['nobody seen', { mother: null, newborns: [] }, 'newborns', 'pnc.nobodySeen'],
    ['no one named as the worker', { seenBy: '  ' }, 'seenBy', 'pnc.seenByRequired'],
    [
      'a baby of another birth',
      { newborns: [{ newbornId: '00000000-0000-4000-8000-000000000999' }] },
      'newborns.0.newbornId',
      'pnc.newbornNotOfBirth',
    ],
    [
      'the mother on a babies-only contact',
      { contactCode: 'x5', newborns: [] },
      'mother',
      'pnc.contactNotForMother',
    ],
  ] as const)('rejects %s with a clear message at %s', async (_name, change, path, key) => {
    const base = wellVisit(inC02, 'c2', '2026-03-10T14:00:00+07:00');
    const { newborns, mother, ...rest } = change as {
      newborns?: Record<string, unknown>[];
      mother?: Record<string, unknown> | null;
    } & Record<string, unknown>;
    const body = {
      ...base,
      ...rest,
      mother: mother === null ? null : { ...base.mother!, ...mother },
      newborns: newborns ? newborns.map((n, i) => ({ ...base.newborns![i]!, ...n })) : base.newborns,
    };
    const res = await midwife.post('/api/pnc/visits', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toContainEqual({ path, message: vi(key, { date: '2026-04-26' }) });
    const [n] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from pnc_contacts where birth_id = $1',
      [inC02.id],
    );
    expect(n!.n).toBe(0);
  });

  it('rejects bad shapes: unknown fields, wrong types, bad JSON, missing CSRF', async () => {
    const base = wellVisit(inC02, 'c2', '2026-03-10T14:00:00+07:00');
    const unknown = await midwife.post('/api/pnc/visits', { ...base, extra: 1 });
    expect(unknown.statusCode).toBe(400);
    const wrongType = await midwife.post('/api/pnc/visits', { ...base, place: 'market' });
    expect(wrongType.json().issues[0].path).toBe('place');
    const badJson = await midwife.request({
      method: 'POST',
      url: '/api/pnc/visits',
      payload: '{"birthId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    const noCsrf = await midwife.request({
      method: 'POST',
      url: '/api/pnc/visits',
      payload: base,
      csrf: false,
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('checks permission and scope when recording', async () => {
    const national = await t.login('national.vn');
    const res = await national.post('/api/pnc/visits', wellVisit(inC01, 'c3', '2026-03-10T09:00:00+07:00'));
    expect(res.json().code).toBe('forbidden');
    const other = await worker.post('/api/pnc/visits', wellVisit(inC02, 'c2', '2026-03-10T09:00:00+07:00'));
    expect(other.json().code).toBe('out_of_scope');
    const missing = await worker.post(
      '/api/pnc/visits',
      wellVisit(
        { id: '00000000-0000-4000-8000-00000000abcd', newborns: inC01.newborns },
        'c2',
        '2026-03-10T09:00:00+07:00',
      ),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('follows edits of the birth: a new birth time moves the schedule, a death cancels the baby’s contacts, a deletion removes the pair', async () => {
    const b = await recordBirth(midwife, { bornAt: '2026-03-09T06:00:00+07:00', communeId: C01 });
    const stored = (await midwife.get(`/api/births/${b.id}`)).json();
    const {
      id: _id,
      facilityName: _f,
      birthDate: _d,
      personalDataHidden: _p,
      version,
      createdAt: _c,
      updatedAt: _u,
      createdBy: _cb,
      updatedBy: _ub,
      ...doc
    } = stored;
    const update = (changes: Record<string, unknown>, v: number) =>
      midwife.put(`/api/births/${b.id}`, {
        ...doc,
        mother: (({ communeName: _n, ...m }) => m)(doc.mother),
        delivery: (({ flags: _fl, ...d }) => d)(doc.delivery),
        newborns: doc.newborns.map(({ derived: _dv, ...n }: Record<string, unknown>) => n),
        ...changes,
        version: v,
      });
    // Born a day earlier: contact 2 becomes due today.
    const moved = await update(
      { delivery: { ...(({ flags: _fl, ...d }) => d)(doc.delivery), bornAt: '2026-03-08T06:00:00+07:00' } },
      version,
    );
    expect(moved.statusCode, moved.body).toBe(200);
    let f = await followUp(worker, b.id);
    expect(f.subjects[0]!.contacts.find((c) => c.code === 'c2')!.dueFrom).toBe('2026-03-09T23:00:00.000Z');
    let w = await worklist(worker, C01);
    expect(w.items.filter((i) => i.birthId === b.id && i.contactCode === 'c2').map((i) => i.section)).toEqual(
      ['due_today', 'due_today'],
    );
    // The baby died before discharge: no more contacts for the baby, the mother's stay.
    const died = await update(
      {
        delivery: { ...(({ flags: _fl, ...d }) => d)(doc.delivery), bornAt: '2026-03-08T06:00:00+07:00' },
        newborns: [
          {
            ...(({ derived: _dv, ...n }) => n)(doc.newborns[0]),
            discharge: { date: '2026-03-09', status: 'died', exclusiveBreastfeeding: null },
          },
        ],
      },
      moved.json().version,
    );
    expect(died.statusCode, died.body).toBe(200);
    w = await worklist(worker, C01);
    expect(w.items.filter((i) => i.birthId === b.id).map((i) => `${i.kind}:${i.contactCode}`)).toEqual([
      'mother:c2',
      'mother:c3',
    ]);
    f = await followUp(worker, b.id);
    expect(f.subjects[1]!.contacts.every((c) => c.status === 'cancelled')).toBe(true);
    // Deleted in error: gone from the worklist and the subjects table.
    const del = await midwife.delete(`/api/births/${b.id}?version=${died.json().version}`);
    expect(del.statusCode).toBe(204);
    w = await worklist(worker, C01);
    expect(w.items.some((i) => i.birthId === b.id)).toBe(false);
    const [n] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from pnc_subjects where birth_id = $1',
      [b.id],
    );
    expect(n!.n).toBe(0);
  });

  it('pages through one section with a cursor, in a stable order', async () => {
    for (let i = 0; i < 3; i++)
      await recordBirth(midwife, { bornAt: '2026-03-07T09:00:00+07:00', communeId: C01 });
    const all = await worklist(worker, C01, '&section=upcoming&limit=200');
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Worklist = await worklist(
        worker,
        C01,
        `&section=upcoming&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(...page.items.map((i) => `${i.subjectId}:${i.contactCode}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((i) => `${i.subjectId}:${i.contactCode}`));
    expect(pages.length).toBe(all.counts.upcoming);
    expect((await worker.get(`/api/pnc/worklist?orgUnit=${C01}&cursor=abc`)).json().issues[0].path).toBe(
      'cursor',
    );
  });

  it('puts risky pairs first: a low-birth-weight, resuscitated baby before a well one due at the same time', async () => {
    const small = await recordBirth(midwife, {
      bornAt: '2026-03-08T11:00:00+07:00',
      communeId: C01,
      newborns: [
        buildNewbornRaw({
          birthWeightGrams: 1900,
          breathingAtBirth: false,
          bagMaskStartedSeconds: 50,
          resuscitationOutcome: 'breathing',
          cordClampedMinutes: 0.5,
        }),
      ],
    });
    const w = await worklist(worker, C01, '&section=due_today');
    expect(w.items[0]).toMatchObject({ birthId: small.id, kind: 'mother', contactCode: 'c2' });
    expect(w.items[1]).toMatchObject({ birthId: small.id, kind: 'newborn' });
    expect(w.items[1]!.riskMarkers).toEqual(
      expect.arrayContaining(['low_birth_weight', 'resuscitated', 'kmc']),
    );
  });

  it.each([
    ['membranes ruptured more than 18 h before birth', { membranesRupturedOver18h: true }],
    ['the mother had fever in labour', { maternalFeverInLabour: true }],
  ])('marks a baby at risk of infection when %s, and puts the pair first', async (_name, delivery) => {
    const atRisk = await recordBirth(midwife, {
      bornAt: '2026-03-08T11:30:00+07:00',
      communeId: C01,
      delivery,
    });
    const f = await followUp(worker, atRisk.id);
    expect(f.subjects.map((s) => [s.kind, s.riskMarkers])).toEqual([
      ['mother', []],
      ['newborn', ['infection_risk']],
    ]);
    const w = await worklist(worker, C01, '&section=due_today');
    const first = w.items.findIndex((i) => i.birthId === atRisk.id);
    expect(w.items[first + 1]).toMatchObject({
      birthId: atRisk.id,
      kind: 'newborn',
      riskMarkers: ['infection_risk'],
    });
    // Before the well pairs due today (the risky pairs of the other tests may come first).
    const well = w.items.findIndex(
      (i) => i.riskMarkers.length === 0 && i.birthId !== atRisk.id && i.kind === 'newborn',
    );
    expect(well === -1 || first < well).toBe(true);
  });

  it('follows an edit of the infection risk factors: recorded later, the baby becomes at risk', async () => {
    const b = await recordBirth(midwife, { bornAt: '2026-03-08T12:00:00+07:00', communeId: C01 });
    expect((await followUp(worker, b.id)).subjects[1]!.riskMarkers).toEqual([]);
    const stored = (await midwife.get(`/api/births/${b.id}`)).json<Birth>();
    const input = birthToInput(stored);
    const res = await midwife.put(`/api/births/${b.id}`, {
      ...input,
      delivery: { ...input.delivery, maternalFeverInLabour: true },
      version: stored.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().delivery.maternalFeverInLabour).toBe(true);
    expect((await followUp(worker, b.id)).subjects[1]!.riskMarkers).toEqual(['infection_risk']);
  });

  it('uses the schedule of the country: a changed contact 2 window applies at once', async () => {
    const national = await t.login('national.vn');
    const vn = orgUnitIdOf('VN');
    const before = (await worklist(midwife, H01)).items.find(
      (i) => i.birthId === inC02.id && i.contactCode === 'c2' && i.kind === 'mother',
    );
    expect(before).toMatchObject({ section: 'due_today', dueFrom: '2026-03-10T03:00:00.000Z' });
    const current = (await national.get(`/api/pnc/settings?orgUnit=${vn}`)).json();
    expect(current.isDefault).toBe(true);
    const settings = structuredClone(current.settings);
    settings.contacts[1].dueFrom = { unit: 'hours', value: 72 };
    settings.contacts[1].dueUntil = { unit: 'hours', value: 96 };
    const bad = await national.put(`/api/pnc/settings/${vn}`, {
      version: 0,
      settings: {
        ...settings,
        contacts: [{ ...settings.contacts[0], dueUntil: { unit: 'hours', value: 0 } }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toEqual({
      path: 'settings.contacts.0.dueUntil',
      message: vi('pnc.settingsOrder'),
    });
    const ok = await national.put(`/api/pnc/settings/${vn}`, { version: 0, settings });
    expect(ok.statusCode, ok.body).toBe(200);
    const w = await worklist(midwife, H01);
    const c2 = w.items.find((i) => i.birthId === inC02.id && i.contactCode === 'c2' && i.kind === 'mother');
    expect(c2).toMatchObject({ section: 'upcoming', dueFrom: '2026-03-11T03:00:00.000Z' });
    expect((await national.put(`/api/pnc/settings/${vn}`, { version: 0, settings })).json().code).toBe(
      'version_conflict',
    );
    expect((await worker.put(`/api/pnc/settings/${vn}`, { version: 1, settings })).json().code).toBe(
      'forbidden',
    );
    await national.put(`/api/pnc/settings/${vn}`, { version: 1, settings: current.defaults });
  });

  it('stores the mother’s reminder language, versioned and audited', async () => {
    const res = await worker.put(`/api/pnc/births/${inC01.id}/preferences`, {
      version: 0,
      language: 'km',
      remindersEnabled: true,
    });
    expect(res.json()).toEqual({ language: 'km', remindersEnabled: true, version: 1 });
    expect(
      (
        await worker.put(`/api/pnc/births/${inC01.id}/preferences`, {
          version: 0,
          language: 'vi',
          remindersEnabled: true,
        })
      ).statusCode,
    ).toBe(409);
    const bad = await worker.put(`/api/pnc/births/${inC01.id}/preferences`, {
      version: 1,
      language: 'Vietnamese',
      remindersEnabled: true,
    });
    expect(bad.json().issues[0]).toEqual({ path: 'language', message: vi('pnc.languageFormat') });
    const audit = await t.db.query<{ action: string; org_unit_id: string; before: unknown; after: unknown }>(
      "select action, org_unit_id, before, after from audit_log where entity_type = 'pnc_preferences' and entity_id = $1",
      [inC01.id],
    );
    expect(audit).toEqual([
      { action: 'update', org_unit_id: H01, before: null, after: { language: 'km', remindersEnabled: true } },
    ]);
    expect((await followUp(worker, inC01.id)).preferences).toEqual({
      language: 'km',
      effectiveLanguage: 'km',
      remindersEnabled: true,
      version: 1,
    });
  });

  it('corrects a visit (a contact dropped, a referral no longer urgent withdrawn) and deletes it', async () => {
    const birth = await recordBirth(midwife, { bornAt, communeId: C01 });
    const visit = wellVisit(birth, 'c2', '2026-03-10T14:00:00+07:00');
    visit.newborns![0] = {
      ...visit.newborns![0]!,
      breathingRate: 64,
      dangerSigns: ['severe_chest_indrawing'],
    };
    const created = await worker.post('/api/pnc/visits', visit);
    expect(created.statusCode, created.body).toBe(201);
    const { visitId } = created.json() as { visitId: string };
    const contactsOf = () =>
      t.db.query<{ kind: string; referral_status: string | null; version: number }>(
        'select kind, referral_status, version from pnc_contacts where visit_id = $1 order by kind',
        [visitId],
      );
    expect(await contactsOf()).toEqual([
      { kind: 'mother', referral_status: null, version: 1 },
      { kind: 'newborn', referral_status: 'open', version: 1 },
    ]);

    const {
      id: _id,
      birthId: _b,
      contactCode: _c,
      ...body
    } = wellVisit(birth, 'c2', '2026-03-10T14:15:00+07:00');
    const corrected = await worker.put(`/api/pnc/visits/${visitId}`, { ...body, mother: null, version: 1 });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      version: 2,
      urgentReferral: false,
      subjects: [{ kind: 'newborn', referralOpen: false, findings: [] }],
    });
    expect(await contactsOf()).toEqual([{ kind: 'newborn', referral_status: null, version: 2 }]);
    const [stored] = await t.db.query<{ visited_at: Date }>(
      'select visited_at from pnc_visits where id = $1',
      [visitId],
    );
    expect(new Date(stored!.visited_at).toISOString()).toBe('2026-03-10T07:15:00.000Z');

    expect((await worker.delete(`/api/pnc/visits/${visitId}?version=1`)).json().code).toBe(
      'version_conflict',
    );
    expect((await worker.delete(`/api/pnc/visits/${visitId}?version=2`)).statusCode).toBe(204);
    expect(await contactsOf()).toEqual([]);
  });
});
