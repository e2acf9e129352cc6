import { beforeAll, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { Birth } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import { DEFAULT_EENC_SETTINGS, KMC_PRESETS } from '../../../shared/births/eenc-settings';
import type { KmcReadiness } from '../../../shared/kmc/kmc-readiness';
import type { KmcEpisode, KmcList } from '../../../shared/kmc/kmc.schema';
import { DEMO_SEEDERS } from '../../seed/demo-seeders';
import { idSeries, issuePaths } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { buildKmcStart, H01, recordBirth } from '../pnc/pnc-test-helpers';
import { VN } from '../../test/demo-units';

// Clock: 2026-03-10T08:00Z = 15:00 in Đà Nẵng.
const bornAt = '2026-03-08T10:00:00+07:00';
const newId = idSeries('8000');

describe('kangaroo mother care: list, episode, daily log, discharge', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const otherNurse = useLogin(t, 'nurse.hc'); // clinician of another facility
  const national = useLogin(t, 'national.vn');

  const smallBaby = (grams: number, weeks: number | null = 35) =>
    recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: weeks,
      newborns: [buildNewbornRaw({ birthWeightGrams: grams })],
    });
  const list = async () => (await midwife.get(`/api/kmc/babies?orgUnit=${H01}`)).json<KmcList>();
  /** The list read now, as a lookup of a recorded birth's first baby (undefined when not listed). */
  const listedBabies = async () => {
    const items = (await list()).items;
    return (b: { newborns: { id: string }[] }) => items.find((i) => i.newbornId === b.newborns[0]!.id);
  };
  const start = (newbornId: string, overrides: Record<string, unknown> = {}) =>
    midwife.post('/api/kmc/episodes', buildKmcStart({ id: newId(), newbornId, ...overrides }));
  const day = {
    sscHours: 12,
    feeding: 'exclusive_breast_milk',
    weightGrams: null,
    lowestTemperatureC: 36.6,
    dangerSigns: ['none'],
  };

  it('lists a 1,900 g baby from the moment the birth is saved, marked for special care under 1,500 g, and not a term 3,100 g baby', async () => {
    const small = await smallBaby(1900);
    const tiny = await smallBaby(1400);
    const term = await smallBaby(3100, 39);
    const of = await listedBabies();
    expect(of(small)).toMatchObject({
      status: 'not_started',
      eligible: true,
      specialCare: false,
      episodeId: null,
    });
    expect(of(small)!.motherName).toMatch(/^Mẹ /);
    expect(of(small)!.rule).toEqual({ preset: 'eenc', ...KMC_PRESETS.eenc });
    expect(of(tiny)).toMatchObject({ eligible: true, specialCare: true });
    expect(of(term)).toBeUndefined();
  });

  it('lists a baby marked for special care whose eligibility is unknown (no weight at 31 weeks under EENC), not a 2,100 g 38-week baby', async () => {
    const unweighed = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 31,
      newborns: [buildNewbornRaw({ birthWeightGrams: null })],
    });
    const near = await smallBaby(2100, 38);
    const of = await listedBabies();
    // Marked under the default thresholds (1,500 g, 32 weeks); its eligibility is unknown under EENC.
    const marked = { specialCare: true, specialCareBelow: { grams: 1500, weeks: 32 } };
    expect(of(unweighed)).toMatchObject({ status: 'not_started', eligible: null, ...marked });
    expect(of(unweighed)!.rule).toEqual({ preset: 'eenc', ...KMC_PRESETS.eenc });
    expect(of(near)).toBeUndefined();
  });

  it('keeps the list and the baby to the facility: another facility’s nurse sees neither', async () => {
    const b = await smallBaby(1800);
    const res = await otherNurse.get(`/api/kmc/babies?orgUnit=${H01}`);
    expect(res.statusCode).toBe(403);
    expect((await otherNurse.get(`/api/kmc/babies/${b.newborns[0]!.id}`)).statusCode).toBe(403);
    expect((await start(b.newborns[0]!.id)).statusCode).toBe(201);
    const [audit] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'kmc_episode' and action = 'create'",
    );
    expect(audit!.n).toBeGreaterThan(0);
  });

  it('starts an episode (immediate within the hour without incubator), logs days, flags the ward, discharges', async () => {
    const b = await smallBaby(1850);
    const nb = b.newborns[0]!.id;
    const bad = await start(nb, { place: null, startedAt: '2026-03-08T09:00:00+07:00' });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad).sort()).toEqual(['place', 'startedAt']);
    const res = await start(nb);
    expect(res.statusCode, res.body).toBe(201);
    const ep = res.json<KmcEpisode>();
    expect(ep).toMatchObject({ status: 'in_kmc', immediate: true, place: 'kmc_ward' });
    const id = ep.episodeId!;
    // The same id again is the same episode (an offline retry); another id is a conflict.
    expect((await start(nb, { id })).statusCode).toBe(200);
    expect((await start(nb)).statusCode).toBe(409);

    const log = (date: string, body: Record<string, unknown>) =>
      midwife.put(`/api/kmc/episodes/${id}/logs/${date}`, { version: null, ...day, ...body });
    expect(
      (await log('2026-03-08', { sscHours: 24.5 })).json<{ issues: { path: string }[] }>().issues[0]!.path,
    ).toBe('sscHours');
    expect((await log('2026-03-07', {})).statusCode).toBe(400); // before the birth
    expect((await log('2026-03-11', {})).statusCode).toBe(400); // tomorrow at the facility
    expect((await log('2026-03-08', { weightGrams: 1830 })).statusCode).toBe(200);
    // 1,830 → 1,400 g in a day is asked to confirm, then accepted and marked.
    const jump = await log('2026-03-09', { weightGrams: 1400, sscHours: 6 });
    expect(jump.statusCode).toBe(400);
    expect(jump.json<{ issues: { path: string; message: string }[] }>().issues).toEqual([
      { path: 'weightGrams', message: expect.stringContaining('1830 g') },
    ]);
    expect((await log('2026-03-09', { weightGrams: 1800, sscHours: 6 })).statusCode).toBe(200);
    const third = await log('2026-03-10', { weightGrams: 1790, sscHours: 7 });
    expect(third.statusCode, third.body).toBe(200);
    expect(third.json<KmcEpisode>()).toMatchObject({
      belowMinHours: true,
      weightFalling: true,
      lastWeightGrams: 1790,
    });
    expect((await list()).items.find((i) => i.newbornId === nb)).toMatchObject({
      belowMinHours: true,
      weightFalling: true,
    });
    // A day already logged is not added twice; a stale correction is a 409; a fresh one is saved.
    expect((await log('2026-03-10', {})).statusCode).toBe(409);
    const v1 = third.json<KmcEpisode>().logs.find((l) => l.date === '2026-03-10')!.version;
    expect((await log('2026-03-10', { version: v1, sscHours: 9, weightGrams: 1790 })).statusCode).toBe(200);
    const stale = await log('2026-03-10', { version: v1, sscHours: 10, weightGrams: 1790 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ code: string }>().code).toBe('version_conflict');

    const current = (await midwife.get(`/api/kmc/babies/${nb}`)).json<KmcEpisode>();
    expect(current.belowMinHours).toBe(false);
    const discharged = await midwife.post(`/api/kmc/episodes/${id}/discharge`, {
      version: current.episode!.version,
      dischargedOn: '2026-03-10',
      outcome: 'discharged_in_kmc',
      weightGrams: 1800,
      checks: { feedsWell: true, weightGain3Days: false, temperatureStable: true, caregiverReady: true },
    });
    expect(discharged.statusCode, discharged.body).toBe(200);
    expect(discharged.json<KmcEpisode>()).toMatchObject({
      status: 'closed',
      outcome: 'discharged_in_kmc',
      rule: { preset: 'eenc' },
      episode: { discharge: { weightGrams: 1800, checks: { weightGain3Days: false } } },
    });
    expect((await log('2026-03-10', { version: 3 })).statusCode).toBe(409); // closed
  });

  it('saves a weight jump over 20 % a day once confirmed and marks it; of two nurses correcting one day at once, one is saved and the other gets 409', async () => {
    const nb = (await smallBaby(1800)).newborns[0]!.id;
    const id = (await start(nb)).json<KmcEpisode>().episodeId!;
    const log = (date: string, body: Record<string, unknown>) =>
      midwife.put(`/api/kmc/episodes/${id}/logs/${date}`, { version: null, ...day, ...body });
    // From the birth weight (1,800 g on the day of birth): +20 % is accepted, +20.6 % asks to confirm.
    expect((await log('2026-03-08', { weightGrams: 2160 })).statusCode).toBe(200);
    expect((await log('2026-03-09', { weightGrams: 2610 })).statusCode).toBe(400);
    const confirmed = await log('2026-03-09', { weightGrams: 2610, confirmWeightJump: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const logs = confirmed.json<KmcEpisode>().logs.map((l) => [l.date, l.weightGrams, l.weightJumpConfirmed]);
    expect(logs).toEqual([
      ['2026-03-08', 2160, false],
      ['2026-03-09', 2610, true],
    ]);
    const version = confirmed.json<KmcEpisode>().logs[1]!.version;
    const second = await t.login('midwife.dn');
    const both = await Promise.all([
      log('2026-03-09', { version, sscHours: 9, weightGrams: 2610, confirmWeightJump: true }),
      second.put(`/api/kmc/episodes/${id}/logs/2026-03-09`, {
        ...day,
        version,
        sscHours: 10,
        weightGrams: 2610,
        confirmWeightJump: true,
      }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const saved = (await midwife.get(`/api/kmc/babies/${nb}`)).json<KmcEpisode>().logs[1]!;
    const winner = both.find((r) => r.statusCode === 200)!.json<KmcEpisode>().logs[1]!;
    expect(saved).toEqual(winner);
    expect(saved.version).toBe(version + 1);
  });

  it('records why KMC was not started, and needs the reason or the start', async () => {
    const b = await smallBaby(1700);
    const nb = b.newborns[0]!.id;
    const none = await start(nb, { startedAt: null, incubatorFirst: null, place: null, provider: null });
    expect(issuePaths(none)).toEqual(['startedAt']);
    const res = await start(nb, {
      startedAt: null,
      incubatorFirst: null,
      place: null,
      provider: null,
      notStartedReason: 'baby_unstable',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<KmcEpisode>()).toMatchObject({ status: 'not_started', immediate: false });
  });

  it('follows the birth record: a weight corrected from 2,100 to 1,900 g opens eligibility; a death recorded closes the episode as died', async () => {
    const b = await smallBaby(2100, 39);
    const nb = b.newborns[0]!.id;
    const edit = async (change: (n: Record<string, unknown>) => Record<string, unknown>) => {
      const doc = (await midwife.get(`/api/births/${b.id}`)).json<Birth>();
      const input = birthToInput(doc);
      const res = await midwife.put(`/api/births/${b.id}`, {
        ...input,
        version: doc.version,
        newborns: input.newborns.map((n) => change(n as unknown as Record<string, unknown>)),
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    expect((await list()).items.some((i) => i.newbornId === nb)).toBe(false);
    await edit((n) => ({ ...n, birthWeightGrams: 1900 }));
    expect((await list()).items.find((i) => i.newbornId === nb)).toMatchObject({
      eligible: true,
      status: 'not_started',
    });

    expect((await start(nb)).statusCode).toBe(201);
    await edit((n) => ({
      ...n,
      discharge: { date: '2026-03-10', time: '06:00', status: 'died', exclusiveBreastfeeding: null },
    }));
    const after = (await midwife.get(`/api/kmc/babies/${nb}`)).json<KmcEpisode>();
    expect(after).toMatchObject({
      status: 'closed',
      outcome: 'died',
      eligible: true,
      rule: { preset: 'eenc', kmcMaxWeightGrams: 2000 },
      episode: { discharge: { dischargedOn: '2026-03-10', outcome: 'died', weightGrams: null } },
    });
  });

  it('re-derives eligibility for babies not started or in KMC when the country rule changes; a closed episode keeps its rule and says which', async () => {
    const open = await smallBaby(2300, 39);
    const closed = await smallBaby(2300, 39);
    const view = async () =>
      (await national.get(`/api/eenc-settings?orgUnit=${VN}`)).json<{ version: number }>();
    const setRule = async (preset: typeof KMC_PRESETS.eenc | typeof KMC_PRESETS.who2022) => {
      const res = await national.put(`/api/eenc-settings/${VN}`, {
        version: (await view()).version,
        settings: { ...DEFAULT_EENC_SETTINGS, ...preset },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const baby = async (b: { newborns: { id: string }[] }) =>
      (await midwife.get(`/api/kmc/babies/${b.newborns[0]!.id}`)).json<KmcEpisode>();
    expect((await baby(open)).eligible).toBe(false);

    await setRule(KMC_PRESETS.who2022);
    expect(await baby(open)).toMatchObject({ eligible: true, rule: { preset: 'who2022' } });
    for (const b of [open, closed]) expect((await start(b.newborns[0]!.id)).statusCode).toBe(201);
    const c = await baby(closed);
    await midwife.post(`/api/kmc/episodes/${c.episodeId}/discharge`, {
      version: c.episode!.version,
      dischargedOn: '2026-03-10',
      outcome: 'stopped',
      weightGrams: null,
      checks: { feedsWell: null, weightGain3Days: null, temperatureStable: null, caregiverReady: null },
    });

    await setRule(KMC_PRESETS.eenc);
    expect(await baby(open)).toMatchObject({
      status: 'in_kmc',
      eligible: false,
      rule: { preset: 'eenc' },
      ruleIsCurrent: true,
    });
    expect(await baby(closed)).toMatchObject({
      status: 'closed',
      eligible: true,
      rule: { preset: 'who2022', kmcMaxWeightGrams: 2500, kmcMaxGestationalWeeks: 37 },
      ruleIsCurrent: false,
    });
  });
});

describe('the demo that npm start seeds', () => {
  const t = useTestApp();
  const lead = useLogin(t, 'lead.dn');
  beforeAll(async () => {
    for (const seed of DEMO_SEEDERS) await seed(t.db, t.clock.now());
  }, 120_000);

  it('has small babies in KMC this year: episodes started, logged and discharged', async () => {
    const [row] = await t.db.query<Record<string, number>>(
      `select count(*) filter (where e.started_at is not null)::int as started,
              count(*) filter (where e.started_at is null)::int as not_started,
              count(*) filter (where e.discharged_on is not null)::int as closed,
              count(*) filter (where e.outcome = 'discharged_in_kmc')::int as in_kmc,
              (select count(*)::int from kmc_daily_logs) as logs
         from kmc_episodes e join newborns n on n.id = e.newborn_id
        where n.birth_date >= '2026-01-01'`,
    );
    // The demo's births of 1 January to the test clock's 10 March: a handful of eligible babies.
    expect(row!.started, JSON.stringify(row)).toBeGreaterThanOrEqual(3);
    expect(row!.closed).toBeGreaterThan(0);
    expect(row!.in_kmc).toBeGreaterThan(0);
    expect(row!.logs).toBeGreaterThan(row!.started!);
    // The PNC demo's 1,800 g baby born 130 hours ago is on the ward in KMC, with its days logged.
    const list = (await lead.get(`/api/kmc/babies?orgUnit=${H01}&status=in_kmc`)).json<KmcList>();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i) => i.status === 'in_kmc' && i.lastLogDate !== null)).toBe(true);
    // The facility has declared that it offers KMC (the readiness page and indicator).
    const readiness = await lead.get(`/api/kmc/facilities/${H01}/readiness`);
    expect(readiness.json<KmcReadiness>().declaration).toMatchObject({
      offersKmc: true,
      offeredSince: '2026-01-01',
      places: ['kmc_ward', 'postnatal_ward'],
    });
  });
});
