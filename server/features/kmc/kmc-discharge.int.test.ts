import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { KmcReadiness } from '../../../shared/kmc/kmc-readiness';
import type { KmcEpisode, KmcList } from '../../../shared/kmc/kmc.schema';
import { expectError, idSeries, issuePaths } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { translate } from '../../../shared/i18n/messages';
import { buildKmcStart, H01, recordBirth } from '../pnc/pnc-test-helpers';

// Clock: 2026-03-10T08:00Z = 15:00 in Đà Nẵng. Born on 5 March: five days can be logged before today.
const bornAt = '2026-03-05T10:00:00+07:00';
const newId = idSeries('8400');

describe('KMC discharge checks read from the daily log', () => {
  const t = useTestApp();
  const [midwife] = useLogins(t, 'midwife.dn');

  /** A 1,700 g baby in KMC with days logged (weight, lowest temperature), as the page reads it. */
  async function babyWithLog(days: Array<[string, number | null, number | null]>) {
    const birth = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 34,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1700 })],
    });
    const newbornId = birth.newborns[0]!.id;
    const started = await midwife.post('/api/kmc/episodes', buildKmcStart({ id: newId(), newbornId }));
    expect(started.statusCode, started.body).toBe(201);
    const episodeId = started.json<KmcEpisode>().episodeId!;
    for (const [date, weightGrams, lowestTemperatureC] of days) {
      const res = await midwife.put(`/api/kmc/episodes/${episodeId}/logs/${date}`, {
        version: null,
        sscHours: 12,
        feeding: 'exclusive_breast_milk',
        weightGrams,
        lowestTemperatureC,
        dangerSigns: ['none'],
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const page = async () => (await midwife.get(`/api/kmc/babies/${newbornId}`)).json<KmcEpisode>();
    return { newbornId, episodeId, page };
  }
  const allYes = { feedsWell: true, weightGain3Days: true, temperatureStable: true, caregiverReady: true };
  const auditCount = async (episodeId: string) =>
    (
      await t.db.query<{ n: number }>(
        "select count(*)::int as n from audit_log where entity_type = 'kmc_episode' and entity_id = $1 and details ->> 'action' = 'discharge'",
        [episodeId],
      )
    )[0]!.n;

  it('refuses "weight gain for 3 days" in a discharge in KMC whose log shows a fall, in vi and en, writing nothing; saves it with a reason, recorded and audited', async () => {
    const { newbornId, episodeId, page } = await babyWithLog([
      ['2026-03-06', 1690, 36.6],
      ['2026-03-07', 1700, 36.7],
      ['2026-03-08', 1690, 36.8],
      ['2026-03-09', 1720, 36.7],
    ]);
    const before = await page();
    expect(before.dischargeCheckRule).toEqual({
      kmcWeightGainDays: 3,
      kmcStableTemperatureDays: 3,
      kmcNormalTemperatureMinC: 36.5,
      kmcNormalTemperatureBelowC: 37.5,
    });
    const body = {
      version: before.episode!.version,
      dischargedOn: '2026-03-09',
      outcome: 'discharged_in_kmc',
      weightGrams: 1720,
      checks: allYes,
    };
    // The midwife reads Vietnamese (her saved language); the same issue in English from the catalogue.
    const refused = await midwife.post(`/api/kmc/episodes/${episodeId}/discharge`, body);
    const days = '2026-03-06: 1690, 2026-03-07: 1700, 2026-03-08: 1690, 2026-03-09: 1720';
    expect(expectError(refused, 400, 'validation_failed').issues).toEqual([
      {
        path: 'checks.weightGain3Days',
        message: `Nhật ký hằng ngày ghi là không (${days}). Hãy chọn không, hoặc ghi lý do cho câu trả lời của bạn.`,
      },
    ]);
    expect(translate('en', 'kmc.logSaysNo', { days })).toBe(
      `The daily log says no (${days}). Answer no, or give the reason for your answer.`,
    );
    // Nothing written: still in KMC at the same version, no follow-up, no audit entry.
    expect(await page()).toMatchObject({
      status: 'in_kmc',
      inFollowUp: false,
      episode: { version: before.episode!.version, discharge: null },
    });
    expect(await auditCount(episodeId)).toBe(0);

    // A reason where the log agrees (temperature) is refused too; a too-short reason names its field.
    const wrongReason = await midwife.post(`/api/kmc/episodes/${episodeId}/discharge`, {
      ...body,
      overrideReasons: { weightGain3Days: 'Weighed on the new scale', temperatureStable: 'Stable' },
    });
    expect(issuePaths(wrongReason)).toEqual(['overrideReasons.temperatureStable']);
    const short = await midwife.post(`/api/kmc/episodes/${episodeId}/discharge`, {
      ...body,
      overrideReasons: { weightGain3Days: ' a ' },
    });
    expect(issuePaths(short)).toEqual(['overrideReasons.weightGain3Days']);

    const saved = await midwife.post(`/api/kmc/episodes/${episodeId}/discharge`, {
      ...body,
      overrideReasons: { weightGain3Days: 'Weighed on the new scale since 8 March' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<KmcEpisode>()).toMatchObject({
      status: 'closed',
      inFollowUp: true,
      episode: {
        discharge: {
          checks: allYes,
          fromLog: {
            weightGain3Days: { fromLog: false, overrideReason: 'Weighed on the new scale since 8 March' },
            temperatureStable: { fromLog: true, overrideReason: null },
          },
        },
      },
    });
    const [audit] = await t.db.query<{ after: { fromLog: unknown; checks: unknown } }>(
      "select after from audit_log where entity_type = 'kmc_episode' and entity_id = $1 and details ->> 'action' = 'discharge'",
      [episodeId],
    );
    expect(audit!.after.fromLog).toEqual({
      weightGain3Days: { fromLog: false, overrideReason: 'Weighed on the new scale since 8 March' },
      temperatureStable: { fromLog: true, overrideReason: null },
    });
    expect(
      (await midwife.get(`/api/kmc/babies/${newbornId}`)).json<KmcEpisode>().episode!.discharge!.fromLog,
    ).not.toBeNull();
  });

  it("takes the log's answer for a blank check, refuses a no the log contradicts (temperature stable), and lets the nurse declare what the log cannot say", async () => {
    const { episodeId, page } = await babyWithLog([
      ['2026-03-06', 1710, 36.6],
      ['2026-03-07', 1720, 36.6],
      ['2026-03-08', 1740, 36.7],
      ['2026-03-09', 1760, 36.9],
    ]);
    const version = (await page()).episode!.version;
    const base = { version, dischargedOn: '2026-03-09', outcome: 'discharged_in_kmc', weightGrams: 1760 };
    const no = await midwife.post(`/api/kmc/episodes/${episodeId}/discharge`, {
      ...base,
      checks: { ...allYes, temperatureStable: false },
    });
    expect(expectError(no, 400, 'validation_failed').issues).toEqual([
      {
        path: 'checks.temperatureStable',
        message:
          'Nhật ký hằng ngày ghi là có (2026-03-07: 36.6, 2026-03-08: 36.7, 2026-03-09: 36.9). Hãy chọn có, hoặc ghi lý do cho câu trả lời của bạn.',
      },
    ]);
    const blank = await midwife.post(`/api/kmc/episodes/${episodeId}/discharge`, {
      ...base,
      checks: { feedsWell: true, weightGain3Days: null, temperatureStable: null, caregiverReady: true },
    });
    expect(blank.statusCode, blank.body).toBe(200);
    expect(blank.json<KmcEpisode>().episode!.discharge!.checks).toEqual(allYes);

    // Two days logged, no temperatures: the log cannot say, and the nurse's answers stand.
    const short = await babyWithLog([
      ['2026-03-08', 1700, null],
      ['2026-03-09', 1710, null],
    ]);
    const v = (await short.page()).episode!.version;
    const declared = await midwife.post(`/api/kmc/episodes/${short.episodeId}/discharge`, {
      ...base,
      version: v,
      checks: allYes,
    });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json<KmcEpisode>().episode!.discharge!.fromLog).toEqual({
      weightGain3Days: { fromLog: null, overrideReason: null },
      temperatureStable: { fromLog: null, overrideReason: null },
    });
  });
});

describe('urgent referral only where the facility cannot provide special newborn care', () => {
  const t = useTestApp();
  const [lead, midwife] = useLogins(t, 'lead.dn', 'midwife.dn');
  const readinessUrl = `/api/kmc/facilities/${H01}/readiness`;

  it('shows the facility\'s declaration on the list and the page, refuses "no special care" with KMC in a NICU, and keeps the answer when a save leaves it out', async () => {
    const tiny = await recordBirth(midwife, {
      bornAt,
      gestationalAgeWeeks: 30,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1300 })],
    });
    const id = tiny.newborns[0]!.id;
    const listed = async () =>
      (await midwife.get(`/api/kmc/babies?orgUnit=${H01}`))
        .json<KmcList>()
        .items.find((i) => i.newbornId === id);
    const page = async () => (await midwife.get(`/api/kmc/babies/${id}`)).json<KmcEpisode>();
    // Nothing declared: marked for special care, the facility's capacity unknown.
    expect(await listed()).toMatchObject({ specialCare: true, specialCareHere: null });

    const nicuButNo = await lead.put(readinessUrl, {
      version: null,
      offersKmc: true,
      offeredSince: '2026-02-01',
      places: ['kmc_ward', 'nicu'],
      providesSpecialCare: false,
    });
    expect(issuePaths(nicuButNo)).toEqual(['providesSpecialCare']);
    expect((await lead.get(readinessUrl)).json<KmcReadiness>().declaration).toBeNull();

    const no = await lead.put(readinessUrl, {
      version: null,
      offersKmc: true,
      offeredSince: '2026-02-01',
      places: ['kmc_ward'],
      providesSpecialCare: false,
    });
    expect(no.statusCode, no.body).toBe(200);
    expect(no.json<KmcReadiness>().declaration).toMatchObject({ providesSpecialCare: false, version: 1 });
    expect(await listed()).toMatchObject({ specialCare: true, specialCareHere: false });
    expect(await page()).toMatchObject({ specialCare: true, specialCareHere: false });

    // A save that leaves the answer out (an older client) keeps it.
    const kept = await lead.put(readinessUrl, {
      version: 1,
      offersKmc: true,
      offeredSince: '2026-02-01',
      places: ['kmc_ward', 'postnatal_ward'],
    });
    expect(kept.json<KmcReadiness>().declaration).toMatchObject({ providesSpecialCare: false, version: 2 });

    const yes = await lead.put(readinessUrl, {
      version: 2,
      offersKmc: true,
      offeredSince: '2026-02-01',
      places: ['kmc_ward', 'nicu'],
      providesSpecialCare: true,
    });
    expect(yes.statusCode, yes.body).toBe(200);
    expect(await listed()).toMatchObject({ specialCare: true, specialCareHere: true });
    const [audit] = await t.db.query<{ before: unknown; after: unknown }>(
      "select before, after from audit_log where entity_type = 'kmc_facility_readiness' order by id desc limit 1",
    );
    expect(audit).toMatchObject({
      before: { providesSpecialCare: false },
      after: { providesSpecialCare: true },
    });
    // A clinician may not change it.
    expect(
      (
        await midwife.put(readinessUrl, {
          version: 3,
          offersKmc: true,
          offeredSince: '2026-02-01',
          places: ['kmc_ward'],
          providesSpecialCare: false,
        })
      ).statusCode,
    ).toBe(403);
  });
});
