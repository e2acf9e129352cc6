import { z } from 'zod';
import type { Issue } from '../errors';
import {
  DEFAULT_KMC_LATER_EVERY_WEEKS,
  isKmcFollowUpContact,
  kmcFollowUpContacts,
  MAX_OFFSET_DAYS,
  type PncSettings,
  PncSettingsSchema,
} from './pnc-settings';

/**
 * The KMC follow-up part of a country's postnatal schedule as its settings page edits it (issue 16): the
 * weekly threshold, how many weeks after the discharge in KMC, and how often from the threshold. The
 * page turns it into the schedule's KMC contacts (`kmcFollowUpContacts`) and saves the whole schedule
 * through `PUT /api/pnc/settings/:id`, which checks it again.
 */
export type KmcFollowUpPlan = { weeklyBelowGrams: number; weeks: number; laterEveryWeeks: number };

/** The last week whose contact still fits the schedule's offsets (expires at 7 × week + 7 days). */
export const MAX_KMC_FOLLOW_UP_WEEKS = Math.floor(MAX_OFFSET_DAYS / 7) - 1;
export const MAX_KMC_LATER_EVERY_WEEKS = 4;

const whole = (min: number, max: number, error: string) =>
  z.number({ error }).int({ error }).min(min, { error }).max(max, { error });

export const KmcFollowUpPlanSchema = z.strictObject({
  weeklyBelowGrams: PncSettingsSchema.shape.kmcWeeklyBelowGrams,
  weeks: whole(1, MAX_KMC_FOLLOW_UP_WEEKS, 'pnc.kmcFollowUpWeeksRange'),
  laterEveryWeeks: whole(1, MAX_KMC_LATER_EVERY_WEEKS, 'pnc.kmcLaterEveryRange'),
});

const weeksUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The plan a schedule's KMC contacts follow, and whether they are exactly the plan's (`matches`); a
 * schedule edited otherwise through the API gets the plan of the same number of weeks, every second
 * week, and `matches: false`, so that the page can say saving replaces them.
 */
export function kmcFollowUpPlanOf(settings: PncSettings): { plan: KmcFollowUpPlan; matches: boolean } {
  const current = settings.contacts.filter(isKmcFollowUpContact);
  const weeks = Math.min(Math.max(current.length, 1), MAX_KMC_FOLLOW_UP_WEEKS);
  const every = weeksUpTo(MAX_KMC_LATER_EVERY_WEEKS).find((e) =>
    sameJson(kmcFollowUpContacts(weeksUpTo(current.length), e), current),
  );
  return {
    plan: {
      weeklyBelowGrams: settings.kmcWeeklyBelowGrams,
      weeks,
      laterEveryWeeks: every ?? DEFAULT_KMC_LATER_EVERY_WEEKS,
    },
    matches: every !== undefined && current.length > 0,
  };
}

/**
 * The schedule with its KMC contacts replaced by the plan's (after the other contacts, as in the
 * defaults) and its threshold set; or the issues, by the plan's field: its own ranges, then the
 * schedule's (at most 24 contacts in all: `pnc.kmcFollowUpTooMany` on the weeks).
 */
export function withKmcFollowUpPlan(
  settings: PncSettings,
  input: Record<keyof KmcFollowUpPlan, unknown>,
): { settings: PncSettings } | { issues: Issue[] } {
  const parsed = KmcFollowUpPlanSchema.safeParse(input);
  if (!parsed.success)
    return { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const plan = parsed.data;
  const next = {
    ...settings,
    kmcWeeklyBelowGrams: plan.weeklyBelowGrams,
    contacts: [
      ...settings.contacts.filter((c) => !isKmcFollowUpContact(c)),
      ...kmcFollowUpContacts(weeksUpTo(plan.weeks), plan.laterEveryWeeks),
    ],
  };
  const checked = PncSettingsSchema.safeParse(next);
  if (checked.success) return { settings: checked.data };
  return {
    issues: checked.error.issues.map((i) =>
      i.path[0] === 'contacts' && i.path.length === 1
        ? { path: 'weeks', message: 'pnc.kmcFollowUpTooMany' }
        : { path: i.path.join('.'), message: i.message },
    ),
  };
}
