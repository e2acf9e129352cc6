import { describe, expect, it } from 'vitest';
import type { Worklist } from '../../../shared/pnc/pnc.schema';
import { useTestApp } from '../../test/test-app';
import { seedPncDemo } from './pnc-seed';
import { C01, H01 } from './pnc-test-helpers';

describe('PNC demo seeder', () => {
  const t = useTestApp({ demoData: [seedPncDemo] });

  it('gives the commune worker an open referral first, contacts due today, and the hospital its pairs not handed over', async () => {
    const worker = await t.login('pnc.hc1');
    const w = (await worker.get(`/api/pnc/worklist?orgUnit=${C01}`)).json() as Worklist;
    expect(w.items[0]).toMatchObject({ section: 'referral', kind: 'newborn', contactCode: 'c2' });
    expect(w.counts.dueToday).toBeGreaterThan(0);
    expect(w.items.every((i) => i.motherPhone !== null)).toBe(true);
    // The commune worker sees where to go for the home visit.
    expect(w.items.every((i) => /^\d+ \p{L}/u.test(i.motherAddress ?? ''))).toBe(true);
    const midwife = await t.login('midwife.dn');
    const h = (await midwife.get(`/api/pnc/worklist?orgUnit=${H01}`)).json() as Worklist;
    expect(h.counts.notHandedOver).toBeGreaterThan(0);
    const [{ n }] = (await t.db.query<{ n: number }>('select count(*)::int as n from pnc_subjects')) as [
      { n: number },
    ];
    expect(n).toBe(20);
  });
});
