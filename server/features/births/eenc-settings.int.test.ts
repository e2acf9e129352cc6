import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { DEFAULT_EENC_SETTINGS, type EencSettings } from '../../../shared/births/eenc-settings';
import { translate } from '../../../shared/i18n/messages';
import { useLogins, useTestApp } from '../../test/test-app';
import { H01, VN } from '../../test/demo-units';

/**
 * The KMC rule is written once (kmcTerms in shared/births/birth-rules.ts): the service computes
 * `kmc_eligible` with it when a birth is written or the country's cut-offs change, and births written
 * by set-based SQL (the synthetic programme) are derived by the same code afterwards.
 */
describe('KMC cut-offs as country settings', () => {
  const t = useTestApp();
  const [national, midwife] = useLogins(t, 'national.vn', 'midwife.dn');

  const custom: EencSettings = {
    ...DEFAULT_EENC_SETTINGS,
    kmcMaxWeightGrams: 1800,
    kmcWeightCutoff: 'below',
    kmcMaxGestationalWeeks: 34,
    kmcWeeksCutoff: 'at_or_below',
  };
  async function settingsView() {
    return (await national.get(`/api/eenc-settings?orgUnit=${VN}`)).json() as {
      version: number;
      settings: EencSettings;
    };
  }
  async function babyOf(birthId: string) {
    const [row] = await t.db.query<{ kmc_eligible: boolean | null; risk_markers: string[] }>(
      `select n.kmc_eligible, s.risk_markers from newborns n join pnc_subjects s on s.id = n.id
        where n.birth_id = $1`,
      [birthId],
    );
    return row!;
  }

  it('re-derives eligibility and the follow-up markers of existing babies when the cut-offs change', async () => {
    const post = async (grams: number, weeksOfGestation: number) =>
      (
        await midwife.post(
          '/api/births',
          buildBirthRaw({
            facilityId: H01,
            delivery: { gestationalAgeWeeks: weeksOfGestation },
            newborns: [buildNewbornRaw({ birthWeightGrams: grams })],
          }),
        )
      ).json() as { id: string };
    const exactly2000 = await post(2000, 39);
    const late34 = await post(3000, 34);
    expect(await babyOf(exactly2000.id)).toEqual({
      kmc_eligible: true,
      risk_markers: ['low_birth_weight', 'kmc'],
    });
    expect(await babyOf(late34.id)).toEqual({ kmc_eligible: false, risk_markers: ['preterm'] });

    let view = await settingsView();
    const res = await national.put(`/api/eenc-settings/${VN}`, { version: view.version, settings: custom });
    expect(res.statusCode).toBe(200);
    expect(await babyOf(exactly2000.id)).toEqual({ kmc_eligible: false, risk_markers: ['low_birth_weight'] });
    expect(await babyOf(late34.id)).toEqual({ kmc_eligible: true, risk_markers: ['preterm', 'kmc'] });
    const api = (await midwife.get(`/api/births/${late34.id}`)).json();
    expect(api.newborns[0].derived.kmcEligible).toBe(true);

    view = await settingsView();
    expect(view.settings).toEqual(custom);
    await national.put(`/api/eenc-settings/${VN}`, {
      version: view.version,
      settings: DEFAULT_EENC_SETTINGS,
    });
    expect(await babyOf(exactly2000.id)).toEqual({
      kmc_eligible: true,
      risk_markers: ['low_birth_weight', 'kmc'],
    });
    expect(await babyOf(late34.id)).toEqual({ kmc_eligible: false, risk_markers: ['preterm'] });
  });

  it('counts "implementing EENC" from the step the country names, for facilities and for deliveries', async () => {
    const province = await t.login('province.dn');
    const values = async () => {
      const res = await province.get(
        `/api/indicators/values?orgUnit=${H01}&period=2026&indicators=eenc_implementing,births_in_eenc_facilities`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().indicators as Array<{ id: string; numerator: number; denominator: number }>;
      return Object.fromEntries(items.map((i) => [i.id, [i.numerator, i.denominator]]));
    };
    const posted = await midwife.post('/api/births', buildBirthRaw({ facilityId: H01 }));
    expect(posted.statusCode).toBe(201);
    // H01 introduced EENC in 2014 and has no assessment meeting the standards.
    const [ladder] = await t.db.query<{ introduced_on: string | null; meets_standards_on: string | null }>(
      'select introduced_on, meets_standards_on from facility_eenc_status where facility_id = $1',
      [H01],
    );
    expect(ladder).toEqual({ introduced_on: '2014-06-01', meets_standards_on: null });
    const [{ n }] = (await t.db.query<{ n: number }>(
      'select count(*)::int as n from births where facility_id = $1 and birth_date between $2 and $3',
      [H01, '2026-01-01', '2026-12-31'],
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    expect(await values()).toEqual({ eenc_implementing: [1, 1], births_in_eenc_facilities: [n, n] });

    const change = async (implementingStep: EencSettings['implementingStep']) => {
      const view = await settingsView();
      const res = await national.put(`/api/eenc-settings/${VN}`, {
        version: view.version,
        settings: { ...view.settings, implementingStep },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await change('meets_standards');
    expect(await values()).toEqual({ eenc_implementing: [0, 1], births_in_eenc_facilities: [0, n] });
    // The stored rollups agree with a recount from the records.
    await t.db.query('select indicator_refresh_facilities(array[$1]::uuid[])', [H01]);
    expect(await values()).toEqual({ eenc_implementing: [0, 1], births_in_eenc_facilities: [0, n] });
    await change('team_formed');
    expect(await values()).toEqual({ eenc_implementing: [1, 1], births_in_eenc_facilities: [n, n] });
  });

  it.each([
    ['en', { implementingStep: 'trained' }, 'settings.implementingStep', 'births.implementingStepKind'],
    ['vi', { kmcMaxWeightGrams: 250 }, 'settings.kmcMaxWeightGrams', 'births.kmcWeightRange'],
    ['en', { kmcMaxWeightGrams: 2000.5 }, 'settings.kmcMaxWeightGrams', 'births.kmcWeightRange'],
    ['en', { kmcMaxGestationalWeeks: 50 }, 'settings.kmcMaxGestationalWeeks', 'births.kmcWeeksRange'],
    ['vi', { kmcWeightCutoff: 'above' }, 'settings.kmcWeightCutoff', 'births.kmcCutoffKind'],
  ] as const)(
    'refuses bad cut-offs with a clear %s message at the field and writes nothing (%j)',
    async (locale, patch, path, key) => {
      await t.db.query("update users set locale = $1 where username = 'national.vn'", [locale]);
      const reader = await t.login('national.vn');
      const before = await settingsView();
      const kmcBefore = await t.db.query('select id, kmc_eligible from newborns order by id');
      const res = await reader.put(`/api/eenc-settings/${VN}`, {
        version: before.version,
        settings: { ...before.settings, ...patch },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([{ path, message: translate(locale, key) }]);
      expect(await settingsView()).toEqual(before);
      expect(await t.db.query('select id, kmc_eligible from newborns order by id')).toEqual(kmcBefore);
    },
  );
});

describe("the register's earliest birth date reaches the form", () => {
  const t = useTestApp({ config: { registerEarliestBirthDate: '2015-07-01' } });

  it('GET /api/eenc-settings gives the configured REGISTER_EARLIEST_BIRTH_DATE, the date the API enforces', async () => {
    const midwife = await t.login('midwife.dn');
    const view = await midwife.get(`/api/eenc-settings?orgUnit=${H01}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().earliestBirthDate).toBe('2015-07-01');
    const old = await midwife.post(
      '/api/births',
      buildBirthRaw({ facilityId: H01, delivery: { bornAt: '2012-05-01T10:00:00+07:00' } }),
    );
    expect(old.statusCode).toBe(400);
    expect(old.json().issues).toContainEqual({
      path: 'delivery.bornAt',
      message: translate('vi', 'births.bornAtTooEarly', { date: '2015-07-01' }),
    });
  });
});
