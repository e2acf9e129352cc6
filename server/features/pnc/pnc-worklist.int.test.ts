import { beforeAll, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { worklistDay } from '../../../shared/pnc/pnc-schedule';
import { DEFAULT_PNC_SETTINGS } from '../../../shared/pnc/pnc-settings';
import {
  addToCounts,
  clockOf,
  compareKeys,
  compileSchedule,
  rowKey,
  type SectionCounts,
  subjectRows,
  type WorklistRow,
} from '../../../shared/pnc/pnc-worklist-core';
import { orgUnitIdOf } from '../../seed/demo';
import { createReadyUser } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import { queryWorklist } from './pnc-worklist';
import { C01, C02, recordBirth, wellVisit } from './pnc-test-helpers';

/**
 * The worklist reads older births from pnc_counts (kept by triggers) and only some subjects row by
 * row. Here it must equal a brute-force evaluation of every subject, for areas of every size, after
 * births of every age, visits, referrals, deaths, edits, deletions and a change of PNC workers.
 */
describe('worklist equals a brute-force evaluation of every follow-up', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const now = new Date('2026-03-10T08:00:00Z');
  const units = ['VN', 'VN-DN', 'VN-DN-HC', 'VN-DN-H01', 'VN-DN-HC-H', 'VN-DN-HC-C01', 'VN-DN-HC-C02'];

  async function bruteForce(code: string) {
    const [unit] = await t.db.query<{ id: string; path: string; timezone: string }>(
      'select id, path, timezone from org_units where code = $1',
      [code],
    );
    const inArea = new Set(
      (
        await t.db.query<{ id: string }>(
          "select id from org_units where path like $1 || '%' and kind in ('facility', 'commune')",
          [unit!.path],
        )
      ).map((r) => r.id),
    );
    const subjects = await t.db.query<{
      id: string;
      birth_id: string;
      kind: 'mother' | 'newborn';
      birth_order: number | null;
      facility_id: string;
      commune_id: string | null;
      assigned_unit_id: string;
      born_at: Date;
      day0: Date;
      kmc_day0: Date | null;
      active: boolean;
      risk_markers: never[];
      danger_found: boolean;
      done_codes: string[];
      open_referral_codes: string[];
      pair_danger: boolean;
      pair_risk: number;
    }>('select *, alive and not deceased as active from pnc_subjects where live_born');
    const day = worklistDay(now, unit!.timezone, DEFAULT_PNC_SETTINGS.upcomingDays);
    const schedule = compileSchedule(DEFAULT_PNC_SETTINGS);
    const rows: WorklistRow[] = subjects.flatMap((r) =>
      subjectRows(
        {
          id: r.id,
          birthId: r.birth_id,
          kind: r.kind,
          birthOrder: r.birth_order,
          viaFacility: inArea.has(r.facility_id),
          viaCommune:
            r.commune_id !== null && inArea.has(r.commune_id) && r.assigned_unit_id === r.commune_id,
          handedOver: r.assigned_unit_id === r.commune_id,
          bornAtMs: new Date(r.born_at).getTime(),
          day0Ms: new Date(r.day0).getTime(),
          kmcDay0Ms: r.kmc_day0 ? new Date(r.kmc_day0).getTime() : null,
          active: r.active,
          markers: r.risk_markers,
          dangerFound: r.danger_found,
          doneCodes: r.done_codes,
          openReferralCodes: r.open_referral_codes,
          pairDanger: r.pair_danger,
          pairRisk: r.pair_risk,
        },
        schedule,
        clockOf(now, day),
      ),
    );
    const counts: SectionCounts = { referral: 0, dueToday: 0, overdue: 0, upcoming: 0, notHandedOver: 0 };
    for (const r of rows) addToCounts(counts, r.sec, 1, r.handover === 'orphan');
    rows.sort((a, b) => compareKeys(rowKey(a), rowKey(b)));
    return { unit: unit!, day, counts, keys: rows.map((r) => `${r.subject.id}:${r.def.code}:${r.sec}`) };
  }

  async function viaWorklist(code: string, limit: number, section?: 'due_today' | 'overdue' | 'upcoming') {
    const bf = await bruteForce(code);
    const keys: string[] = [];
    let cursor: string | undefined;
    let counts: SectionCounts | undefined;
    for (let i = 0; i < 500; i++) {
      const { counts: c, rows } = await queryWorklist(t.db, {
        unit: bf.unit,
        settings: DEFAULT_PNC_SETTINGS,
        now,
        day: bf.day,
        limit,
        ...(section ? { section } : {}),
        ...(cursor ? { cursor } : {}),
      });
      counts = c;
      const page = rows.slice(0, limit);
      keys.push(...page.map((r) => `${r.subject.id}:${r.def.code}:${r.sec}`));
      if (rows.length <= limit) break;
      cursor = Buffer.from(JSON.stringify(rowKey(page.at(-1)!))).toString('base64url');
    }
    return { bf, counts: counts!, keys };
  }

  async function expectSameAsBruteForce() {
    for (const code of units) {
      const { bf, counts, keys } = await viaWorklist(code, 7);
      expect(counts, code).toEqual(bf.counts);
      expect(keys, code).toEqual(bf.keys);
      // The KMC contacts (counted from the discharge) are among the rows compared.
      if (code === 'VN') expect(keys.filter((k) => /:k\d+:/.test(k)).length).toBeGreaterThan(2);
    }
    const overdue = await viaWorklist('VN-DN', 5, 'overdue');
    expect(overdue.keys).toEqual(overdue.bf.keys.filter((k) => k.endsWith(':2')));
    const upcoming = await viaWorklist('VN', 2, 'upcoming');
    expect(upcoming.keys).toEqual(upcoming.bf.keys.filter((k) => k.endsWith(':3')));
    for (const limit of [1, 3, 25]) {
      const { bf, keys } = await viaWorklist('VN-DN', limit);
      expect(keys, `limit ${limit}`).toEqual(bf.keys);
    }
  }

  async function expectCountsConsistent() {
    const drift = await t.db.query(`
      with expected as (
        select a.id as unit_id, x.day0, x.stage, x.kind, x.active, x.markers, x.danger, x.done, x.priority, count(*)::int as n
          from (select facility_id as unit, 'facility' as stage, day0, kind, alive and not deceased as active,
                       risk_markers as markers, danger_found as danger, done_codes as done, priority
                  from pnc_subjects where counted and live_born
                union all
                select assigned_unit_id, case when assigned_unit_id = commune_id then 'commune' else 'orphan' end, day0,
                       kind, alive and not deceased, risk_markers, danger_found, done_codes, priority
                  from pnc_subjects where counted and live_born) x
          join org_units o on o.id = x.unit
         cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')::uuid[]) as a (id)
         group by 1, 2, 3, 4, 5, 6, 7, 8, 9
      ), actual as (
        select unit_id, day0, stage, kind, active, markers, danger, done, priority, n from pnc_counts where n <> 0
      )
      (select * from expected except select * from actual) union all (select * from actual except select * from expected)`);
    expect(drift).toEqual([]);
  }

  beforeAll(async () => {
    const nurse = await t.login('nurse.hc');
    const worker = await t.login('pnc.hc1');
    // Births from 1 to 50 days ago, at two facilities, mothers in C01 (worker), C02 (none) or nowhere.
    const communes = [C01, C02, null];
    for (let d = 0; d < 30; d++) {
      const bornAt = new Date(now.getTime() - (1 + d * 1.7) * 86_400_000).toISOString();
      const small = d % 4 === 0;
      const newborns = [
        buildNewbornRaw(small ? { birthWeightGrams: 1900 } : {}),
        ...(d % 9 === 0 ? [buildNewbornRaw({ birthOrder: 2, sex: 'male' })] : []),
      ];
      if (d % 5 === 2) {
        const res = await nurse.post(
          '/api/births',
          buildBirthRaw({
            facilityId: orgUnitIdOf('VN-DN-HC-H'),
            mother: { recordNumber: `N-${d}`, communeId: communes[d % 3] },
            delivery: { bornAt, babyCount: newborns.length },
            newborns,
          }),
        );
        expect(res.statusCode, res.body).toBe(201);
        continue;
      }
      const b = await recordBirth(midwife, { bornAt, communeId: communes[d % 3]!, newborns });
      const at = (hours: number) => new Date(new Date(bornAt).getTime() + hours * 3_600_000).toISOString();
      if (d % 2 === 0)
        await midwife.post('/api/pnc/visits', wellVisit(b, 'c1', at(6), { place: 'facility' }));
      if (d % 3 === 0 && now.getTime() > new Date(at(50)).getTime())
        await midwife.post('/api/pnc/visits', wellVisit(b, 'c2', at(50)));
      if (d === 7) {
        const v = wellVisit(b, 'c3', at(24 * 8));
        v.newborns![0] = { ...v.newborns![0]!, dangerSigns: ['convulsions'], referred: true };
        expect((await midwife.post('/api/pnc/visits', v)).statusCode).toBe(201);
      }
    }
    // The small babies discharged in KMC 0, 6, 12 or 18 days after birth (never after today): their
    // weekly KMC contacts count from the discharge and are read apart from the counts by day of birth.
    await t.db.query(
      `insert into kmc_episodes (id, newborn_id, facility_id, started_at, incubator_first, place, provider,
                                 discharged_on, outcome, created_at, updated_at)
       select gen_random_uuid(), n.id, b.facility_id, b.born_at, false, 'kmc_ward', 'mother',
              least(n.birth_date + (row_number() over (order by b.born_at))::int % 4 * 6, '2026-03-10'::date),
              'discharged_in_kmc', now(), now()
         from newborns n join births b on b.id = n.birth_id where n.birth_weight_grams = 1900`,
    );
    await t.db.query('update newborns set kmc_follow_up = true where birth_weight_grams = 1900');
    const [kmc] = await t.db.query<{ n: number; later: number }>(
      'select count(*)::int as n, count(*) filter (where kmc_day0 > day0)::int as later from pnc_subjects where kmc_day0 is not null',
    );
    expect(kmc!.n).toBeGreaterThanOrEqual(6);
    expect(kmc!.later).toBeGreaterThan(0);
    // A recent pair with a danger sign at contact 2, handled by the commune worker.
    const recent = await recordBirth(midwife, { bornAt: '2026-03-08T06:00:00+07:00', communeId: C01 });
    const v = wellVisit(recent, 'c2', '2026-03-10T09:00:00+07:00');
    v.mother = { ...v.mother!, systolic: 165, diastolic: 100 };
    expect((await worker.post('/api/pnc/visits', v)).statusCode).toBe(201);
  });

  it('counts and pages exactly like the brute force, for a commune, facilities, a district, a province, a country', async () => {
    await expectSameAsBruteForce();
    await expectCountsConsistent();
  });

  it('stays exact after deaths, edits of the birth time, deleted births and a commune handed over', async () => {
    const births = await t.db.query<{ id: string; version: number }>(
      'select id, version from births where facility_id = $1 order by born_at limit 6',
      [orgUnitIdOf('VN-DN-H01')],
    );
    // A baby dies (recorded in the birth), a birth is moved by a day, another is deleted.
    await t.db.query(
      "update newborns set discharge_status = 'died', discharge_date = birth_date where birth_id = $1",
      [births[0]!.id],
    );
    await t.db.query(
      "update births set born_at = born_at - interval '1 day', birth_date = birth_date - 1 where id = $1",
      [births[1]!.id],
    );
    expect(
      (await midwife.delete(`/api/births/${births[2]!.id}?version=${births[2]!.version}`)).statusCode,
    ).toBe(204);
    // C02 gets a PNC worker: its pairs leave the facility lists.
    await createReadyUser(t, {
      username: 'pnc.c02',
      displayName: 'PNC C02',
      role: 'pnc_worker',
      scopeIds: [C02],
    });
    await expectSameAsBruteForce();
    await expectCountsConsistent();
  });
});
