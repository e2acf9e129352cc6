import { describe, expect, it } from 'vitest';
import type { AssessmentDetail, FacilityAssessments } from '../../../shared/assessments/assessment.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { useTestApp } from '../../test/test-app';
import { seedAssessmentsDemo } from './assessments.seed';

describe('assessment demo data', () => {
  const t = useTestApp({ demoData: [seedAssessmentsDemo] });

  it('gives the Da Nang hospital a completed assessment with priorities and an overdue action, and one in progress', async () => {
    const lead = await t.login('lead.dn');
    const res = await lead.get(`/api/assessments?facility=${orgUnitIdOf('VN-DN-H01')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as FacilityAssessments;
    expect(body.items.map((i) => [i.status, i.periodStart, i.periodEnd])).toEqual([
      ['in_progress', '2026-01-01', '2026-03-10'],
      ['completed', '2025-10-01', '2025-12-31'],
    ]);
    const done = body.items[1]!;
    expect(done.results.meetsStandards).toBe(false);
    expect(done.results.priorities.length).toBeGreaterThan(0);
    expect(done.overdueActions).toBe(1);
    expect(body.ladder?.current).toBe('assessed');
    expect(body.ladder?.steps[2]).toEqual({ step: 'assessed', date: '2026-02-08' });
    // The seeded answers are valid for the checklist: the in-progress one opens with its forms.
    const current = (await lead.get(`/api/assessments/${body.items[0]!.id}`)).json() as AssessmentDetail;
    expect(current.records.length).toBe(5);
  });

  it('puts Quảng Nam provincial hospital on the "meets standards" step', async () => {
    const [row] = await t.db.query<{ meets_standards_on: string | null }>(
      'select meets_standards_on from facility_eenc_status where facility_id = $1',
      [orgUnitIdOf('VN-QNA-H01')],
    );
    expect(row?.meets_standards_on).toBe('2026-02-23');
  });

  it('refuses a second run (fixed ids) instead of duplicating records', async () => {
    await expect(seedAssessmentsDemo(t.db, t.clock.now())).rejects.toThrow();
    const [row] = await t.db.query<{ n: number }>('select count(*) as n from assessments');
    expect(Number(row?.n)).toBe(3);
  });
});
