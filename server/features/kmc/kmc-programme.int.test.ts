import { describe, expect, it } from 'vitest';
import { generateProgramme } from '../../seed/programme';
import type { KmcList } from '../../../shared/kmc/kmc.schema';
import { hashPassword } from '../auth/passwords';
import { TEST_PASSWORD, useTestApp } from '../../test/test-app';

describe('KMC in the synthetic programme', () => {
  const t = useTestApp({ seed: 'none' });

  it('gives eligible babies episodes with uptake rising over the years, logs and discharges', async () => {
    const summary = await generateProgramme(t.db, {
      countries: 2,
      facilities: 20,
      births: 4000,
      fromYear: 2022,
      toYear: 2024,
      healthWorkers: 10,
      seed: 7,
    });
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
