import { describe, expect, it } from 'vitest';
import { SCREENING_INDICATORS } from '../../../shared/screening/screening-indicators';
import type { ScreeningClientDetail } from '../../../shared/screening/screening.schema';
import { indicatorCounts } from '../../test/api-helpers';
import { orgUnitIdOf } from '../../seed/demo';
import { useLogin, useTestApp } from '../../test/test-app';
import { C01 } from '../pnc/pnc-test-helpers';
import { buildScreeningClient, buildScreeningEvent } from './screening-test-builders';

type Counts = Record<string, [numerator: number, denominator: number]>;
const IDS = SCREENING_INDICATORS.map((d) => d.id);
// Clock: 2026-03-10. The period: 1 January to 10 March 2026 (its end is the status day).
let seq = 0;
const newId = () => `00000000-0000-4000-b000-${String(++seq).padStart(12, '0')}`;

describe('screening indicators through the source registry', () => {
  const t = useTestApp();
  const worker = useLogin(t, 'pnc.hc1');

  const values = async (): Promise<Counts> =>
    Object.fromEntries(
      (await indicatorCounts(worker, C01, ['2026-01-01', '2026-03-10'], IDS)).map((v) => [
        v.id,
        [v.numerator, v.denominator],
      ]),
    );
  const woman = async (birthDate: string, events: Record<string, unknown>[]) => {
    const c = await worker.post(
      '/api/screening/clients',
      buildScreeningClient({
        id: newId(),
        orgUnitId: C01,
        name: `Chị ${seq}`,
        birthYear: Number(birthDate.slice(0, 4)),
        birthDate,
      }),
    );
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json<ScreeningClientDetail>().id;
    for (const e of events) {
      const res = await worker.post(
        `/api/screening/clients/${id}/events`,
        buildScreeningEvent({ id: newId(), placeId: C01, ...e }),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
  };

  it('counts coverage at 30–49, at 35 and at 45, positivity, treated within 4 weeks and lost to follow-up', async () => {
    const before = await values();
    // 35 on the status day, screened in 2024: covered ever and in 5 years, at 35.
    await woman('1991-03-10', [{ takenOn: '2024-05-01', result: 'negative', resultOn: '2024-05-10' }]);
    // 34 (35 tomorrow): not "at 35"; never screened.
    await woman('1991-03-11', []);
    // 45, screened twice: at 45 covered; positive in the period, treated within 4 weeks.
    await woman('1981-01-01', [
      { takenOn: '2019-02-01', result: 'negative', resultOn: '2019-02-10' },
      {
        takenOn: '2026-01-05',
        result: 'positive',
        resultOn: '2026-01-10',
        treatment: 'thermal_ablation',
        treatedOn: '2026-02-01',
      },
    ]);
    // 40, positive on 2 January, nothing since: lost to follow-up 12 weeks later (27 March) — not yet.
    await woman('1985-06-01', [{ takenOn: '2026-01-01', result: 'positive', resultOn: '2026-01-02' }]);
    // 52: outside 30–49.
    await woman('1974-01-01', [{ takenOn: '2026-02-01', result: 'negative', resultOn: '2026-02-05' }]);
    const after = await values();
    const d = Object.fromEntries(
      IDS.map((id) => [id, [after[id]![0] - before[id]![0], after[id]![1] - before[id]![1]]]),
    );
    expect(d).toEqual({
      screening_coverage_ever_30_49: [3, 4],
      screening_coverage_5y_30_49: [3, 4],
      screening_coverage_35: [1, 1],
      screening_coverage_45: [1, 1],
      screening_positivity: [2, 3],
      screening_positives_treated_in_target: [1, 2],
      screening_lost_to_follow_up: [0, 2],
    });
  });

  it("reads the country's target time: at 2 weeks a treatment 22 days after the result is late", async () => {
    const country = orgUnitIdOf('VN');
    await t.db.query(
      `insert into country_settings (country_id, screening) values ($1, '{"treatmentTargetWeeks": 2}')
       on conflict (country_id) do update set screening = coalesce(country_settings.screening, '{}') || excluded.screening`,
      [country],
    );
    try {
      const before = await values();
      const positive = { takenOn: '2026-01-05', result: 'positive', resultOn: '2026-01-10' };
      await woman('1982-04-01', [{ ...positive, treatment: 'thermal_ablation', treatedOn: '2026-02-01' }]);
      await woman('1983-04-01', [{ ...positive, treatment: 'thermal_ablation', treatedOn: '2026-01-20' }]);
      const after = await values();
      const id = 'screening_positives_treated_in_target';
      // At the default 4 weeks both would count (as the 22-day treatment above did).
      expect([after[id]![0] - before[id]![0], after[id]![1] - before[id]![1]]).toEqual([1, 2]);
    } finally {
      await t.db.query(
        `update country_settings set screening = screening - 'treatmentTargetWeeks' where country_id = $1`,
        [country],
      );
    }
  });
});
