import { BIRTH_RULES_VERSION } from '../../../shared/births/birth-rules';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import type { Db, Queryable } from '../../db/db';
import { getCountrySettings } from './eenc-settings.repo';
import { rederiveBirths } from './rederive';
import { findBirthRulesState, hasAnyBirth, listBirthsForRules, saveBirthRulesState } from './rederive.repo';

/**
 * The stored values the birth rules derive (newborns' bands, practices and flags; births' flags),
 * computed again with the rules in force: after a country's thresholds change (`recomputeCountry`), and
 * once after an upgrade whose rules are newer than those the records were written with
 * (`syncBirthRules`, a post-migrate step).
 */

const BATCH = 2000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Re-derives every birth of a country after its thresholds change, so that records and indicators
 * agree with the rules in force. Runs in the caller's transaction, in batches.
 */
export async function recomputeCountry(
  tx: Queryable,
  countryPath: string,
  settings: EencSettings,
): Promise<number> {
  let afterId = FIRST_ID;
  let total = 0;
  for (;;) {
    const births = await listBirthsForRules(tx, { pathPrefix: countryPath, afterId, limit: BATCH });
    if (births.length === 0) return total;
    await rederiveBirths(tx, births, () => settings);
    afterId = births.at(-1)!.id;
    total += births.length;
  }
}

/**
 * Post-migrate step: when the stored values were derived with older rules than `BIRTH_RULES_VERSION`,
 * re-derives every birth with the settings of its country, a batch per transaction. Each batch records
 * the last birth it did, so a pass cut short resumes where it stopped, and a finished pass is not run
 * again (one read when nothing changed). A database without births starts at the current version.
 */
export async function syncBirthRules(
  db: Db,
  log: (line: string) => void = () => {},
  batchSize = BATCH,
): Promise<number> {
  const state = await findBirthRulesState(db);
  if (state?.version === BIRTH_RULES_VERSION) return 0;
  if (!state && !(await hasAnyBirth(db))) {
    await saveBirthRulesState(db, { version: BIRTH_RULES_VERSION, passVersion: null, passAfter: null });
    return 0;
  }
  const from = state?.version ?? 0;
  let afterId = state?.passVersion === BIRTH_RULES_VERSION ? (state.passAfter ?? FIRST_ID) : FIRST_ID;
  const settings = new Map<string | null, EencSettings>();
  let total = 0;
  log(`births: rules version ${from} → ${BIRTH_RULES_VERSION}, re-deriving stored values`);
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const births = await listBirthsForRules(tx, { pathPrefix: '', afterId, limit: batchSize });
      for (const b of births)
        if (!settings.has(b.country_id))
          settings.set(b.country_id, (await getCountrySettings(tx, b.country_id)).settings);
      if (births.length > 0) {
        await rederiveBirths(tx, births, (b) => settings.get(b.country_id)!);
        afterId = births.at(-1)!.id;
        total += births.length;
      }
      const finished = births.length < batchSize;
      await saveBirthRulesState(
        tx,
        finished
          ? { version: BIRTH_RULES_VERSION, passVersion: null, passAfter: null }
          : { version: from, passVersion: BIRTH_RULES_VERSION, passAfter: afterId },
      );
      return finished;
    });
    if (done) break;
  }
  log(`births: ${total} births re-derived with rules version ${BIRTH_RULES_VERSION}`);
  return total;
}
