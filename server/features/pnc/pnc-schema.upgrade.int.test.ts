import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { migrate } from '../../migrate';
import { bootstrapAdmin } from '../../seed/bootstrap';
import { orgUnitIdOf, seedDemo } from '../../seed/demo';
import { createDbWithoutMigrations, type TestDb } from '../../test/test-db';

/**
 * The migrations that replaced 0020's hand-written rules by generated ones: 0040, and 0051 (the rule
 * takes the newborn row; until the generated rule is installed it answers nothing, so the previous
 * release's data must be written with 0020's functions, as they were).
 */
const RULES_MIGRATIONS = [40, 51];
/**
 * Later migrations whose triggers read what the generated schema gives (0077: the ladder table, kept
 * from the view's `implementing_on`; 0086: the view again, with the date from coaching, reading the
 * generated `eenc_default_settings()`): a release before 0040 did not have them either, and they run
 * with the upgrade.
 */
const LATER_MIGRATIONS = [77, 86];

/**
 * A database made by the previous release (every migration but 0040, with 0020's hand-written PNC
 * functions, and the KMC rule stored as a preset name) upgrades to the generated rules.
 */
describe('upgrading a database to the generated rules', () => {
  let t: TestDb;
  const birthId = newId();
  const babyId = newId();
  beforeAll(async () => {
    t = await createDbWithoutMigrations([...RULES_MIGRATIONS, ...LATER_MIGRATIONS]);
    const { db } = t;
    // (The old release's generated rollups are not installed here: today's generator reads the new
    // view column. migrate() below installs them as an upgrade does.)
    const now = new Date('2026-03-01T00:00:00Z');
    await bootstrapAdmin(db, 'correct-horse-battery', now);
    await seedDemo(db, 'correct-horse-battery', now);
    // Viet Nam chose WHO 2022; Lao PDR the EENC preset; a 2000 g baby stored as the old "< 2000 g" rule had it.
    await db.query(
      `insert into country_settings (country_id, eenc, version, updated_at) values
         ($1, '{"kmcRule": "who_2022", "bathMinHours": 6}', 3, now()), ($2, '{"kmcRule": "eenc_2000g"}', 1, now())`,
      [orgUnitIdOf('VN'), orgUnitIdOf('LA')],
    );
    const facility = orgUnitIdOf('LA-SV-H01');
    await db.query(
      `insert into births (id, facility_id, born_at, birth_date, mode, baby_count, mother_record_number)
       values ($1, $2, '2026-02-20T03:00:00Z', '2026-02-20', 'spontaneous_vaginal', 1, 'UPG-1')`,
      [birthId, facility],
    );
    await db.query(
      `insert into newborns (id, birth_id, birth_order, facility_id, birth_date, sex, outcome, birth_weight_grams,
                             weight_band, preterm_band, kmc_eligible)
       values ($1, $2, 1, $3, '2026-02-20', 'female', 'live_birth', 2000, 'lbw', 'unknown', false)`,
      [babyId, birthId, facility],
    );
    await migrate(db);
  }, 120_000);
  afterAll(() => t.drop());

  it('keeps what each stored KMC choice meant, as cut-offs, and the other settings', async () => {
    const rows = await t.db.query<{ country_id: string; eenc: unknown }>(
      'select country_id, eenc from country_settings where country_id = any($1::uuid[]) order by version desc',
      [[orgUnitIdOf('VN'), orgUnitIdOf('LA')]],
    );
    expect(rows.map((r) => r.eenc)).toEqual([
      {
        bathMinHours: 6,
        kmcMaxWeightGrams: 2500,
        kmcWeightCutoff: 'below',
        kmcMaxGestationalWeeks: 37,
        kmcWeeksCutoff: 'below',
      },
      {},
    ]);
  });

  it('makes a live-born baby of exactly 2000 g eligible, with the KMC marker on its follow-up', async () => {
    const [row] = await t.db.query<{ kmc_eligible: boolean; risk_markers: string[] }>(
      'select n.kmc_eligible, s.risk_markers from newborns n join pnc_subjects s on s.id = n.id where n.id = $1',
      [babyId],
    );
    expect(row).toEqual({ kmc_eligible: true, risk_markers: ['low_birth_weight', 'kmc'] });
  });

  it('replaces the hand-written PNC functions by the generated ones, and installs the EENC defaults', async () => {
    const state = await t.db.query<{ name: string }>('select name from generated_sql_state order by name');
    expect(state.map((s) => s.name)).toEqual([
      'eenc:eenc_default_settings',
      'pnc:kmc_follow_up_refresh',
      'pnc:pnc_births_inserted',
      'pnc:pnc_contact_anchor',
      'pnc:pnc_contact_applies',
      'pnc:pnc_default_settings',
      'pnc:pnc_newborn_alive',
      'pnc:pnc_newborn_markers',
      'pnc:pnc_newborns_inserted',
      'pnc:pnc_sync_subjects',
      'pnc:pnc_worker_roles',
    ]);
    // 0020's subject functions now read who is followed from the generated rule, and keep 0023's plans.
    const subjectFns = await t.db.query<{ name: string; src: string; config: string[] | null }>(
      `select proname as name, prosrc as src, proconfig as config from pg_proc
        where proname in ('pnc_sync_subjects', 'pnc_newborns_inserted') order by proname`,
    );
    expect(subjectFns.map((f) => [f.name, f.src.includes('pnc_newborn_alive(')])).toEqual([
      ['pnc_newborns_inserted', true],
      ['pnc_sync_subjects', true],
    ]);
    expect(subjectFns[1]!.config).toEqual(['plan_cache_mode=force_custom_plan']);
    const [fn] = await t.db.query<{ src: string }>(
      "select prosrc as src from pg_proc where proname = 'pnc_newborn_markers'",
    );
    expect(fn!.src).toContain('coalesce(');
    // One rule: the column-per-argument signature of 0020 is gone, the generated rule takes the row.
    const [only] = await t.db.query<{ args: string }>(
      "select pg_get_function_arguments(oid) as args from pg_proc where proname = 'pnc_newborn_markers'",
    );
    expect(only).toEqual({ args: 'n newborns' });
    const [facts] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from pnc_contact_facts where birth_id = $1',
      [birthId],
    );
    const [status] = await t.db.query<{ implementing_on: string | null }>(
      'select implementing_on from facility_eenc_status where facility_id = $1',
      [orgUnitIdOf('LA-SV-H01')],
    );
    const [la] = await t.db.query<{ eenc_introduced_on: string | null }>(
      'select eenc_introduced_on from org_units where id = $1',
      [orgUnitIdOf('LA-SV-H01')],
    );
    expect(status!.implementing_on).toBe(la!.eenc_introduced_on);
    // Mother 4 core contacts, the small baby 4 + the day-5 and day-10 visits.
    expect(facts!.n).toBe(10);
  });
});
