import type { Principal } from '../../../shared/auth/principal';
import { validationError } from '../../../shared/errors';
import { screeningState } from '../../../shared/screening/screening-rules';
import {
  type ScreeningSettings,
  screeningSettingsIssues,
  screeningSettingsOf,
} from '../../../shared/screening/screening-settings';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findSettingsCountry, settingsToChange } from '../births/country-settings-access';
import {
  type EventRow,
  findStoredScreeningSettings,
  listClientFactsPage,
  listEventRowsOf,
  saveClientStates,
  saveScreeningSettings,
} from './screening.repo';
import { factsOf } from './screening.service';
import { toEvent } from './screening-view';

const SCREENING_SETTINGS = auditSubject('screening_settings');

/**
 * The screening rules of a country (docs/screening.md): read by anyone who may see a unit of it, set by
 * a national manager (config.manage). The states stored on the women's rows depend on the rules, so a
 * change re-derives every woman of the country in the same transaction, under the new rule version;
 * recorded screenings and recalls already made are history and stay as they are.
 */

async function storedSettings(q: Queryable, countryId: string) {
  const stored = await findStoredScreeningSettings(q, countryId);
  return {
    settings: screeningSettingsOf(stored.screening),
    version: stored.version,
    isDefault: Object.keys(stored.screening ?? {}).length === 0,
  };
}

export async function getScreeningSettingsForOrgUnit(deps: AppDeps, principal: Principal, orgUnitId: string) {
  const country = await findSettingsCountry(deps, principal, orgUnitId);
  if (!country)
    return {
      settings: screeningSettingsOf(null),
      version: 0,
      isDefault: true,
      countryId: null,
      countryName: null,
    };
  return { ...(await storedSettings(deps.db, country.id)), countryId: country.id, countryName: country.name };
}

/** How many women a page of re-derivation reads (their events with them). */
const PAGE = 2000;

/** Re-derives and stores the state of every woman under `countryPath` with the rules given. */
export async function rederiveCountry(
  q: Queryable,
  countryPath: string,
  settings: ScreeningSettings,
  ruleVersion: number,
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let count = 0;
  for (;;) {
    const clients = await listClientFactsPage(q, countryPath, after, PAGE);
    if (clients.length === 0) return count;
    const events = new Map<string, EventRow[]>();
    for (const e of await listEventRowsOf(
      q,
      clients.map((c) => c.id),
    ))
      events.set(e.client_id, [...(events.get(e.client_id) ?? []), e]);
    const states = clients.map((c) => ({
      id: c.id,
      state: screeningState(factsOf(c), (events.get(c.id) ?? []).map(toEvent), settings),
    }));
    await saveClientStates(q, states, ruleVersion);
    count += clients.length;
    after = clients[clients.length - 1]!.id;
  }
}

/**
 * A national manager sets the country's screening rules: the version read must be current; the women's
 * eligibility, due days and recalls to come follow the new rules at once. Audited with before and after.
 */
export async function updateScreeningSettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  version: number,
  settings: ScreeningSettings,
) {
  const issues = screeningSettingsIssues(settings);
  if (issues.length) throw validationError(issues);
  return deps.db.transaction(async (tx) => {
    const { country, current } = await settingsToChange(tx, principal, countryId, version, storedSettings);
    const next = await saveScreeningSettings(tx, {
      countryId,
      settings,
      at: deps.clock.now(),
      userId: principal.userId,
    });
    const rederived = await rederiveCountry(tx, country.path, settings, next);
    await auditChange(tx, principal, 'update', SCREENING_SETTINGS(countryId, countryId), {
      before: current.settings,
      after: settings,
      details: { version: next, rederived },
    });
    return { ...(await storedSettings(tx, countryId)), countryId, countryName: country.name, rederived };
  });
}
