import { describe, expect, it } from 'vitest';
import type { Roster } from '../../../shared/coaching/coaching.schema';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogins, useTestApp } from '../../test/test-app';
import { seedCoachingDemo } from './coaching.seed';

describe('coaching demo data', () => {
  const t = useTestApp();
  const [lead, national] = useLogins(t, 'lead.dn', 'national.vn');

  it('gives the Da Nang hospital a roster with coverage, and the country coached health workers this year', async () => {
    await seedCoachingDemo(t.db, t.clock.now());
    const roster = (
      await lead.get(`/api/coaching/roster?facility=${orgUnitIdOf('VN-DN-H01')}`)
    ).json() as Roster;
    expect(roster.items.length).toBeGreaterThan(5);
    expect(roster.deliveryRoomCovered).toBeGreaterThan(0);
    expect(roster.deliveryRoomCovered).toBeLessThan(roster.deliveryRoomStaff);
    const year = t.clock.now().getUTCFullYear();
    const res = await national.get(
      `/api/indicators/values?orgUnit=${orgUnitIdOf('VN')}&period=${year}&indicators=health_workers_coached,delivery_staff_coached`,
    );
    const [coached, coverage] = (res.json() as ValuesResponse).indicators;
    expect(coached!.numerator).toBeGreaterThan(10);
    expect(coverage!.value).toBeGreaterThan(0);
    expect(coverage!.value).toBeLessThan(100);
    // Checklists before and after coaching; every certificate has its passing after-coaching checklist.
    const [c] = await t.db.query<{ before: number; after: number; unbacked: number }>(
      `select count(*) filter (where moment = 'before')::int as before,
              count(*) filter (where moment = 'after' and percent >= 80)::int as after,
              (select count(*)::int from coaching_participants p where p.certificate_code is not null
                 and not exists (select 1 from coaching_checklists k where k.course_id = p.course_id
                                   and k.worker_id = p.worker_id and k.moment = 'after' and k.percent >= 80)) as unbacked
         from coaching_checklists`,
    );
    expect(c!.before).toBeGreaterThan(c!.after);
    expect(c!.after).toBeGreaterThan(0);
    expect(c!.unbacked).toBe(0);
    const standard = await national.get(
      `/api/indicators/values?orgUnit=${orgUnitIdOf('VN')}&period=${year}&indicators=health_workers_coached_to_standard`,
    );
    expect((standard.json() as ValuesResponse).indicators[0]!.numerator).toBeGreaterThan(0);
    // The checklist indicators have values at the hospital: a score per domain, checklists at the
    // passing score, and a change after coaching (the paired after score above the before one).
    const scores = await lead.get(
      `/api/indicators/values?orgUnit=${orgUnitIdOf('VN-DN-H01')}&period=${year}&indicators=checklists_passing,checklist_score_dry,checklist_paired_before,checklist_paired_after`,
    );
    const [passing, dry, before, after] = (scores.json() as ValuesResponse).indicators;
    expect(passing!.value).toBeGreaterThan(0);
    expect(passing!.value).toBeLessThan(100);
    expect(dry!.denominator).toBeGreaterThan(0);
    expect(after!.value!).toBeGreaterThan(before!.value! + 20);
  });

  it('refuses a second run (fixed ids) instead of duplicating records', async () => {
    await expect(seedCoachingDemo(t.db, t.clock.now())).rejects.toThrow();
  });
});
