import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactAppliesTo, entryFactsOf } from '../../../shared/pnc/contact-applies';
import {
  DEFAULT_PNC_SETTINGS,
  type PncSettings,
  PncSettingsSchema,
  RISK_MARKERS,
} from '../../../shared/pnc/pnc-settings';
import { migrate, POST_MIGRATE_HOOKS } from '../../migrate';
import { bootstrapAdmin } from '../../seed/bootstrap';
import { orgUnitIdOf, seedDemo } from '../../seed/demo';
import { seedDemoBirths } from '../../seed/demo-births';
import { createDbWithoutMigrations, type TestDb } from '../../test/test-db';
import { contactAppliesSql, PNC_CONTACT_SOURCE, PNC_SUBJECT_SOURCE } from '../indicators/indicator-sources';
import { registerIndicatorSource, unregisterIndicatorSource } from '../indicators/indicator-source-registry';
import { KMC_INDICATOR_SOURCE } from '../kmc/kmc-indicator-source';

/**
 * Migration 0055 and the generated `pnc_contact_applies` replace the hand-written "which contacts apply
 * to which subject" of 0048's view, the indicators and the reminder job. A database of the previous
 * release, with generated births, random markers and danger signs and a country schedule with
 * marker-only contacts (one of them core), upgrades to the same facts, and the generated rule answers
 * as the hand-written one did, and as the TypeScript rule does, on every pair of subject and entry.
 */
const APPLIES_MIGRATION = 55;
/** 0078 (contacts counted from a KMC discharge) calls the rule in its view: it runs with the upgrade. */
const LATER_MIGRATIONS = [78];

/** The rule as it was written by hand (0048's view, indicator-sources.ts and reminder-job.ts). */
const HAND_WRITTEN = `(case when s.kind = 'mother' then e.for_mother
   else e.for_newborn and (cardinality(e.only_for_markers) = 0 or s.risk_markers && e.only_for_markers
                           or (s.danger_found and 'danger_signs' = any(e.only_for_markers))) end)`;
const GENERATED = contactAppliesSql({
  subject_kind: 's.kind',
  risk_markers: 's.risk_markers',
  danger_found: 's.danger_found',
  for_mother: 'e.for_mother',
  for_newborn: 'e.for_newborn',
  only_for_markers: 'e.only_for_markers',
});

/** Lao PDR's schedule: the defaults, a core contact for babies at risk of infection, a visit after danger signs. */
const LAO_SETTINGS: PncSettings = PncSettingsSchema.parse({
  ...DEFAULT_PNC_SETTINGS,
  contacts: [
    ...DEFAULT_PNC_SETTINGS.contacts,
    {
      ...DEFAULT_PNC_SETTINGS.contacts[0]!,
      code: 'c5',
      number: 5,
      subjects: ['newborn'],
      onlyForMarkers: ['infection_risk', 'kmc'],
    },
    {
      ...DEFAULT_PNC_SETTINGS.contacts[1]!,
      code: 'x9',
      number: null,
      core: false,
      subjects: ['newborn'],
      onlyForMarkers: ['danger_signs'],
    },
  ],
});

/** An md5 over every row of the view, in a fixed order. */
const FACTS_MD5 = `select count(*)::int as n, md5(string_agg(row_to_json(f)::text, '|' order by f.subject_id, f.contact_code)) as md5
                     from pnc_contact_facts f`;

describe('upgrading to the generated rule of which contacts apply', () => {
  let t: TestDb;
  let before: { n: number; md5: string };
  beforeAll(async () => {
    t = await createDbWithoutMigrations([APPLIES_MIGRATION, ...LATER_MIGRATIONS]);
    const { db } = t;
    const log = () => {};
    // Today's generated subject functions, which the hooks install, read the column 0078 adds.
    await db.query('alter table pnc_subjects add column kmc_day0 timestamptz');
    // The previous release counted postnatal care and KMC live (their rollups read the schedule's anchor,
    // 0078): the upgrade installs and builds them.
    const laterRollups = [PNC_SUBJECT_SOURCE, PNC_CONTACT_SOURCE, KMC_INDICATOR_SOURCE];
    for (const s of laterRollups) unregisterIndicatorSource(s.id);
    for (const hook of POST_MIGRATE_HOOKS) await hook(db, log);
    // The previous release generated no such function: today's hook did.
    await db.execScript(`drop function pnc_contact_applies(text, text[], boolean, boolean, boolean, text[]);
      delete from generated_sql_state where name = 'pnc:pnc_contact_applies';
      drop function pnc_contact_anchor(text, boolean, timestamptz, timestamptz, timestamptz);
      delete from generated_sql_state where name = 'pnc:pnc_contact_anchor';`);
    const now = new Date('2026-03-01T00:00:00Z');
    await bootstrapAdmin(db, 'correct-horse-battery', now);
    await seedDemo(db, 'correct-horse-battery', now, [(d, at) => seedDemoBirths(d, at, 600)]);
    await db.query(
      `insert into country_settings (country_id, pnc, pnc_version, updated_at) values ($1, $2::jsonb, 1, now())
       on conflict (country_id) do update set pnc = excluded.pnc, pnc_version = 1`,
      [orgUnitIdOf('LA'), JSON.stringify(LAO_SETTINGS)],
    );
    // Markers and danger signs on a fixed part of the babies (by the hash of their id), so that every
    // branch of the rule is met: no marker, some, all, danger signs with and without markers.
    await db.query(
      `update pnc_subjects s
          set risk_markers = array(select m from unnest($1::text[]) with ordinality as x(m, i)
                                    where get_byte(decode(md5(s.id::text), 'hex'), i::int) % 3 = 0),
              danger_found = get_byte(decode(md5(s.id::text), 'hex'), 0) % 4 = 0
        where s.kind = 'newborn'`,
      // Not the KMC follow-up markers: their contacts count from a discharge in KMC (0078), which these
      // babies lack.
      [
        RISK_MARKERS.filter(
          (m) => m !== 'danger_signs' && m !== 'kmc_follow_up' && m !== 'kmc_follow_up_weekly',
        ),
      ],
    );
    before = (await db.query<{ n: number; md5: string }>(FACTS_MD5))[0]!;
    for (const s of laterRollups) registerIndicatorSource(s);
    await migrate(db);
  }, 300_000);
  afterAll(() => t.drop());

  it('keeps every fact of pnc_contact_facts (md5 over the view before and after)', async () => {
    const [after] = await t.db.query<{ n: number; md5: string }>(FACTS_MD5);
    expect(before.n).toBeGreaterThan(1000);
    expect(after).toEqual(before);
    // The rule mattered: marker-only contacts are in the facts, for some babies and not others.
    const [extra] = await t.db.query<{ x5: number; c5: number; x9: number; babies: number }>(
      `select count(*) filter (where contact_code = 'x5')::int as x5, count(*) filter (where contact_code = 'c5')::int as c5,
              count(*) filter (where contact_code = 'x9')::int as x9,
              count(distinct subject_id) filter (where subject = 'newborn')::int as babies
         from pnc_contact_facts`,
    );
    expect(extra!.x5).toBeGreaterThan(0);
    expect(extra!.x5).toBeLessThan(extra!.babies);
    expect(extra!.c5).toBeGreaterThan(0);
    expect(extra!.x9).toBeGreaterThan(0);
  });

  it('answers as the hand-written rule and as the TypeScript rule on every pair of subject and entry', async () => {
    const pairs = await t.db.query<{
      kind: 'mother' | 'newborn';
      risk_markers: string[];
      danger_found: boolean;
      for_mother: boolean;
      for_newborn: boolean;
      only_for_markers: string[];
      hand: boolean;
      generated: boolean;
    }>(
      `select s.kind, s.risk_markers, s.danger_found, e.for_mother, e.for_newborn, e.only_for_markers,
              ${HAND_WRITTEN} as hand, ${GENERATED} as generated
         from pnc_subjects s join pnc_schedule_entries e on e.country_id = s.country_id`,
    );
    expect(pairs.length).toBeGreaterThan(5_000);
    expect(pairs.filter((p) => p.hand !== p.generated)).toEqual([]);
    const ts = pairs.filter(
      (p) =>
        contactAppliesTo({
          subject_kind: p.kind,
          risk_markers: p.risk_markers,
          danger_found: p.danger_found,
          for_mother: p.for_mother,
          for_newborn: p.for_newborn,
          only_for_markers: p.only_for_markers,
        }) !== p.generated,
    );
    expect(ts).toEqual([]);
    expect(new Set(pairs.map((p) => p.generated))).toEqual(new Set([true, false]));
  });

  it('gives the indicators the core contacts of each kind as the rule does', async () => {
    const rows = await t.db.query<{
      country_id: string;
      kind: 'mother' | 'newborn';
      codes: string[];
      marker_dependent: boolean;
    }>(`with ${PNC_SUBJECT_SOURCE.prelude!} select country_id, kind, codes, marker_dependent from pnc_core`);
    const lao = (kind: 'mother' | 'newborn') =>
      rows.find((r) => r.country_id === orgUnitIdOf('LA') && r.kind === kind);
    const unmarked = (kind: 'mother' | 'newborn') =>
      LAO_SETTINGS.contacts
        .filter(
          (c) =>
            c.core &&
            contactAppliesTo({
              ...entryFactsOf(c),
              subject_kind: kind,
              risk_markers: [],
              danger_found: false,
            }),
        )
        .map((c) => c.code);
    expect({ ...lao('mother'), country_id: undefined }).toEqual({
      country_id: undefined,
      kind: 'mother',
      codes: expect.arrayContaining(unmarked('mother')) as string[],
      marker_dependent: false,
    });
    expect(lao('mother')!.codes).toHaveLength(unmarked('mother').length);
    // c5 (core, for babies with markers) makes the babies' core contacts depend on their markers.
    expect(lao('newborn')!.marker_dependent).toBe(true);
    expect([...lao('newborn')!.codes].sort()).toEqual(unmarked('newborn').sort());
    const vn = rows.find((r) => r.country_id === orgUnitIdOf('VN') && r.kind === 'newborn');
    expect(vn!.marker_dependent).toBe(false);
  });

  it('installs the generated rule over the declaration of 0055', async () => {
    const [fn] = await t.db.query<{ src: string }>(
      "select prosrc as src from pg_proc where proname = 'pnc_contact_applies'",
    );
    expect(fn!.src).toContain('only_for_markers');
    expect(fn!.src).not.toContain('null::boolean');
  });
});
