import { describe, expect, it } from 'vitest';
import type { Roster } from '../../../shared/coaching/coaching.schema';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogin, useTestApp } from '../../test/test-app';
import { seedCoachingDemo } from './coaching.seed';

describe('coaching demo data', () => {
  const t = useTestApp();
  const lead = useLogin(t, 'lead.dn');
  const national = useLogin(t, 'national.vn');

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
  });

  it('refuses a second run (fixed ids) instead of duplicating records', async () => {
    await expect(seedCoachingDemo(t.db, t.clock.now())).rejects.toThrow();
  });
});
