import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { Birth } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import type { Worklist } from '../../../shared/pnc/pnc.schema';
import { DEMO_SEEDERS } from '../../seed/demo-seeders';
import { idSeries, indicatorCounts } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { C01, H01, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import { buildKmcStart } from '../../../shared/kmc/kmc-builders';

// Clock: 2026-03-10T08:00Z (15:00 in Đà Nẵng); the babies are born on 8 March, mothers in commune C01.
const bornAt = '2026-03-08T10:00:00+07:00';
const newId = idSeries('a000');
const DAY = 86_400_000;

describe('KMC follow-up to graduation on the postnatal worklists', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const commune = useLogin(t, 'pnc.hc1'); // the PNC worker of C01

  const inKmc = async (grams = 1800, weeks: number | null = 33) => {
    const b = await recordBirth(midwife, {
      bornAt,
      communeId: C01,
      gestationalAgeWeeks: weeks,
      newborns: [buildNewbornRaw({ birthWeightGrams: grams })],
    });
    const res = await midwife.post('/api/kmc/episodes', {
      id: newId(),
      newbornId: b.newborns[0]!.id,
      ...buildKmcStart('2026-03-08T10:30:00+07:00'),
    });
    expect(res.statusCode, res.body).toBe(201);
    return { birth: b, episode: res.json<KmcEpisode>() };
  };
  const discharge = async (e: KmcEpisode, outcome = 'discharged_in_kmc') => {
    const res = await midwife.post(`/api/kmc/episodes/${e.episodeId}/discharge`, {
      version: e.episode!.version,
      dischargedOn: '2026-03-10',
      outcome,
      weightGrams: 1850,
      checks: { feedsWell: true, weightGain3Days: true, temperatureStable: true, caregiverReady: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<KmcEpisode>();
  };
  /** The KMC follow-up contacts of one baby on the commune's worklist. */
  const kmcRows = async (newbornId: string) => {
    const res = await commune.get(`/api/pnc/worklist?orgUnit=${C01}&limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<Worklist>()
      .items.filter((i) => i.newbornId === newbornId && /^k\d+$/.test(i.contactCode))
      .map((i) => ({
        code: i.contactCode,
        section: i.section,
        marked: i.riskMarkers.includes('kmc_follow_up'),
      }));
  };
  const graduate = (e: KmcEpisode, body: Record<string, unknown>) =>
    midwife.post(`/api/kmc/episodes/${e.episodeId}/graduation`, {
      version: e.episode!.version,
      graduatedOn: '2026-03-10',
      weightGrams: 2500,
      ...body,
    });

  it('puts a baby discharged in KMC on the commune worklist (weekly contacts of the schedule), and graduation takes it off', async () => {
    const { birth, episode } = await inKmc();
    const nb = birth.newborns[0]!.id;
    expect(await kmcRows(nb)).toEqual([]); // in the ward: no KMC follow-up yet
    const closed = await discharge(episode);
    expect(closed).toMatchObject({ inFollowUp: true, graduationRule: { grams: 2500, pmaWeeks: 40 } });
    // Week 1 (7 days after the discharge on 10 March: 17 March) is within the 7 upcoming days of
    // 10 March; week 2 is not yet.
    expect(await kmcRows(nb)).toEqual([{ code: 'k1', section: 'upcoming', marked: true }]);

    // Not yet: 2,400 g at 33 weeks meets neither 2,500 g nor 40 weeks.
    const early = await graduate(closed, { weightGrams: 2400 });
    expect(early.statusCode).toBe(400);
    expect(early.json<{ issues: { path: string; message: string }[] }>().issues).toEqual([
      expect.objectContaining({ path: 'weightGrams' }),
    ]);
    expect((await graduate(closed, { graduatedOn: '2026-03-09' })).statusCode).toBe(400); // before discharge
    expect((await graduate(closed, { version: closed.episode!.version + 5 })).statusCode).toBe(409);

    const res = await graduate(closed, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<KmcEpisode>()).toMatchObject({
      inFollowUp: false,
      episode: { graduation: { graduatedOn: '2026-03-10', weightGrams: 2500, pmaWeeks: 33 } },
    });
    expect(await kmcRows(nb)).toEqual([]);
    // Once graduated, not again.
    expect((await graduate(res.json<KmcEpisode>(), {})).statusCode).toBe(409);
    const [audit] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity_type = 'kmc_episode' and details ->> 'action' = 'graduate'",
    );
    expect(audit!.n).toBe(1);
  });

  it('gives no KMC follow-up to a baby whose KMC stopped, nor to one who graduated only on paper (in the ward)', async () => {
    const stopped = await inKmc();
    await discharge(stopped.episode, 'stopped');
    expect(await kmcRows(stopped.birth.newborns[0]!.id)).toEqual([]);
    const open = await inKmc();
    expect((await graduate(open.episode, {})).statusCode).toBe(409);
  });

  it('removes the follow-ups when the baby is recorded as died', async () => {
    const { birth, episode } = await inKmc();
    const nb = birth.newborns[0]!.id;
    await discharge(episode);
    expect((await kmcRows(nb)).length).toBe(1);
    const doc = (await midwife.get(`/api/births/${birth.id}`)).json<Birth>();
    const input = birthToInput(doc);
    const res = await midwife.put(`/api/births/${birth.id}`, {
      ...input,
      version: doc.version,
      newborns: input.newborns.map((n) => ({
        ...n,
        discharge: { date: '2026-03-10', time: '06:00', status: 'died', exclusiveBreastfeeding: null },
      })),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await kmcRows(nb)).toEqual([]);
  });

  it('counts follow-up attended and graduation through the kmc source at the next query', async () => {
    const ids = ['kmc_follow_up_attended', 'kmc_graduated'];
    const values = async (reader = midwife) =>
      (await indicatorCounts(reader, H01, ['2026-03-08', '2026-03-08'], ids)).map((v) => [
        v.id,
        v.numerator,
        v.denominator,
      ]);
    const before = await values();
    const seen = await inKmc();
    await discharge(seen.episode);
    const grad = await inKmc(2000);
    const gradClosed = await discharge(grad.episode);
    expect((await graduate(gradClosed, { weightGrams: 2600 })).statusCode).toBe(200);
    // A week later the commune worker makes the first KMC follow-up contact.
    t.clock.advance(6 * DAY);
    const worker = await t.login('pnc.hc1'); // the session of 10 March has expired
    const visit = wellVisit(seen.birth, 'k1', '2026-03-15T09:00:00+07:00', { mother: undefined });
    // Weight, breastfeeding and hours of skin-to-skin at home (0–24).
    visit.newborns![0] = { ...visit.newborns![0]!, weightGrams: 2100, kmcHoursYesterday: 25 };
    const bad = await worker.post('/api/pnc/visits', visit);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ issues: { path: string }[] }>().issues[0]!.path).toBe('newborns.0.kmcHoursYesterday');
    visit.newborns![0] = { ...visit.newborns![0]!, kmcHoursYesterday: 18 };
    const v = await worker.post('/api/pnc/visits', visit);
    expect(v.statusCode, v.body).toBe(201);
    const [stored] = await t.db.query<{ hours: number }>(
      `select (observations ->> 'kmcHoursYesterday')::float8 as hours from pnc_contacts
        where subject_id = $1 and contact_code = 'k1'`,
      [seen.birth.newborns[0]!.id],
    );
    expect(stored!.hours).toBe(18);
    const after = await values(await t.login('midwife.dn'));
    expect(
      after.map(([id, n, d], i) => [
        id,
        Number(n) - Number(before[i]![1]),
        Number(d) - Number(before[i]![2]),
      ]),
    ).toEqual([
      ['kmc_follow_up_attended', 1, 2],
      ['kmc_graduated', 1, 2],
    ]);
  });
});

describe('the demo', () => {
  const t = useTestApp();
  it('has babies in KMC follow-up and babies graduated, each on the right side of the marker', async () => {
    for (const seed of DEMO_SEEDERS) await seed(t.db, t.clock.now());
    const [r] = await t.db.query<{ following: number; graduated: number; wrong: number }>(
      `select count(*) filter (where n.kmc_follow_up)::int as following,
              count(*) filter (where e.graduated_on is not null)::int as graduated,
              count(*) filter (where n.kmc_follow_up and (e.graduated_on is not null or e.outcome <> 'discharged_in_kmc'))::int as wrong
         from kmc_episodes e join newborns n on n.id = e.newborn_id`,
    );
    expect(r!.following).toBeGreaterThan(0);
    expect(r!.graduated).toBeGreaterThan(0);
    expect(r!.wrong).toBe(0);
  });
});
