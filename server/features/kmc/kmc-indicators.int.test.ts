import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { loadIndicators } from '../../../shared/indicators/definitions';
import { rateOf } from '../../../shared/indicators/values';
import { KMC_INDICATORS } from '../../../shared/kmc/kmc-indicators';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { idSeries, indicatorCounts } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { enrolInKmcCourse } from '../coaching/coaching-test-helpers';
import { loadPerturbationTable } from '../indicators/perturbation-table';
import { H01, recordBirth } from '../pnc/pnc-test-helpers';

type Counts = Record<string, { numerator: number; denominator: number }>;
const IDS = KMC_INDICATORS.map((d) => d.id);
// Clock: 2026-03-10T08:00Z. The births of the fixture are on 9 March.
const bornAt = '2026-03-09T08:00:00+07:00';
const newId = idSeries('9000');

describe('KMC indicators through the source registry', () => {
  const t = useTestApp();
  const [midwife, partner] = useLogins(t, 'midwife.dn', 'partner.who');

  const values = async (): Promise<Counts> =>
    Object.fromEntries(
      (await indicatorCounts(midwife, H01, ['2026-03-01', '2026-03-10'], IDS)).map((v) => [
        v.id,
        { numerator: v.numerator, denominator: v.denominator },
      ]),
    );
  const delta = (after: Counts, before: Counts) =>
    Object.fromEntries(
      IDS.map((id) => [
        id,
        [after[id]!.numerator - before[id]!.numerator, after[id]!.denominator - before[id]!.denominator],
      ]),
    );
  const baby = async (grams: number, weeks = 35) =>
    (
      await recordBirth(midwife, {
        bornAt,
        gestationalAgeWeeks: weeks,
        newborns: [buildNewbornRaw({ birthWeightGrams: grams })],
      })
    ).newborns[0]!.id;
  const start = async (newbornId: string, startedAt: string | null) => {
    const res = await midwife.post('/api/kmc/episodes', {
      id: newId(),
      newbornId,
      startedAt,
      incubatorFirst: startedAt ? false : null,
      place: startedAt ? 'kmc_ward' : null,
      provider: startedAt ? 'mother' : null,
      notStartedReason: startedAt ? null : 'mother_unwell',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<KmcEpisode>();
  };
  const log = async (e: KmcEpisode, date: string, sscHours: number) => {
    const res = await midwife.put(`/api/kmc/episodes/${e.episodeId}/logs/${date}`, {
      version: null,
      sscHours,
      feeding: 'exclusive_breast_milk',
      weightGrams: null,
      lowestTemperatureC: null,
      dangerSigns: [],
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<KmcEpisode>();
  };
  const close = async (e: KmcEpisode, outcome: string) => {
    const res = await midwife.post(`/api/kmc/episodes/${e.episodeId}/discharge`, {
      version: e.episode!.version,
      dischargedOn: '2026-03-10',
      outcome,
      weightGrams: null,
      checks: { feedsWell: true, weightGain3Days: true, temperatureStable: true, caregiverReady: true },
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('counts starts, immediate KMC, 8 h a day, discharges and deaths at the next query, with both coverage denominators', async () => {
    const before = await values();
    const a = await start(await baby(1800), '2026-03-09T08:30:00+07:00'); // immediate
    const b = await start(await baby(1900), '2026-03-09T11:00:00+07:00'); // after 3 hours
    await start(await baby(1700), null); // not started
    await baby(3100, 39); // not eligible, no episode
    expect(delta(await values(), before)).toMatchObject({
      kmc_coverage_eligible: [2, 3],
      kmc_coverage_live_births: [2, 4],
      kmc_immediate: [1, 2],
    });
    await log(a, '2026-03-09', 10);
    const a2 = await log(a, '2026-03-10', 8);
    const b2 = await log(b, '2026-03-09', 5);
    await close(a2, 'discharged_in_kmc');
    await close(b2, 'died');
    expect(delta(await values(), before)).toEqual({
      kmc_coverage_eligible: [2, 3],
      kmc_coverage_live_births: [2, 4],
      kmc_immediate: [1, 2],
      kmc_mean_8_hours: [1, 2],
      kmc_discharged_in_kmc: [1, 2],
      kmc_deaths: [1, 2],
      kmc_follow_up_attended: [0, 1],
      kmc_graduated: [0, 1],
      // The facility offers KMC now (a start in the period); nobody there is KMC-trained yet.
      facilities_offering_kmc: [1, 0],
      facilities_ready_for_kmc: [0, 0],
    });
  });

  it('keeps no insert trigger on births (a new birth has no babies yet), and counts the baby of a new birth all the same', async () => {
    const triggers = await t.db.query<{ tgname: string }>(
      "select tgname from pg_trigger where tgname like 'ind\\_kmc\\_births\\_%' order by tgname",
    );
    expect(triggers.map((r) => r.tgname)).toEqual(['ind_kmc_births_del', 'ind_kmc_births_upd']);
    const before = await values();
    await baby(1400, 31);
    const after = delta(await values(), before);
    expect(after['kmc_coverage_live_births']).toEqual([0, 1]);
  });

  it('counts a facility offering KMC as ready once a worker there completed a KMC coaching course', async () => {
    const lead = await t.login('lead.dn');
    const coach = await t.login('coach.dn');
    const before = await values();
    expect(before.facilities_offering_kmc).toEqual({ numerator: 1, denominator: 1 });
    const { complete } = await enrolInKmcCourse(lead, coach, H01, 'Nguyễn Thị Kangaroo');
    // Enrolled is not trained: only a completed course counts.
    expect((await values()).facilities_ready_for_kmc).toEqual({ numerator: 0, denominator: 1 });
    await complete();
    expect((await values()).facilities_ready_for_kmc).toEqual({ numerator: 1, denominator: 1 });
  });

  it('labels the two coverage denominators apart', async () => {
    const defs = (await midwife.get('/api/indicators/definitions')).json<{
      items: Array<{ id: string; denominator?: { label: { en: string } } }>;
    }>().items;
    const label = (id: string) => defs.find((d) => d.id === id)?.denominator?.label.en;
    expect([label('kmc_coverage_eligible'), label('kmc_coverage_live_births')]).toEqual([
      'Eligible babies',
      'All live births',
    ]);
  });

  it('gives a partner the KMC counts of people perturbed and marked as for the other sources, facilities exact', async () => {
    // Non-zero KMC counts of its own: an immediate start with 10 h logged, a later start, a baby not started.
    const a = await start(await baby(1800), '2026-03-09T08:30:00+07:00');
    await log(a, '2026-03-09', 10);
    await start(await baby(1650), '2026-03-09T12:00:00+07:00');
    await start(await baby(1750), null);
    const get = async (reader: typeof midwife) => {
      const res = await reader.get(
        `/api/indicators/values?orgUnit=${H01}&period=2026Q1&indicators=${IDS.join(',')}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ValuesResponse>();
    };
    const [published, exact] = [await get(partner), await get(midwife)];
    expect(published.perturbationApplied).toBe(true);
    expect(exact.perturbationApplied).toBe(false);
    const truth = new Map(exact.indicators.map((v) => [v.id, v]));
    for (const id of [
      'kmc_coverage_eligible',
      'kmc_coverage_live_births',
      'kmc_immediate',
      'kmc_mean_8_hours',
    ])
      expect(truth.get(id)!.numerator, id).toBeGreaterThan(0);
    const { maxMove } = await loadPerturbationTable(t.db);
    expect(published.indicators.map((v) => v.id).sort()).toEqual([...IDS].sort());
    for (const v of published.indicators) {
      const e = truth.get(v.id)!;
      // babies are people; facilities are not
      const people = !v.id.startsWith('facilities');
      for (const part of ['numerator', 'denominator'] as const) {
        const [n, m] = [v[part], e[part]];
        expect(m, `${v.id} ${part}`).not.toBeNull();
        // within the installation's largest move of the true count, zero exactly when it is zero,
        // marked exactly when perturbed
        expect(Math.abs(n! - m!), `${v.id} ${part}`).toBeLessThanOrEqual(people ? maxMove : 0);
        expect(n === 0, `${v.id} ${part}`).toBe(m === 0);
        expect(v.perturbed.includes(part), `${v.id} ${part}`).toBe(people && m !== 0);
      }
      // the rate comes from the published counts
      const unit = loadIndicators().definitions.find((d) => d.id === v.id)!.unit;
      expect(v.value, v.id).toBe(rateOf(unit, v.numerator, v.denominator));
    }
  });
});
