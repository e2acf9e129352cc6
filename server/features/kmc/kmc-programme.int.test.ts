import { describe, expect, it } from 'vitest';
import { generateProgramme } from '../../seed/programme';
import type { KmcList } from '../../../shared/kmc/kmc.schema';
import { hashPassword } from '../auth/passwords';
import { TEST_PASSWORD, useTestApp } from '../../test/test-app';
import { TEST_PROGRAMME } from '../../test/test-programme';

describe('KMC in the synthetic programme', () => {
  const t = useTestApp({ seed: 'none' });

  it('gives eligible babies episodes with uptake rising over the years, logs and discharges', async () => {
    const summary = await generateProgramme(t.db, { ...TEST_PROGRAMME, births: 4000, fromYear: 2022 });
    const byYear = await t.db.query<{ year: number; eligible: number; started: number }>(
      `select extract(year from n.birth_date)::int as year, count(*)::int as eligible,
              count(e.started_at)::int as started
         from newborns n left join kmc_episodes e on e.newborn_id = n.id
        where n.kmc_eligible and n.outcome = 'live_birth' group by 1 order by 1`,
    );
    const share = byYear.map((y) => y.started / y.eligible);
    expect(byYear.map((y) => y.year)).toEqual([2022, 2023, 2024]);
    expect(share[0]!).toBeLessThan(share[2]!);
    expect(share[0]!).toBeGreaterThan(0.2);
    expect(share[2]!).toBeLessThan(0.95);
    const [row] = await t.db.query<{ episodes: number; closed: number; logs: number; ineligible: number }>(
      `select count(*)::int as episodes, count(discharged_on)::int as closed,
              (select count(*)::int from kmc_daily_logs) as logs,
              count(*) filter (where not n.kmc_eligible)::int as ineligible
         from kmc_episodes e join newborns n on n.id = e.newborn_id`,
    );
    expect(summary.kmcEpisodes).toBe(row!.episodes);
    expect(row!.closed).toBeGreaterThan(0);
    expect(row!.logs).toBeGreaterThan(row!.closed);
    expect(row!.ineligible).toBe(0);
    // Most facilities giving KMC declared it, each from the day of its first start, none without a start.
    const [ready] = await t.db.query<{ declared: number; giving: number; wrong: number }>(
      `select count(r.facility_id)::int as declared, count(*)::int as giving,
              count(*) filter (where r.offered_since <> g.first)::int as wrong
         from (select facility_id, min(started_at)::date as first from kmc_episodes
                where started_at is not null group by facility_id) g
         full join kmc_facility_readiness r on r.facility_id = g.facility_id`,
    );
    expect(ready!.declared).toBeGreaterThan(0);
    expect(ready!.declared).toBeLessThan(ready!.giving);
    expect(ready!.wrong).toBe(0);

    // The follow-up: every KMC contact belongs to a baby discharged in KMC, falls in its window counted
    // from the discharge (local dates), and before graduation; the marker is on exactly the babies
    // discharged in KMC and not graduated; their subjects know their contacts.
    const [f] = await t.db.query<{
      contacts: number;
      babies: number;
      graduated: number;
      followed: number;
      not_discharged_in_kmc: number;
      outside_window: number;
      after_graduation: number;
      wrong_marker: number;
      not_in_done_codes: number;
      kmc_day0_wrong: number;
    }>(
      `with k as (
         select c.*, e.outcome, e.discharged_on, e.graduated_on, (c.done_at at time zone f.timezone)::date as done_on,
                substr(c.contact_code, 2)::int as week
           from pnc_contacts c
           join newborns n on n.id = c.subject_id
           join org_units f on f.id = n.facility_id
           left join kmc_episodes e on e.newborn_id = c.subject_id
          where c.contact_code ~ '^k[0-9]+$')
       select (select count(*)::int from k) as contacts,
              (select count(distinct subject_id)::int from k) as babies,
              (select count(graduated_on)::int from kmc_episodes) as graduated,
              (select count(*)::int from newborns where kmc_follow_up) as followed,
              (select count(*)::int from k where outcome is distinct from 'discharged_in_kmc') as not_discharged_in_kmc,
              (select count(*)::int from k where done_on < discharged_on + 7 * week or done_on >= discharged_on + 7 * week + 3)
                as outside_window,
              (select count(*)::int from k where done_on >= graduated_on) as after_graduation,
              (select count(*)::int from newborns n left join kmc_episodes e on e.newborn_id = n.id
                where n.kmc_follow_up is distinct from (e.outcome = 'discharged_in_kmc' and e.graduated_on is null)
                  and (n.kmc_follow_up or e.outcome = 'discharged_in_kmc')) as wrong_marker,
              (select count(*)::int from k join pnc_subjects s on s.id = k.subject_id
                where not (k.contact_code = any(s.done_codes))) as not_in_done_codes,
              (select count(*)::int from pnc_subjects s join kmc_episodes e on e.newborn_id = s.id
                where (e.outcome is not distinct from 'discharged_in_kmc') <> (s.kmc_day0 is not null)) as kmc_day0_wrong`,
    );
    expect(summary.kmcFollowUp).toEqual({
      graduated: f!.graduated,
      inFollowUp: f!.followed,
      contacts: f!.contacts,
    });
    expect(f!.contacts).toBeGreaterThan(f!.babies);
    expect(f!.graduated).toBeGreaterThan(0);
    expect(f!.followed).toBeGreaterThan(0);
    expect(f).toMatchObject({
      not_discharged_in_kmc: 0,
      outside_window: 0,
      after_graduation: 0,
      wrong_marker: 0,
      not_in_done_codes: 0,
      kmc_day0_wrong: 0,
    });
    // Attendance rises over the years, as uptake does.
    const attendance = await t.db.query<{ year: number; share: number }>(
      `select extract(year from e.discharged_on)::int as year,
              count(c.id)::float8 / count(*) as share
         from kmc_episodes e
         cross join generate_series(1, 12) w
         left join pnc_contacts c on c.subject_id = e.newborn_id and c.contact_code = 'k' || w
        where e.outcome = 'discharged_in_kmc' and e.discharged_on + 7 * w + 3 <= least(coalesce(e.graduated_on, '2024-12-31'), '2024-12-31')
        group by 1 order by 1`,
    );
    expect(attendance.length).toBe(3);
    expect(attendance[0]!.share).toBeLessThan(attendance[2]!.share);

    // The list of a province reads the generated episodes (the benchmark's request).
    const [province] = await t.db.query<{ id: string }>(
      `select p.id from org_units p join kmc_episodes e on e.facility_id in
         (select f.id from org_units f where f.path like p.path || '%')
        where p.kind = 'province' group by p.id order by count(*) desc limit 1`,
    );
    await t.db.query(
      `insert into users (id, username, display_name, role, locale, password_hash, created_at, updated_at)
       values ('00000000-0000-4000-8000-0000000000aa', 'kmc.province', 'kmc.province', 'provincial_manager', 'en', $1, now(), now())`,
      [await hashPassword(TEST_PASSWORD)],
    );
    await t.db.query(
      "insert into user_scopes (user_id, org_unit_id) values ('00000000-0000-4000-8000-0000000000aa', $1)",
      [province!.id],
    );
    const manager = await t.login('kmc.province');
    const res = await manager.get(`/api/kmc/babies?orgUnit=${province!.id}&from=2024-01-01`);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json<KmcList>();
    expect(list.items.length).toBeGreaterThan(0);
  }, 120_000);
});
