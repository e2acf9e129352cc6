import { describe, expect, it } from 'vitest';
import type { Course, HealthWorker, Roster } from '../../../shared/coaching/coaching.schema';
import { findChecklist } from '../../../shared/coaching/checklists';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { type TestClient, useLogins, useTestApp } from '../../test/test-app';
import { DN, H01, HC_H as HC, VN } from '../../test/demo-units';

const QNA_H01 = orgUnitIdOf('VN-QNA-H01');

describe('coaching: roster, courses and coverage (Module 2)', () => {
  const t = useTestApp();
  const [lead, coach, province, national, partner] = useLogins(
    t,
    'lead.dn',
    'coach.dn',
    'province.dn',
    'national.vn',
    'partner.who',
  );
  const workers: Record<string, HealthWorker> = {};

  async function addWorker(name: string, body: Record<string, unknown> = {}) {
    const res = await lead.post('/api/coaching/workers', {
      facilityId: H01,
      name,
      cadre: 'midwife',
      ward: 'delivery_room',
      activeFrom: '2020-01-01',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    workers[name] = res.json() as HealthWorker;
    return workers[name];
  }
  async function newCourse(c: TestClient, body: Record<string, unknown>) {
    return c.post('/api/coaching/courses', { venueId: H01, module: 'eenc_routine', days: 3, ...body });
  }
  async function complete(course: Course, workerId: string) {
    const p = course.participantList.find((x) => x.worker.id === workerId)!;
    const res = await coach.put(`/api/coaching/courses/${course.id}/participants/${workerId}`, {
      version: p.version,
      daysAttended: course.days,
      completed: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Course;
  }
  let checklistSeq = 0;
  /** Records an EENC breathing-baby checklist: every item answered `answer` unless `answers` says otherwise. */
  async function checklist(
    course: Course,
    workerId: string,
    o: { answer?: string; answers?: Record<string, string>; moment?: string; version?: number } = {},
  ) {
    const def = findChecklist('eenc_breathing', 1)!;
    const answers = Object.fromEntries(
      def.domains.flatMap((d) => d.items.map((i) => [i.code, o.answer ?? 'yes'])),
    );
    return coach.post(`/api/coaching/courses/${course.id}/participants/${workerId}/checklists`, {
      id: `00000000-0000-4000-b000-${String(++checklistSeq).padStart(12, '0')}`,
      checklistId: 'eenc_breathing',
      checklistVersion: o.version ?? 1,
      moment: o.moment ?? 'after',
      method: 'mannequin',
      observedOn: course.endsOn < '2026-03-10' ? course.endsOn : '2026-03-10',
      answers: { ...answers, ...o.answers },
    });
  }
  async function values(c: TestClient, unit: string, range: string) {
    const res = await c.get(
      `/api/indicators/values?orgUnit=${unit}&${range}&indicators=health_workers_coached,delivery_staff_coached,health_workers_coached_cumulative,eenc_facilitators`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as ValuesResponse;
    const of = (id: string) => body.indicators.find((v) => v.id === id)!;
    return {
      coached: of('health_workers_coached').numerator,
      covered: [of('delivery_staff_coached').numerator, of('delivery_staff_coached').denominator],
      cumulative: of('health_workers_coached_cumulative').numerator,
      facilitators: of('eenc_facilitators').numerator,
    };
  }
  const day = (d: string) => `from=${d}&to=${d}`;

  it('lets the hospital lead build the roster, with names shown at the facility only', async () => {
    await addWorker('Nguyễn Thị An');
    await addWorker('Trần Thị Bình', { cadre: 'nurse' });
    await addWorker('Lê Thị Cúc', { ward: 'postnatal_ward' });
    await addWorker('Phạm Văn Dũng', { cadre: 'obstetrician' });
    await addWorker('Hoàng Thị Facilitator', {
      facilitatorLevel: 'provincial',
      facilitatorCertifiedOn: '2019-06-01',
      phone: '0905 123 456',
    });
    const own = (await lead.get(`/api/coaching/roster?facility=${H01}`)).json() as Roster;
    expect(own.namesVisible).toBe(true);
    expect(own.items.map((w) => w.name)).toContain('Nguyễn Thị An');
    expect(own.deliveryRoomStaff).toBe(4);
    const above = (await province.get(`/api/coaching/roster?facility=${H01}`)).json() as Roster;
    expect(above.namesVisible).toBe(false);
    expect(above.items.map((w) => [w.name, w.phone])).toEqual(above.items.map(() => [null, null]));
    expect(above.items.map((w) => w.code).sort()).toEqual(own.items.map((w) => w.code).sort());
  });

  it('refuses roster writes to coaches and managers, and roster reads to partners', async () => {
    const body = {
      facilityId: H01,
      name: 'X',
      cadre: 'nurse',
      ward: 'delivery_room',
      activeFrom: '2024-01-01',
    };
    expect((await coach.post('/api/coaching/workers', body)).json().code).toBe('forbidden');
    expect((await province.post('/api/coaching/workers', body)).json().code).toBe('forbidden');
    expect((await partner.get(`/api/coaching/roster?facility=${H01}`)).statusCode).toBe(403);
    const other = await lead.post('/api/coaching/workers', { ...body, facilityId: HC });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('out_of_scope');
  });

  it('refuses a facilitator level without a certification date', async () => {
    const res = await lead.post('/api/coaching/workers', {
      facilityId: H01,
      name: 'Half facilitator',
      cadre: 'nurse',
      ward: 'delivery_room',
      activeFrom: '2024-01-01',
      facilitatorLevel: 'national',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'facilitatorCertifiedOn', message: expect.any(String) }]);
  });

  it('counts a worker coached exactly N years before the period end as covered, and not one day later', async () => {
    const res = await newCourse(coach, { startsOn: '2023-02-01', endsOn: '2023-02-03' });
    expect(res.statusCode, res.body).toBe(201);
    let course = res.json() as Course;
    const added = await coach.post(`/api/coaching/courses/${course.id}/participants`, {
      workerIds: [workers['Phạm Văn Dũng']!.id],
    });
    expect(added.statusCode, added.body).toBe(200);
    course = await complete(added.json() as Course, workers['Phạm Văn Dũng']!.id);
    expect((await values(province, H01, day('2026-02-03'))).covered).toEqual([1, 4]);
    expect((await values(province, H01, day('2026-02-04'))).covered).toEqual([0, 4]);
    // Coached in 2023: not in the 2026 count, but in the cumulative one.
    expect((await values(province, H01, day('2026-02-03'))).coached).toBe(0);
    expect((await values(province, H01, day('2026-02-03'))).cumulative).toBe(1);
  });

  it('uses the country setting for N at the next query', async () => {
    const settings = (await national.get(`/api/coaching/settings/${VN}`)).json() as { version: number };
    const res = await national.put(`/api/coaching/settings/${VN}`, {
      version: settings.version,
      coverageYears: 4,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await values(province, H01, day('2026-02-04'))).covered).toEqual([1, 4]);
    const back = await national.put(`/api/coaching/settings/${VN}`, { version: 1, coverageYears: 3 });
    expect(back.statusCode, back.body).toBe(200);
    expect(
      (await province.put(`/api/coaching/settings/${VN}`, { version: 2, coverageYears: 5 })).statusCode,
    ).toBe(403);
    // The checklist bands: the low band must stay below the passing score; the defaults are 50 and 80.
    expect((back.json() as { passingPercent: number }).passingPercent).toBe(80);
    const crossed = await national.put(`/api/coaching/settings/${VN}`, {
      version: 2,
      coverageYears: 3,
      passingPercent: 60,
      lowBandPercent: 70,
    });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().issues[0].path).toBe('lowBandPercent');
  });

  it('records a course with participants from the roster; a coach of another province cannot', async () => {
    const away = await newCourse(coach, { venueId: QNA_H01, startsOn: '2026-03-02', endsOn: '2026-03-04' });
    expect(away.statusCode).toBe(403);
    expect(away.json().code).toBe('out_of_scope');
    expect((await newCourse(lead, { startsOn: '2026-03-02', endsOn: '2026-03-04' })).statusCode).toBe(403);
    const tooLong = await newCourse(coach, { startsOn: '2026-03-02', endsOn: '2026-03-03' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().issues[0].path).toBe('days');

    const res = await newCourse(coach, {
      startsOn: '2026-03-02',
      endsOn: '2026-03-04',
      facilitatorIds: [workers['Hoàng Thị Facilitator']!.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const course = res.json() as Course;
    expect(course.facilitators.map((f) => f.code)).toEqual([workers['Hoàng Thị Facilitator']!.code]);
    const ids = [workers['Nguyễn Thị An']!.id, workers['Trần Thị Bình']!.id];
    const added = await coach.post(`/api/coaching/courses/${course.id}/participants`, { workerIds: ids });
    expect(added.statusCode, added.body).toBe(200);
    expect((added.json() as Course).participantList).toHaveLength(2);
    // The coach works above the facility: participants are shown by code.
    expect((added.json() as Course).participantList.map((p) => p.worker.name)).toEqual([null, null]);

    const again = await coach.post(`/api/coaching/courses/${course.id}/participants`, {
      workerIds: [workers['Lê Thị Cúc']!.id, workers['Nguyễn Thị An']!.id],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`${workers['Nguyễn Thị An']!.code} đã tham gia khóa học này.`);
    expect(again.json().issues).toEqual([{ path: 'workerIds.1', message: expect.any(String) }]);
    // All or none: the worker who was not a duplicate was not added either.
    const read = (await lead.get(`/api/coaching/courses/${course.id}`)).json() as Course;
    expect(read.participantList.map((p) => p.worker.name).sort()).toEqual(['Nguyễn Thị An', 'Trần Thị Bình']);

    // Completed, but no after-coaching checklist at the passing score yet: coached, no certificate.
    const an = workers['Nguyễn Thị An']!.id;
    const done = await complete(read, an);
    expect(done.participantList.find((p) => p.worker.id === an)).toMatchObject({
      completed: true,
      certificateCode: null,
    });
    // 19 of 24 items yes and 5 no is 79.2 %: below the passing 80 %.
    const five = ['room_temperature', 'hand_hygiene', 'warm_area', 'uterotonic_ready', 'call_time'];
    const low = await checklist(done, an, { answers: Object.fromEntries(five.map((c) => [c, 'no'])) });
    expect(low.statusCode, low.body).toBe(200);
    const lowP = (low.json() as Course).participantList.find((p) => p.worker.id === an)!;
    expect(lowP.checklists.map((c) => [c.percent, c.band])).toEqual([[79.2, 'middle']]);
    expect(lowP.certificateCode).toBeNull();
    // Four no and one partial: 39 of 48 = 81.3 %, at or above 80: the certificate.
    const completed = (
      await checklist(done, an, {
        answers: { ...Object.fromEntries(five.slice(0, 4).map((c) => [c, 'no'])), call_time: 'partial' },
      })
    ).json() as Course;
    const code = completed.participantList.find((p) => p.worker.id === an)!.certificateCode;
    expect(code).toMatch(/^[A-Z2-9]{10}$/);
    expect(completed.participantList.find((p) => !p.completed)!.certificateCode).toBeNull();
    // Anyone can check the certificate; it certifies the course without the name.
    const check = await t.anonymous().get(`/api/coaching/certificates/${code!.toLowerCase()}`);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toEqual({
      code,
      workerCode: workers['Nguyễn Thị An']!.code,
      cadre: 'midwife',
      module: 'eenc_routine',
      venueName: expect.any(String),
      startsOn: '2026-03-02',
      endsOn: '2026-03-04',
      days: 3,
    });
    expect((await t.anonymous().get('/api/coaching/certificates/ABCDEFGHJK')).statusCode).toBe(404);
    // A completion withdrawn: its certificate no longer verifies.
    const b = workers['Trần Thị Bình']!.id;
    const bDone = await complete((await checklist(completed, b)).json() as Course, b);
    const bCode = bDone.participantList.find((p) => p.worker.id === b)!;
    const undone = await coach.put(`/api/coaching/courses/${course.id}/participants/${b}`, {
      version: bCode.version,
      daysAttended: 1,
      completed: false,
    });
    expect(
      (undone.json() as Course).participantList.find((p) => p.worker.id === b)!.certificateCode,
    ).toBeNull();
    expect((await t.anonymous().get(`/api/coaching/certificates/${bCode.certificateCode}`)).statusCode).toBe(
      404,
    );
    const march = await values(province, H01, 'period=202603');
    expect(march).toEqual({ coached: 1, covered: [1, 4], cumulative: 2, facilitators: 1 });
    // Rolled up: the province and the country count the same worker.
    expect((await values(province, DN, 'period=202603')).coached).toBe(1);
    expect((await values(national, VN, 'period=202603')).covered).toEqual([1, 4]);
  });

  it('takes a deactivated worker out of the denominator from the date, keeping the history', async () => {
    const b = workers['Trần Thị Bình']!;
    const res = await lead.post(`/api/coaching/workers/${b.id}/deactivate`, {
      version: b.version,
      on: '2026-03-06',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as HealthWorker).active).toBe(false);
    expect((await values(province, H01, day('2026-03-05'))).covered).toEqual([1, 4]);
    expect((await values(province, H01, day('2026-03-06'))).covered).toEqual([1, 3]);
    const roster = (await lead.get(`/api/coaching/roster?facility=${H01}`)).json() as Roster;
    expect(roster.items.map((w) => w.id)).not.toContain(b.id);
    const all = (await lead.get(`/api/coaching/roster?facility=${H01}&all=true`)).json() as Roster;
    expect(all.items.find((w) => w.id === b.id)?.postings).toEqual([
      {
        facilityId: H01,
        facilityName: expect.any(String),
        ward: 'delivery_room',
        activeFrom: '2020-01-01',
        endedOn: '2026-03-06',
      },
    ]);
  });

  it('counts a moved worker where they work at the end of the period', async () => {
    const a = (
      await lead.get(`/api/coaching/workers/${workers['Nguyễn Thị An']!.id}`)
    ).json() as HealthWorker;
    const res = await lead.post(`/api/coaching/workers/${a.id}/move`, {
      version: a.version,
      facilityId: HC,
      ward: 'delivery_room',
      on: '2026-03-07',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as HealthWorker).postings.map((p) => [p.facilityId, p.endedOn])).toEqual([
      [H01, '2026-03-07'],
      [HC, null],
    ]);
    // March ends at the district hospital: on its roster and covered there, no longer at H01. The
    // course is counted where they worked on its last day (H01, 4 March).
    expect(await values(province, HC, 'period=202603')).toEqual({
      coached: 0,
      covered: [1, 1],
      cumulative: 1,
      facilitators: 0,
    });
    expect(await values(province, H01, 'period=202603')).toMatchObject({ coached: 1, cumulative: 1 });
    expect((await values(province, H01, 'from=2026-03-01&to=2026-03-06')).coached).toBe(1);
    expect((await values(province, H01, day('2026-03-06'))).cumulative).toBe(2);
    // The province counts the worker once either way.
    expect((await values(province, DN, 'period=202603')).coached).toBe(1);
    // The lead of H01 no longer manages the worker.
    const again = await lead.patch(`/api/coaching/workers/${a.id}`, { version: a.version + 1, name: 'X' });
    expect(again.json().code).toBe('out_of_scope');
  });

  it('counts the coverage and checklist indicators on a country dashboard from the rollups', async () => {
    const all = (
      await national.get(`/api/indicators/values?orgUnit=${VN}&period=202603`)
    ).json() as ValuesResponse;
    expect(all.deferred).not.toContain('health_workers_coached');
    expect(all.deferred).not.toContain('checklists_passing');
    expect(all.indicators.map((v) => v.id)).toContain('checklists_passing');
    expect(all.indicators.find((v) => v.id === 'health_workers_coached')?.numerator).toBe(1);
    expect((await values(national, VN, 'period=202603')).coached).toBe(1);
  });

  it('shows partners counts only, perturbed like other counts of people', async () => {
    const res = await partner.get(
      `/api/indicators/values?orgUnit=${VN}&period=2026&indicators=health_workers_coached`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const v = (res.json() as ValuesResponse).indicators[0]!;
    expect(v.perturbed).toContain('numerator');
  });

  it('records skills checklists: scope, bad items, outdated versions, before and after, coached to standard', async () => {
    const w = await addWorker('Vũ Thị Checklist');
    const created = await newCourse(coach, { startsOn: '2026-03-05', endsOn: '2026-03-06', days: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const course = (
      await coach.post(`/api/coaching/courses/${(created.json() as Course).id}/participants`, {
        workerIds: [w.id],
      })
    ).json() as Course;
    // Partners and the hospital lead have no coaching.write.
    const def = findChecklist('eenc_breathing', 1)!;
    const body = {
      id: '00000000-0000-4000-b100-000000000001',
      checklistId: 'eenc_breathing',
      checklistVersion: 1,
      moment: 'before',
      method: 'observed_birth',
      observedOn: '2026-03-05',
      answers: { [def.domains[0]!.items[0]!.code]: 'partial' },
    };
    const path = `/api/coaching/courses/${course.id}/participants/${w.id}/checklists`;
    expect((await partner.post(path, body)).statusCode).toBe(403);
    expect((await lead.post(path, body)).statusCode).toBe(403);
    // Unknown items, answers and versions are named.
    const bad = await coach.post(path, { ...body, answers: { no_such_item: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([
      { path: 'answers', message: expect.stringContaining('no_such_item') },
    ]);
    expect((await coach.post(path, { ...body, answers: { call_time: 'maybe' } })).statusCode).toBe(400);
    expect((await coach.post(path, { ...body, checklistVersion: 9 })).json().issues[0].path).toBe(
      'checklistId',
    );
    expect((await coach.post(path, { ...body, checklistId: 'kmc' })).json().issues[0].path).toBe(
      'checklistId',
    );
    // Before: one item partial, the rest not applicable: 1 of 2 = 50 %.
    const before = await coach.post(path, body);
    expect(before.statusCode, before.body).toBe(200);
    // The same id again is the same record.
    expect((await coach.post(path, body)).statusCode).toBe(200);
    const after = await checklist(course, w.id);
    const p = (after.json() as Course).participantList.find((x) => x.worker.id === w.id)!;
    expect(p.checklists.map((c) => [c.moment, c.method, c.percent, c.band])).toEqual([
      ['before', 'observed_birth', 50, 'middle'],
      ['after', 'mannequin', 100, 'high'],
    ]);
    expect(p.checklists[0]!.domains.prepare).toEqual({ total: 1, max: 2, percent: 50 });
    const [audit] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'coaching_checklist'",
    );
    expect(audit!.n).toBeGreaterThanOrEqual(2);
    // Completed with a passing after-coaching checklist: coached to standard in March.
    const completed = await complete(after.json() as Course, w.id);
    expect(completed.participantList.find((x) => x.worker.id === w.id)!.certificateCode).toMatch(
      /^[A-Z2-9]{10}$/,
    );
    const res = await province.get(
      `/api/indicators/values?orgUnit=${H01}&from=2026-03-06&to=2026-03-06&indicators=health_workers_coached_to_standard`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const v = (res.json() as ValuesResponse).indicators[0]!;
    expect([v.numerator, v.denominator]).toEqual([1, 1]);
  });

  it('refuses a checklist from a coach of another province for a worker outside their area, writing nothing', async () => {
    // A coach of Quảng Nam (no demo user has that scope: made through the users API).
    const admin = await t.login('admin.vn');
    const made = await admin.post('/api/users', {
      username: 'coach.qna',
      displayName: 'Coach Quảng Nam',
      role: 'coach',
      scopeIds: [orgUnitIdOf('VN-QNA')],
      password: 'coach-qna-pass-1',
    });
    expect(made.statusCode, made.body).toBe(201);
    await t.db.query("update users set must_change_password = false where username = 'coach.qna'");
    const away = await t.login('coach.qna', 'coach-qna-pass-1');
    // The same coach records in their own province.
    const own = await newCourse(away, { venueId: QNA_H01, startsOn: '2026-03-02', endsOn: '2026-03-04' });
    expect(own.statusCode, own.body).toBe(201);

    const w = await addWorker('Đặng Thị Scope');
    const created = await newCourse(coach, { startsOn: '2026-03-05', endsOn: '2026-03-06', days: 2 });
    const course = (
      await coach.post(`/api/coaching/courses/${(created.json() as Course).id}/participants`, {
        workerIds: [w.id],
      })
    ).json() as Course;
    const def = findChecklist('eenc_breathing', 1)!;
    const res = await away.post(`/api/coaching/courses/${course.id}/participants/${w.id}/checklists`, {
      id: '00000000-0000-4000-b200-000000000001',
      checklistId: 'eenc_breathing',
      checklistVersion: 1,
      moment: 'after',
      method: 'mannequin',
      observedOn: '2026-03-06',
      answers: Object.fromEntries(def.domains.flatMap((d) => d.items.map((i) => [i.code, 'yes']))),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('out_of_scope');
    const [stored] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from coaching_checklists where worker_id = $1',
      [w.id],
    );
    expect(stored!.n).toBe(0);
    // The Đà Nẵng coach records the same checklist: the refusal was the scope, not the request.
    const mine = await checklist(course, w.id);
    expect(mine.statusCode, mine.body).toBe(200);
  });
});
