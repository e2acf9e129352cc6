import { describe, expect, it } from 'vitest';
import { goodAnswersFor } from '../../../shared/assessments/assessment-builders';
import type { AssessmentDetail } from '../../../shared/assessments/assessment.schema';
import { newId } from '../../../shared/ids';
import type { SyncConflict } from '../../../shared/sync/sync.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { createReadyUser } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { Device, pullRecords as pullAll, push } from './sync-test-helpers';

const H01 = orgUnitIdOf('VN-DN-H01');
const HC = orgUnitIdOf('VN-DN-HC-H');

describe('sync of Module 3 assessment forms (same push, pull, merge and inbox as births)', () => {
  const t = useTestApp();
  const lead = useLogin(t, 'lead.dn');
  const midwife = useLogin(t, 'midwife.dn');
  const province = useLogin(t, 'province.dn');
  let month = 0;

  /** A new assessment of the lead's hospital (a month of its own) with its single forms. */
  async function startAssessment(): Promise<AssessmentDetail> {
    month += 1;
    const m = String(month).padStart(2, '0');
    const res = await lead.post('/api/assessments', {
      facilityId: H01,
      periodStart: `2025-${m}-01`,
      periodEnd: `2025-${m}-28`,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<AssessmentDetail>();
  }
  const policyOf = (a: AssessmentDetail) => a.records.find((r) => r.sectionId === 'policy')!;
  const detail = async (id: string) => (await lead.get(`/api/assessments/${id}`)).json<AssessmentDetail>();
  const answersOf = async (a: AssessmentDetail, formId: string) =>
    (await detail(a.id)).records.find((r) => r.id === formId)!.answers;

  it('pulls the forms of assessments in progress of the reader’s hospital, then their edits from the log', async () => {
    const a = await startAssessment();
    const first = await pullAll(lead);
    const forms = a.records.map((r) => first.records.get(r.id));
    expect(forms.map((f) => [f?.recordType, f?.version, f?.flat.sectionId])).toEqual([
      ['assessment_record', 1, 'policy'],
      ['assessment_record', 1, 'register'],
      ['assessment_record', 1, 'environment'],
    ]);
    const policy = policyOf(a);
    const saved = await lead.put(`/api/assessments/${a.id}/records/${policy.id}`, {
      version: 1,
      answers: { pol_ssc: 'yes' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const next = await pullAll(lead, first.cursor);
    expect(next.records.get(policy.id)).toMatchObject({
      version: 2,
      flat: { assessmentId: a.id, sectionId: 'policy', 'answers.pol_ssc': 'yes' },
    });
    // Deleting the assessment (still in progress) takes its forms: devices are told to drop them.
    expect((await lead.delete(`/api/assessments/${a.id}?version=${a.version}`)).statusCode).toBe(204);
    const after = await pullAll(lead, next.cursor);
    expect([...after.removed].sort()).toEqual(a.records.map((r) => r.id).sort());
  });

  it('saves an answer from a push once, replays it unchanged, and creates a repeating form once', async () => {
    const a = await startAssessment();
    const policy = policyOf(a);
    const device = new Device();
    const edit = device.op('update', policy.id, 1, { 'answers.pol_ssc': 'no' }, 'assessment_record');
    const formId = newId();
    const observation = device.op(
      'create',
      formId,
      0,
      {
        assessmentId: a.id,
        sectionId: 'observation',
        ...Object.fromEntries(
          Object.entries(goodAnswersFor('observation')).map(([k, v]) => [`answers.${k}`, v]),
        ),
      },
      'assessment_record',
    );
    const first = await push(lead, [edit, observation]);
    expect(first).toMatchObject([
      { status: 'applied', version: 2, conflicts: 0 },
      { status: 'applied', version: 1, conflicts: 0 },
    ]);
    expect(await push(lead, [edit, observation])).toEqual(first);
    const now = await detail(a.id);
    expect(now.records.find((r) => r.id === policy.id)).toMatchObject({
      version: 2,
      answers: { pol_ssc: 'no' },
    });
    expect(now.records.filter((r) => r.sectionId === 'observation').map((r) => r.id)).toEqual([formId]);
    expect(now.records.find((r) => r.id === formId)!.answers.obs_breathing).toBe('yes');
  });

  it('merges answers two devices gave to one form, and puts an answer both changed in the inbox', async () => {
    const a = await startAssessment();
    const policy = policyOf(a);
    const [one, two] = [new Device(), new Device()];
    // Both edit from version 1 (the form as made with the assessment, never audited by itself).
    const results = await push(lead, [
      one.op(
        'update',
        policy.id,
        1,
        { 'answers.pol_cord': 'yes', 'answers.pol_labour': 'yes' },
        'assessment_record',
      ),
      two.op(
        'update',
        policy.id,
        1,
        { 'answers.pol_bath': 'no', 'answers.pol_labour': 'no' },
        'assessment_record',
      ),
    ]);
    expect(results).toMatchObject([
      { status: 'applied', version: 2, conflicts: 0 },
      { status: 'applied', version: 3, conflicts: 1 },
    ]);
    expect(await answersOf(a, policy.id)).toEqual({ pol_cord: 'yes', pol_labour: 'yes', pol_bath: 'no' });
    const items = (await lead.get('/api/sync/conflicts'))
      .json<{ items: SyncConflict[] }>()
      .items.filter((i) => i.recordId === policy.id);
    expect(items).toMatchObject([
      {
        recordType: 'assessment_record',
        path: 'answers.pol_labour',
        baseValue: null,
        serverValue: 'yes',
        deviceValue: 'no',
        valuesHidden: false,
        orgUnitId: H01,
      },
    ]);
    // A third edit from version 2 (its base read from the audit trail) merges without a new item.
    const [third] = await push(lead, [
      new Device().op('update', policy.id, 2, { 'answers.pol_kmc': 'yes' }, 'assessment_record'),
    ]);
    expect(third).toMatchObject({ status: 'applied', version: 4, conflicts: 0 });
    const resolved = await lead.post(`/api/sync/conflicts/${items[0]!.id}/resolve`, {
      resolution: 'take_device',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(await answersOf(a, policy.id)).toEqual({
      pol_cord: 'yes',
      pol_labour: 'no',
      pol_bath: 'no',
      pol_kmc: 'yes',
    });
    // The province reads the inbox item, but not the answers (its readers see no personal data).
    const seen = (await province.get('/api/sync/conflicts?status=resolved'))
      .json<{ items: SyncConflict[] }>()
      .items.find((i) => i.id === items[0]!.id);
    expect(seen).toMatchObject({ valuesHidden: true, deviceValue: null });
  });

  it('refuses a form of another hospital, a form without the assessment right, and a completed assessment', async () => {
    const a = await startAssessment();
    const policy = policyOf(a);
    await createReadyUser(t, {
      username: 'lead.hc.sync',
      displayName: 'Lead of Hải Châu',
      role: 'hospital_lead',
      locale: 'en',
      scopeIds: [HC],
    });
    const other = await t.login('lead.hc.sync');
    const op = () =>
      new Device().op('update', policy.id, 1, { 'answers.pol_ssc': 'no' }, 'assessment_record');
    expect(await push(other, [op()])).toMatchObject([{ status: 'rejected', code: 'out_of_scope' }]);
    expect(await push(midwife, [op()])).toMatchObject([{ status: 'rejected', code: 'forbidden' }]);
    // Neither pulls the form.
    expect((await pullAll(other)).records.has(policy.id)).toBe(false);
    expect((await pullAll(midwife)).records.has(policy.id)).toBe(false);
    expect(await answersOf(a, policy.id)).toEqual({});
    // Saving into a completed assessment is refused with the assessment's own message.
    await t.db.query(
      `update assessments set status = 'completed', assessed_on = period_end, results = '{}', meets_standards = false
        where id = $1`,
      [a.id],
    );
    expect(await push(lead, [op()])).toMatchObject([{ status: 'rejected', code: 'conflict' }]);
  });
});
