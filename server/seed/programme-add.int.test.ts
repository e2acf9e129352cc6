import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db';
import { listRolledUpSources } from '../features/indicators/indicator-source-registry';
import { createTestDb, type TestDb } from '../test/test-db';
import { bootstrapAdmin } from './bootstrap';
import { generateProgramme, type ProgrammeOptions } from './programme';
import { addToProgramme, parseProgrammeParts, ProgrammeAddRefused } from './programme-add';

const OPTIONS: ProgrammeOptions = {
  countries: 2,
  facilities: 20,
  births: 2000,
  fromYear: 2022,
  toYear: 2024,
  healthWorkers: 200,
  seed: 3,
};
const NOW = new Date('2025-01-02T00:00:00Z');

/** What the parts write, without the columns stamped with the clock of the run (`now()`). */
const PART_TABLES = [
  'kmc_episodes',
  'kmc_daily_logs',
  'kmc_facility_readiness',
  'pnc_visits',
  'pnc_contacts',
  'health_workers',
  'health_worker_postings',
  'coaching_courses',
  'coaching_participants',
  'coaching_checklists',
];
const ROW = `(to_jsonb(t) - 'created_at' - 'updated_at')::text`;
const NONE = '0 d41d8cd98f00b204e9800998ecf8427e'; // no rows: the md5 of ''

/** Per table: its rows' count and a digest of them; per rollup: the digest of its non-zero rows. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const digest = async (name: string, from: string, row: string) => {
    const [r] = await db.query<{ n: number; d: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as d from ${from}`,
    );
    out[name] = `${r!.n} ${r!.d}`;
  };
  for (const table of PART_TABLES) await digest(table, `${table} t`, ROW);
  await digest('newborns in KMC follow-up', 'newborns t where t.kmc_follow_up', 't.id::text');
  await digest(
    'postnatal subjects',
    'pnc_subjects t',
    "t.id::text || ' ' || t.done_codes::text || ' ' || coalesce(t.kmc_day0::text, '')",
  );
  // Records' keys (the cell-key sums `k_…`) come from a secret drawn per database (migration 0053):
  // compared where the two databases share it (PGlite's test databases are copies of one template).
  const keys = db.engine === 'pglite' ? '' : "and k not like 'k\\_%'";
  for (const s of listRolledUpSources()) {
    // A recount may leave a row whose counts all went back to zero where a rebuild writes none.
    const values = `(select jsonb_object_agg(k, v) from jsonb_each(to_jsonb(t)) as x(k, v)
                      where k not in ('org_unit_id', 'month') ${keys} and v <> '0'::jsonb)`;
    await digest(
      s.table,
      `${s.table} t where ${values} is not null`,
      `t.org_unit_id::text || ' ' || t.month::text || ' ' || ${values}::text`,
    );
  }
  return out;
}

describe('adding KMC and coaching to a programme generated without them', () => {
  const dbs: TestDb[] = [];
  afterAll(() => Promise.all(dbs.map((d) => d.drop())));
  const fresh = async () => {
    const t = await createTestDb();
    dbs.push(t);
    await bootstrapAdmin(t.db, 'test-password-123', NOW);
    return t.db;
  };

  it('writes the rows and rollups of a generation that had them from the start, and refuses to add them twice', async () => {
    const whole = await fresh();
    const full = await generateProgramme(whole, OPTIONS, NOW);
    const expected = await fingerprint(whole);

    const without = async () => {
      const db = await fresh();
      await expect(addToProgramme(db, ['kmc'])).rejects.toThrow(/no synthetic programme/);
      const summary = await generateProgramme(db, { ...OPTIONS, without: ['kmc', 'coaching'] }, NOW);
      expect([summary.kmcEpisodes, summary.healthWorkers, summary.births]).toEqual([0, 0, full.births]);
      const before = await fingerprint(db);
      expect([before.kmc_episodes, before.pnc_contacts, before.health_workers]).toEqual([NONE, NONE, NONE]);
      return db;
    };
    // Three facilities per transaction; the third one fails (interrupted), the first two stay, and the
    // next run resumes after them.
    const interrupted = async (db: Db, rollups: 'recount' | 'rebuild') => {
      await db.query(`create function interrupt() returns trigger language plpgsql as $$
        begin raise exception 'interrupted'; end $$`);
      await db.query(`create trigger interrupt before update on synthetic_datasets for each row
        when ((new.summary -> 'kmcAdding' ->> 'facilities') = '9') execute function interrupt()`);
      await expect(addToProgramme(db, ['kmc', 'coaching'], { chunk: 3, rollups })).rejects.toThrow(
        'interrupted',
      );
      const [stopped] = await db.query<{ facilities: number; with_kmc: number }>(
        `select (summary -> 'kmcAdding' ->> 'facilities')::int as facilities,
                (select count(distinct facility_id)::int from kmc_episodes) as with_kmc
           from synthetic_datasets where name = 'programme'`,
      );
      expect(stopped!.facilities).toBe(6);
      expect(stopped!.with_kmc).toBeGreaterThan(0);
      expect(stopped!.with_kmc).toBeLessThanOrEqual(6);
      await db.query('drop trigger interrupt on synthetic_datasets');
    };

    // Rollups rebuilt at the end: an interrupted run that was to rebuild them, resumed without saying so.
    const rebuilt = await without();
    await interrupted(rebuilt, 'rebuild');
    await addToProgramme(rebuilt, ['kmc', 'coaching'], { chunk: 3 });
    expect(await fingerprint(rebuilt)).toEqual(expected);

    // Each transaction recounting its facilities' rollups before it commits.
    const db = await without();
    await interrupted(db, 'recount');
    const added = await addToProgramme(db, parseProgrammeParts('kmc,coaching'), { chunk: 3 });
    const after = await fingerprint(db);
    expect(after).toEqual(expected);
    expect(Number(after.kmc_episodes!.split(' ')[0])).toBeGreaterThan(0);
    expect(Number(after.coaching_checklists!.split(' ')[0])).toBeGreaterThan(0);
    const counts = [
      'kmcEpisodes',
      'kmcFollowUp',
      'healthWorkers',
      'coachingCourses',
      'coachingParticipants',
      'coachingChecklists',
    ] as const;
    for (const k of counts) expect(added[k], k).toEqual(full[k]);
    const [summary] = await db.query<{ summary: Record<string, unknown> }>(
      "select summary from synthetic_datasets where name = 'programme'",
    );
    for (const k of counts) expect(summary!.summary[k], k).toEqual(full[k]);
    expect(summary!.summary).not.toHaveProperty('kmcAdding');

    // Episodes only for eligible live births of the generated years.
    const [wrong] = await db.query<{ n: number }>(
      `select count(*)::int as n from kmc_episodes e join newborns n on n.id = e.newborn_id
        where not n.kmc_eligible or n.outcome <> 'live_birth' or n.birth_date not between '2022-01-01' and '2024-12-31'`,
    );
    expect(wrong!.n).toBe(0);

    // Once there, a part is not added again, alone or with the other; nothing is written.
    await expect(addToProgramme(db, ['kmc'])).rejects.toThrow(ProgrammeAddRefused);
    await expect(addToProgramme(db, ['coaching', 'kmc'])).rejects.toThrow(
      'the programme already has kmc and coaching: nothing added',
    );
    expect(await fingerprint(db)).toEqual(expected);
  }, 400_000);

  it('names the parts it knows when given another', () => {
    expect(parseProgrammeParts('coaching, kmc,kmc')).toEqual(['coaching', 'kmc']);
    expect(() => parseProgrammeParts('kmc,pnc')).toThrow('unknown part(s) pnc: --add takes kmc, coaching');
    expect(() => parseProgrammeParts('')).toThrow(ProgrammeAddRefused);
  });
});
