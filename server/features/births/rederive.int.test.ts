import { beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { BIRTH_RULES_VERSION } from '../../../shared/births/birth-rules';
import { useTestApp } from '../../test/test-app';
import { syncBirthRules } from './rederive.service';
import { H01 } from '../../test/demo-units';

type Stored = { id: string; immediate_ssc: boolean | null; flags: string[]; birth_flags: string[] };

/**
 * A database whose stored derived values were computed by older rules is re-derived once at start
 * (syncBirthRules, a post-migrate step keyed on BIRTH_RULES_VERSION), in batches that record their
 * progress, and never again for the same version.
 */
describe('re-deriving stored values when the birth rules change', () => {
  const t = useTestApp();
  let ids: string[] = [];
  const stored = () =>
    t.db.query<Stored>(
      `select n.id, n.immediate_ssc, n.flags, b.flags as birth_flags
         from newborns n join births b on b.id = n.birth_id where b.id = any($1::uuid[]) order by b.id`,
      [ids],
    );
  // What the rules before issue 12 stored for a resuscitated baby: skin-to-skin "not immediate" (today:
  // not applicable), and no flag for the uterotonic given late (as if that rule were newer too).
  const writeAsOldRules = async (birthIds: readonly string[]) => {
    await t.db.query(
      "update newborns set immediate_ssc = false, flags = '{ssc_not_immediate}' where birth_id = any($1::uuid[])",
      [birthIds],
    );
    await t.db.query("update births set flags = '{}' where id = any($1::uuid[])", [birthIds]);
  };
  const setState = (version: number, passVersion: number | null, passAfter: string | null) =>
    t.db.query('update birth_rules_state set version = $1, pass_version = $2, pass_after = $3', [
      version,
      passVersion,
      passAfter,
    ]);

  beforeAll(async () => {
    const midwife = await t.login('midwife.dn');
    for (let i = 0; i < 5; i++) {
      const res = await midwife.post(
        '/api/births',
        buildBirthRaw({
          facilityId: H01,
          mother: { recordNumber: `RULES-${i}` },
          delivery: { uterotonicMinutes: 3 },
          newborns: [
            buildNewbornRaw({
              apgar1: 4,
              breathingAtBirth: false,
              bagMaskStartedSeconds: 40,
              resuscitationOutcome: 'breathing',
              cordClampedMinutes: 0.5,
              sscStartedMinutes: 20,
            }),
          ],
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    ids = ids.sort();
  });

  const current = { immediate_ssc: null, flags: [], birth_flags: ['uterotonic_late'] };

  it('starts a new database at the current version, and the rules give the values re-derived below', async () => {
    expect(await t.db.query('select version, pass_version, pass_after from birth_rules_state')).toEqual([
      { version: BIRTH_RULES_VERSION, pass_version: null, pass_after: null },
    ]);
    expect((await stored()).map(({ id: _id, ...v }) => v)).toEqual(ids.map(() => current));
  });

  it('re-derives every birth once, in batches, when the records were written with older rules', async () => {
    await writeAsOldRules(ids);
    await setState(0, null, null);
    const lines: string[] = [];
    expect(await syncBirthRules(t.db, (l) => lines.push(l), 2)).toBeGreaterThanOrEqual(ids.length);
    expect((await stored()).map(({ id: _id, ...v }) => v)).toEqual(ids.map(() => current));
    expect(lines.join('\n')).toMatch(`rules version 0 → ${BIRTH_RULES_VERSION}`);
    // Once: the same version again re-derives nothing, and leaves what it finds.
    await writeAsOldRules(ids.slice(0, 1));
    expect(await syncBirthRules(t.db)).toBe(0);
    expect((await stored())[0]).toMatchObject({ immediate_ssc: false, birth_flags: [] });
  });

  it('resumes a pass cut short after the last birth it recorded', async () => {
    await writeAsOldRules(ids);
    // A pass towards the current version stopped after the third birth (in id order).
    await setState(0, BIRTH_RULES_VERSION, ids[2]!);
    await syncBirthRules(t.db, () => {}, 2);
    const after = await stored();
    expect(after.map((r) => r.immediate_ssc)).toEqual([false, false, false, null, null]);
    expect(await t.db.query('select version, pass_version, pass_after from birth_rules_state')).toEqual([
      { version: BIRTH_RULES_VERSION, pass_version: null, pass_after: null },
    ]);
  });

  it('re-derives a database written before the rules had a version (no state row)', async () => {
    await writeAsOldRules(ids);
    await t.db.query('delete from birth_rules_state');
    await syncBirthRules(t.db);
    expect((await stored()).map(({ id: _id, ...v }) => v)).toEqual(ids.map(() => current));
  });
});
