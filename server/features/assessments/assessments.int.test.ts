import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodAnswersFor } from '../../../shared/assessments/assessment-builders';
import type {
  Answers,
  AssessmentDetail,
  AssessmentRecord,
} from '../../../shared/assessments/assessment.schema';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { newId } from '../../../shared/ids';
import { orgUnitIdOf } from '../../seed/demo';
import { createReadyUser } from '../../test/api-helpers';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { H01, HC_H as HC } from '../../test/demo-units';

const TW = orgUnitIdOf('VN-H-TW');

describe('hospital self-assessments', () => {
  let t: TestApp;
  let lead: TestClient;
  let province: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    lead = await t.login('lead.dn');
    province = await t.login('province.dn');
    // A second hospital lead, at the Da Nang district hospital (same province, other hospital).
    await createReadyUser(t, {
      username: 'lead.hc',
      displayName: 'Lead of Hải Châu',
      role: 'hospital_lead',
      locale: 'en',
      scopeIds: [HC],
    });
  });
  afterAll(() => t.close());

  const create = (c: TestClient, body: Record<string, unknown>) => c.post('/api/assessments', body);
  const recordOf = (a: AssessmentDetail, sectionId: string) =>
    a.records.find((r) => r.sectionId === sectionId)!;
  const addRecord = async (c: TestClient, a: { id: string }, sectionId: string, answers = {}) => {
    const res = await c.post(`/api/assessments/${a.id}/records`, { sectionId, answers });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as AssessmentRecord;
  };
  const save = (c: TestClient, assessmentId: string, r: { id: string; version: number }, answers: object) =>
    c.put(`/api/assessments/${assessmentId}/records/${r.id}`, { version: r.version, answers });
  const detail = async (c: TestClient, id: string) =>
    (await c.get(`/api/assessments/${id}`)).json() as AssessmentDetail;

  /** Fills every part of an assessment with good answers (one observation, two interviews, optional chart). */
  async function fillGood(a: AssessmentDetail, opts: { chart?: boolean; interviewOverrides?: Answers } = {}) {
    await addRecord(lead, a, 'observation', goodAnswersFor('observation'));
    await addRecord(lead, a, 'interview', goodAnswersFor('interview', { int_comment: 'Chị rất hài lòng.' }));
    await addRecord(lead, a, 'interview', goodAnswersFor('interview', opts.interviewOverrides ?? {}));
    if (opts.chart) await addRecord(lead, a, 'chart_review', goodAnswersFor('chart_review'));
    for (const section of ['policy', 'environment']) {
      const r = recordOf(a, section);
      expect((await save(lead, a.id, r, goodAnswersFor(section))).statusCode).toBe(200);
    }
  }

  describe('starting an assessment', () => {
    it('creates one for the lead’s hospital with the regional default and the single forms ready', async () => {
      const res = await create(lead, { facilityId: H01, periodStart: '2026-01-01', periodEnd: '2026-01-31' });
      expect(res.statusCode, res.body).toBe(201);
      const a = res.json() as AssessmentDetail;
      expect(a.status).toBe('in_progress');
      expect(a.facilityName).toBe('Bệnh viện Phụ sản - Nhi Đà Nẵng');
      expect(a.checklistLabel).toBe('WPRO EENC Module 3 — regional default v1');
      expect(a.definition.code).toBe('wpro_module3');
      expect(a.records.map((r) => r.sectionId)).toEqual(['policy', 'register', 'environment']);
      expect(a.results.standards.find((s) => s.id === 'ssc_90')).toMatchObject({
        status: 'no_data',
        denominator: 0,
        targetPercent: 100,
        requiredForStatus: true,
      });
      expect(a.missing.map((m) => m.path)).toContain('sections.observation');
      expect(a.missing.find((m) => m.path === 'sections.interview')?.message).toBe(
        // lead.dn reads Vietnamese.
        'Hãy điền ít nhất 1 phiếu trong phần này (hiện có 0).',
      );
    });

    it('is idempotent on the client id and refuses the id for a different period', async () => {
      const id = newId();
      const body = { id, facilityId: H01, periodStart: '2025-10-01', periodEnd: '2025-12-31' };
      expect((await create(lead, body)).statusCode).toBe(201);
      const again = await create(lead, body);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(id);
      const other = await create(lead, { ...body, periodEnd: '2025-11-30' });
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe('conflict');
    });

    it.each([
      ['end before start', { periodStart: '2026-02-10', periodEnd: '2026-02-01' }, 'periodEnd'],
      ['start in the future', { periodStart: '2026-04-01', periodEnd: '2026-04-30' }, 'periodStart'],
      ['not a date', { periodStart: '2026-02-30x', periodEnd: '2026-03-01' }, 'periodStart'],
    ])('answers 400 at the right path when the period is wrong: %s', async (_name, period, path) => {
      const res = await create(lead, { facilityId: H01, ...period });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(path);
    });

    it('refuses a commune station and a lead of another hospital', async () => {
      const commune = await create(lead, {
        facilityId: orgUnitIdOf('VN-DN-HC-C01'),
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
      });
      expect(commune.statusCode).toBe(403);
      const other = await create(lead, {
        facilityId: TW,
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
      });
      expect(other.statusCode).toBe(403);
      expect(other.json().code).toBe('out_of_scope');
    });

    it('does not let a provincial manager or a coach start one', async () => {
      const coach = await t.login('coach.dn');
      for (const c of [province, coach]) {
        const res = await create(c, { facilityId: H01, periodStart: '2026-01-01', periodEnd: '2026-01-31' });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    });
  });

  describe('filling the forms', () => {
    let a: AssessmentDetail;
    let obs: AssessmentRecord;
    beforeAll(async () => {
      a = (
        await create(lead, { facilityId: H01, periodStart: '2025-07-01', periodEnd: '2025-09-30' })
      ).json();
      obs = await addRecord(lead, a, 'observation');
    });

    it('saves partial answers as the team goes and bumps the version', async () => {
      const res = await save(lead, a.id, obs, { obs_breathing: 'no', obs_wash_1: 'partial' });
      expect(res.statusCode, res.body).toBe(200);
      const saved = res.json() as AssessmentRecord;
      expect(saved.version).toBe(obs.version + 1);
      expect(saved.answers).toEqual({ obs_breathing: 'no', obs_wash_1: 'partial' });
      obs = saved;
      const d = await detail(lead, a.id);
      // On the not-breathing path the resuscitation items are required, the breathing-only ones are not.
      const missing = d.missing.map((m) => m.path).filter((p) => p.startsWith(`records.${obs.id}.`));
      expect(missing).toContain(`records.${obs.id}.answers.obs_resus_call_help`);
      expect(missing).not.toContain(`records.${obs.id}.answers.obs_ssc`);
      expect(missing).not.toContain(`records.${obs.id}.answers.obs_wash_1`);
    });

    it('refuses invalid answers at answers.<item>, all at once, and saves nothing', async () => {
      const res = await save(lead, a.id, obs, {
        obs_breathing: 'maybe',
        obs_wash_1: 'na',
        obs_call_time: 3,
        nope: 'yes',
      });
      expect(res.statusCode).toBe(400);
      const issues = res.json().issues as Array<{ path: string; message: string }>;
      expect(issues.map((i) => i.path).sort()).toEqual([
        'answers.nope',
        'answers.obs_breathing',
        'answers.obs_call_time',
        'answers.obs_wash_1',
      ]);
      expect(issues.find((i) => i.path === 'answers.obs_wash_1')?.message).toBe(
        'Mục này không được chọn "Không áp dụng".',
      );
      const d = await detail(lead, a.id);
      expect(d.records.find((r) => r.id === obs.id)).toMatchObject({
        version: obs.version,
        answers: obs.answers,
      });
    });

    it('refuses a number out of range and a bad item id in the body shape', async () => {
      const int = await addRecord(lead, a, 'interview');
      const res = await save(lead, a.id, int, { int_hours_since_birth: 2000 });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([
        { path: 'answers.int_hours_since_birth', message: 'Hãy nhập số từ 0 đến 720.' },
      ]);
      const shape = await save(lead, a.id, int, { 'Bad Id': 'yes' });
      expect(shape.statusCode).toBe(400);
    });

    it('catches concurrent edits of the same form: the second save with the old version gets 409', async () => {
      const colleague = await t.login('lead.dn');
      const first = await save(lead, a.id, obs, { ...obs.answers, obs_wash_1: 'yes' });
      const second = await save(colleague, a.id, obs, { ...obs.answers, obs_wash_1: 'no' });
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(409);
      expect(second.json().code).toBe('version_conflict');
      const d = await detail(lead, a.id);
      expect(d.records.find((r) => r.id === obs.id)?.answers.obs_wash_1).toBe('yes');
      obs = first.json();
    });

    it('refuses a form in a single part, an unknown part, and more forms than the sample maximum', async () => {
      const single = await lead.post(`/api/assessments/${a.id}/records`, { sectionId: 'policy' });
      expect(single.statusCode).toBe(400);
      expect(single.json().issues[0].path).toBe('sectionId');
      const unknown = await lead.post(`/api/assessments/${a.id}/records`, { sectionId: 'kmc' });
      expect(unknown.statusCode).toBe(400);
    });

    it('will not complete while answers are missing and says which', async () => {
      const res = await lead.post(`/api/assessments/${a.id}/complete`, { version: a.version });
      expect(res.statusCode).toBe(400);
      const paths = (res.json().issues as Array<{ path: string }>).map((i) => i.path);
      expect(paths).toContain(`records.${obs.id}.answers.obs_resus_call_help`);
      expect(paths).toContain(`records.${recordOf(a, 'policy').id}.answers.pol_eenc_protocol`);
      expect((await detail(lead, a.id)).status).toBe('in_progress');
    });
  });

  describe('completing, results and the ladder', () => {
    let first: AssessmentDetail;
    it('completes a full assessment, freezes its results and marks the facility assessed', async () => {
      first = (
        await create(lead, { facilityId: H01, periodStart: '2025-01-01', periodEnd: '2025-03-31' })
      ).json();
      await fillGood(first, { interviewOverrides: { int_only_breast_milk: 'no' } });
      const stale = await lead.post(`/api/assessments/${first.id}/complete`, { version: first.version + 5 });
      expect(stale.statusCode).toBe(409);
      const res = await lead.post(`/api/assessments/${first.id}/complete`, { version: first.version });
      expect(res.statusCode, res.body).toBe(200);
      const done = res.json() as AssessmentDetail;
      expect(done.status).toBe('completed');
      expect(done.assessedOn).toBe('2026-03-10');
      const byId = Object.fromEntries(done.results.standards.map((s) => [s.id, s]));
      expect(byId.ssc_90).toMatchObject({ numerator: 2, denominator: 2, percent: 100, status: 'met' });
      expect(byId.exclusive_bf).toMatchObject({
        numerator: 1,
        denominator: 2,
        percent: 50,
        status: 'not_met',
      });
      // No chart reviewed: the complications standard has no data, so the facility does not meet the standards.
      expect(byId.complications_managed).toMatchObject({ denominator: 0, status: 'no_data' });
      expect(done.results.meetsStandards).toBe(false);
      expect(done.results.areas.find((x) => x.id === 'ssc_breastfeeding')?.percent).toBeLessThan(100);
      expect(done.ladder.steps).toEqual([
        { step: 'introduced', date: '2014-06-01' },
        { step: 'team_formed', date: '2014-09-15' },
        { step: 'assessed', date: '2026-03-10' },
        { step: 'meets_standards', date: null },
      ]);
      expect(done.ladder.current).toBe('assessed');
    });

    it('keeps a completed assessment closed to edits', async () => {
      const d = await detail(lead, first.id);
      const r = recordOf(d, 'policy');
      const res = await save(lead, first.id, r, { pol_eenc_protocol: 'no' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('conflict');
      expect(
        (await lead.post(`/api/assessments/${first.id}/complete`, { version: d.version })).statusCode,
      ).toBe(409);
    });

    it('reaches "meets standards" when every required standard is met, dated by the view', async () => {
      t.clock.advance(20 * 86_400_000); // 2026-03-30; sessions expired meanwhile
      lead = await t.login('lead.dn');
      province = await t.login('province.dn');
      const second = (
        await create(lead, { facilityId: H01, periodStart: '2025-04-01', periodEnd: '2025-06-30' })
      ).json() as AssessmentDetail;
      await fillGood(second, { chart: true });
      // Indicator rollups may read the ladder, so completing recomputes the facility's rollups: a month
      // counted wrongly at H01 and its three ancestors (as stale rollups would be) is put right.
      const [{ c }] = (await t.db.query<{ c: string }>(
        `select column_name as c from information_schema.columns
          where table_name = 'ind_delivery_rollup' and column_name like 'm\\_%' order by ordinal_position limit 1`,
      )) as [{ c: string }];
      const stale = () =>
        t.db.query<{ n: number }>(
          `select r.${c} as n from ind_delivery_rollup r join org_units o on o.id = r.org_unit_id
            where r.month = '2001-01-01' order by o.level`,
        );
      await t.db.query(
        `insert into ind_delivery_rollup (org_unit_id, month, ${c})
         select a.id, '2001-01-01', 100 from org_units h join org_units a on h.path like a.path || '%' where h.id = $1`,
        [H01],
      );
      expect((await stale()).map((r) => r.n)).toEqual([100, 100, 100, 100]);
      const res = await lead.post(`/api/assessments/${second.id}/complete`, { version: second.version });
      expect(res.statusCode, res.body).toBe(200);
      const done = res.json() as AssessmentDetail;
      expect(done.results.meetsStandards).toBe(true);
      expect(done.ladder.current).toBe('meets_standards');
      const [row] = await t.db.query<Record<string, unknown>>(
        'select * from facility_eenc_status where facility_id = $1',
        [H01],
      );
      expect(row).toEqual({
        facility_id: H01,
        introduced_on: '2014-06-01',
        team_formed_on: '2014-09-15',
        assessed_on: '2026-03-10',
        meets_standards_on: '2026-03-30',
        implementing_on: '2014-06-01',
        introduced_source: 'recorded',
      });
      expect((await stale()).map((r) => r.n)).toEqual([0, 0, 0, 0]);
    });

    it('lists a facility’s assessments with their standard results, ladder and open actions', async () => {
      const res = await lead.get(`/api/assessments?facility=${H01}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.facility.id).toBe(H01);
      expect(body.ladder.current).toBe('meets_standards');
      const completed = body.items.filter((i: { status: string }) => i.status === 'completed');
      expect(completed).toHaveLength(2);
      for (const item of body.items) expect(item.results.standards.length).toBe(13);
      expect(body.items[0].periodEnd >= body.items.at(-1).periodEnd).toBe(true);
    });
  });

  describe('scope and personal data', () => {
    // The free-text markers carry letters outside hex so that they can never match a random id
    // or a timestamp in the response (a digits-only marker once matched an assessment's UUID).
    let a: AssessmentDetail;
    beforeAll(async () => {
      a = (
        await create(lead, { facilityId: H01, periodStart: '2024-01-01', periodEnd: '2024-03-31' })
      ).json();
      await addRecord(
        lead,
        a,
        'interview',
        goodAnswersFor('interview', { int_comment: 'Mẹ kể: bé bị cân trước khi bú (ghi chú QZ-7731).' }),
      );
      await addRecord(
        lead,
        a,
        'chart_review',
        goodAnswersFor('chart_review', { chart_note: 'Sản phụ ở phường X (ghi chú QZ-8842)' }),
      );
    });

    it('shows the lead the interview and chart free text, and audits that read', async () => {
      const d = await detail(lead, a.id);
      const int = recordOf(d, 'interview');
      expect(int.answers.int_comment).toBe('Mẹ kể: bé bị cân trước khi bú (ghi chú QZ-7731).');
      expect(int.hiddenItems).toEqual([]);
      const [audit] = await t.db.query<{ n: number }>(
        "select count(*) as n from audit_log where entity_type = 'assessment' and entity_id = $1 and action = 'read'",
        [a.id],
      );
      expect(Number(audit!.n)).toBeGreaterThan(0);
    });

    it.each(['province.dn', 'national.vn', 'coach.dn'])(
      'shows %s the results and answers but no interview or chart free text',
      async (username) => {
        const c = await t.login(username);
        const res = await c.get(`/api/assessments/${a.id}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('QZ-8842');
        expect(res.body).not.toContain('QZ-7731');
        const d = res.json() as AssessmentDetail;
        const int = recordOf(d, 'interview');
        expect(int.answers.int_comment).toBeUndefined();
        expect(int.hiddenItems).toEqual(['int_comment']);
        expect(int.answers.int_ssc_immediate).toBe('yes');
        expect(recordOf(d, 'chart_review').hiddenItems).toEqual(['chart_note']);
        expect(d.results.standards.find((s) => s.id === 'ssc_90')?.denominator).toBe(1);
        const list = await c.get(`/api/assessments?facility=${H01}`);
        expect(list.statusCode).toBe(200);
        expect(list.body).not.toContain('QZ-7731');
      },
    );

    it('masks the free text in the audit log for readers without personal-data access', async () => {
      const adminVn = await t.login('admin.vn');
      const res = await adminVn.get('/api/audit?entityType=assessment_record');
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('QZ-7731');
      expect(res.body).toContain('[personal data]');
    });

    it('keeps each lead to their own hospital', async () => {
      const other = await t.login('lead.hc');
      expect((await other.get(`/api/assessments/${a.id}`)).json().code).toBe('out_of_scope');
      expect((await other.get(`/api/assessments?facility=${H01}`)).statusCode).toBe(403);
      const own = await create(other, { facilityId: HC, periodStart: '2026-01-01', periodEnd: '2026-02-28' });
      expect(own.statusCode).toBe(201);
      const mine = (await other.get('/api/assessments')).json();
      expect(new Set(mine.items.map((i: { facilityId: string }) => i.facilityId))).toEqual(new Set([HC]));
      const leadList = (await lead.get('/api/assessments')).json();
      expect(leadList.items.some((i: { facilityId: string }) => i.facilityId === HC)).toBe(false);
      const provinceList = (await province.get('/api/assessments')).json();
      expect(new Set(provinceList.items.map((i: { facilityId: string }) => i.facilityId))).toEqual(
        new Set([H01, HC]),
      );
      const editForeign = await save(other, a.id, recordOf(a, 'policy'), { pol_ssc: 'no' });
      expect(editForeign.statusCode).toBe(403);
    });

    it('refuses readers without the permission or outside the area', async () => {
      const midwife = await t.login('midwife.dn');
      expect((await midwife.get(`/api/assessments/${a.id}`)).json().code).toBe('forbidden');
      const partner = await t.login('partner.who');
      expect((await partner.get(`/api/assessments?facility=${H01}`)).statusCode).toBe(403);
      const laos = await t.login('national.la');
      expect((await laos.get(`/api/assessments/${a.id}`)).json().code).toBe('out_of_scope');
      expect((await t.anonymous().get(`/api/assessments/${a.id}`)).statusCode).toBe(401);
    });
  });

  describe('register summary pre-fill', () => {
    it('pre-fills counts from the birth register for the facility and period, and marks edited values', async () => {
      const midwife = await t.login('midwife.dn');
      const births = [
        buildBirthRaw({
          facilityId: H01,
          mother: { recordNumber: 'R-1' },
          delivery: { bornAt: '2024-05-03T10:00:00+07:00' },
        }),
        buildBirthRaw({
          facilityId: H01,
          mother: { recordNumber: 'R-2' },
          delivery: { bornAt: '2024-05-20T23:30:00+07:00', mode: 'caesarean' },
          // Under 2500 g: a low birth weight by the rule's bands.
          newborns: [buildNewbornRaw({ birthWeightGrams: 2400 })],
        }),
        // Outside the period (1 June local time), and at another hospital: not counted.
        buildBirthRaw({
          facilityId: H01,
          mother: { recordNumber: 'R-3' },
          delivery: { bornAt: '2024-06-01T00:30:00+07:00' },
        }),
      ];
      for (const b of births) expect((await midwife.post('/api/births', b)).statusCode).toBe(201);
      const a = (
        await create(lead, { facilityId: H01, periodStart: '2024-05-01', periodEnd: '2024-05-31' })
      ).json() as AssessmentDetail;
      const reg = recordOf(a, 'register');
      expect(reg.answers).toMatchObject({
        reg_deliveries: 2,
        reg_caesareans: 1,
        reg_live_births: 2,
        reg_stillbirths: 0,
      });
      expect(reg.prefill).toMatchObject({
        reg_deliveries: 2,
        reg_lbw: 1,
        reg_immediate_ssc: 2,
        reg_discharged_alive: null,
      });
      expect(reg.answers.reg_discharged_alive).toBeUndefined();
      expect(reg.edited).toEqual([]);
      const res = await save(lead, a.id, reg, { ...reg.answers, reg_deliveries: 3, reg_nicu: 4 });
      expect(res.statusCode).toBe(200);
      const saved = res.json() as AssessmentRecord;
      expect(saved.edited).toEqual(['reg_deliveries']);
      expect(saved.answers.reg_nicu).toBe(4);

      // A birth entered later: recounting keeps the edited value and updates the rest.
      const late = buildBirthRaw({
        facilityId: H01,
        mother: { recordNumber: 'R-4' },
        delivery: { bornAt: '2024-05-25T08:00:00+07:00', mode: 'caesarean' },
      });
      expect((await midwife.post('/api/births', late)).statusCode).toBe(201);
      const refreshed = await lead.post(`/api/assessments/${a.id}/register-prefill`, {
        version: saved.version,
      });
      expect(refreshed.statusCode, refreshed.body).toBe(200);
      const r = refreshed.json() as AssessmentRecord;
      expect(r.answers).toMatchObject({
        reg_deliveries: 3,
        reg_caesareans: 2,
        reg_live_births: 3,
        reg_nicu: 4,
      });
      expect(r.prefill).toMatchObject({ reg_deliveries: 3 });
      // 3 entered = 3 counted now: no longer an edit.
      expect(r.edited).toEqual([]);
    });

    it('leaves counts empty when the register has no births in the period', async () => {
      const a = (
        await create(lead, { facilityId: H01, periodStart: '2023-01-01', periodEnd: '2023-03-31' })
      ).json() as AssessmentDetail;
      const reg = recordOf(a, 'register');
      expect(reg.answers).toEqual({});
      expect(reg.prefill?.reg_deliveries).toBeNull();
    });
  });

  describe('action plans', () => {
    let a: AssessmentDetail;
    beforeAll(async () => {
      a = (
        await create(lead, { facilityId: H01, periodStart: '2023-04-01', periodEnd: '2023-06-30' })
      ).json();
    });
    const body = (o: object = {}) => ({
      source: { kind: 'standard', id: 'exclusive_bf' },
      problem: 'Formula given to one baby of two',
      action: 'Remove formula from the postnatal ward; brief all midwives',
      responsible: 'NHS. Trưởng khoa sản',
      resources: 'Meeting time',
      dueDate: '2026-03-01',
      ...o,
    });

    it('adds an action that stands out as overdue once its due date has passed', async () => {
      const res = await lead.post(`/api/assessments/${a.id}/actions`, body());
      expect(res.statusCode, res.body).toBe(201);
      const action = res.json();
      expect(action).toMatchObject({
        status: 'planned',
        overdue: true,
        doneOn: null,
        source: { kind: 'standard', id: 'exclusive_bf' },
      });
      const future = await lead.post(
        `/api/assessments/${a.id}/actions`,
        body({ dueDate: '2027-01-01', source: null }),
      );
      expect(future.json().overdue).toBe(false);
      const list = (await lead.get(`/api/assessments?facility=${H01}`)).json();
      const own = list.items.find((i: { id: string }) => i.id === a.id);
      expect([own.openActions, own.overdueActions]).toEqual([2, 1]);
      expect(
        list.openActions.some((x: { id: string; overdue: boolean }) => x.id === action.id && x.overdue),
      ).toBe(true);

      const done = await lead.patch(`/api/assessment-actions/${action.id}`, {
        version: action.version,
        status: 'done',
        progressNote: 'Formula removed',
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', overdue: false, doneOn: '2026-03-30' });
      const stale = await lead.patch(`/api/assessment-actions/${action.id}`, {
        version: action.version,
        status: 'cancelled',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('version_conflict');
    });

    it('refuses an action without a problem, with a bad date or an unknown gap, at the right paths', async () => {
      const res = await lead.post(
        `/api/assessments/${a.id}/actions`,
        body({ problem: '  ', dueDate: '31/12/2026' }),
      );
      expect(res.statusCode).toBe(400);
      expect(
        res
          .json()
          .issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['dueDate', 'problem']);
      const unknown = await lead.post(
        `/api/assessments/${a.id}/actions`,
        body({ source: { kind: 'area', id: 'kmc' } }),
      );
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().issues[0].path).toBe('source.id');
    });

    it('lets managers see the plan but not change it', async () => {
      const d = await detail(province, a.id);
      expect(d.actions.length).toBe(2);
      const res = await province.post(`/api/assessments/${a.id}/actions`, body());
      expect(res.statusCode).toBe(403);
    });
  });
});
