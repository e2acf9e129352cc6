import { z } from 'zod';
import type { EencSettings } from '../births/eenc-settings';
import type { Issue } from '../errors';

/**
 * The discharge checks that the daily log can answer (issue 16; facts §12.2: "weight gained for 3 days,
 * temperature stable"): one definition, run by the discharge form to show what the log says and by the
 * server to refuse a discharge that contradicts it without a reason. Feeding well and the caregiver's
 * readiness are not in the log: the nurse declares them.
 */

/** The checks read from the daily log. */
export const KMC_LOG_CHECKS = ['weightGain3Days', 'temperatureStable'] as const;
export type KmcLogCheck = (typeof KMC_LOG_CHECKS)[number];

/** The country's numbers of the two checks (EENC settings; the exact WHO criteria are uncertain). */
export type DischargeCheckRule = Pick<
  EencSettings,
  'kmcWeightGainDays' | 'kmcStableTemperatureDays' | 'kmcNormalTemperatureMinC' | 'kmcNormalTemperatureBelowC'
>;

export const DischargeCheckRuleSchema = z.object({
  kmcWeightGainDays: z.number(),
  kmcStableTemperatureDays: z.number(),
  kmcNormalTemperatureMinC: z.number(),
  kmcNormalTemperatureBelowC: z.number(),
});

/** What the log says of one check: yes, no, or null when the days needed are not all logged. */
const LogAnswerSchema = z.object({
  value: z.boolean().nullable(),
  /** The days read, oldest first, with the value logged (grams or °C; null when that day has none). */
  days: z.array(z.object({ date: z.string(), value: z.number().nullable() })),
});
export const DischargeFromLogSchema = z.object({
  weightGain3Days: LogAnswerSchema,
  temperatureStable: LogAnswerSchema,
});
export type DischargeFromLog = z.infer<typeof DischargeFromLogSchema>;

/** A reason to record an answer the log contradicts: required then, refused otherwise. */
export const OverrideReasonSchema = z
  .string({ error: 'kmc.overrideReasonLength' })
  .trim()
  .min(3, { error: 'kmc.overrideReasonLength' })
  .max(500, { error: 'kmc.overrideReasonLength' })
  .nullable();

export type LogDay = { date: string; weightGrams: number | null; lowestTemperatureC: number | null };

const DAY_MS = 86_400_000;
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The `count` calendar days ending on the latest day (on or before `until`) that has a value, with each
 * day's value; empty when no day has one.
 */
function lastDays(
  logs: readonly LogDay[],
  until: string,
  count: number,
  valueOf: (l: LogDay) => number | null,
): Array<{ date: string; value: number | null }> {
  const byDate = new Map(logs.filter((l) => l.date <= until).map((l) => [l.date, valueOf(l)]));
  const latest = [...byDate]
    .filter(([, v]) => v !== null)
    .reduce<string | null>((max, [d]) => (max === null || d > max ? d : max), null);
  if (latest === null) return [];
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(latest, i - count + 1);
    return { date, value: byDate.get(date) ?? null };
  });
}

/**
 * What the daily log says, on the discharge day, of the two checks it holds:
 * - **weight gain**: the `kmcWeightGainDays` + 1 days ending on the last day weighed. A day weighed no
 *   more than the day before it answers no; every day weighed, each more than the day before, answers yes;
 *   otherwise (a day not weighed, nothing against) the log cannot say (null).
 * - **temperature stable**: the lowest temperatures of the `kmcStableTemperatureDays` days ending on the
 *   last day with one. One outside the normal range (at least the minimum, under the upper bound) answers
 *   no; all of them logged and within it answers yes; otherwise null.
 */
export function dischargeFromLog(
  logs: readonly LogDay[],
  dischargedOn: string,
  rule: DischargeCheckRule,
): DischargeFromLog {
  const weights = lastDays(logs, dischargedOn, rule.kmcWeightGainDays + 1, (l) => l.weightGrams);
  let gain: boolean | null = weights.length > 0 ? true : null;
  for (let i = 1; i < weights.length; i++) {
    const [a, b] = [weights[i - 1]!.value, weights[i]!.value];
    if (a !== null && b !== null && b <= a) {
      gain = false;
      break;
    }
    if (a === null || b === null) gain = null;
  }
  const temps = lastDays(logs, dischargedOn, rule.kmcStableTemperatureDays, (l) => l.lowestTemperatureC);
  const normal = (c: number) => c >= rule.kmcNormalTemperatureMinC && c < rule.kmcNormalTemperatureBelowC;
  const stable = temps.some((d) => d.value !== null && !normal(d.value))
    ? false
    : temps.length > 0 && temps.every((d) => d.value !== null)
      ? true
      : null;
  return {
    weightGain3Days: { value: gain, days: weights },
    temperatureStable: { value: stable, days: temps },
  };
}

export type DischargeChecks = Record<KmcLogCheck, boolean | null>;
export type OverrideReasons = Partial<Record<KmcLogCheck, string | null>>;

/** One check as recorded: what the log said, and the reason when the answer differs. */
const RecordedLogCheckSchema = z.object({
  fromLog: z.boolean().nullable(),
  overrideReason: z.string().nullable(),
});
export type RecordedLogCheck = z.infer<typeof RecordedLogCheckSchema>;
export const RecordedLogChecksSchema = z.object({
  weightGain3Days: RecordedLogCheckSchema,
  temperatureStable: RecordedLogCheckSchema,
});

/**
 * The answers to record and the issues of the two checks against the log: a blank answer takes the
 * log's; an answer the log contradicts needs a reason (`kmc.logSaysNo` / `kmc.logSaysYes`, naming the
 * days); a reason where the log agrees or cannot say is refused (`kmc.overrideOnlyIfLogDisagrees`).
 */
export function applyLogChecks(
  checks: DischargeChecks,
  reasons: OverrideReasons,
  fromLog: DischargeFromLog,
): { checks: DischargeChecks; recorded: Record<KmcLogCheck, RecordedLogCheck>; issues: Issue[] } {
  const issues: Issue[] = [];
  const answers = { ...checks };
  const recorded = {} as Record<KmcLogCheck, RecordedLogCheck>;
  for (const c of KMC_LOG_CHECKS) {
    const log = fromLog[c];
    const reason = reasons[c] ?? null;
    const disagrees = log.value !== null && checks[c] !== null && checks[c] !== log.value;
    if (disagrees && reason === null)
      issues.push({
        path: `checks.${c}`,
        message: log.value ? 'kmc.logSaysYes' : 'kmc.logSaysNo',
        params: { days: log.days.map((d) => `${d.date}: ${d.value ?? '–'}`).join(', ') },
      });
    if (!disagrees && reason !== null)
      issues.push({ path: `overrideReasons.${c}`, message: 'kmc.overrideOnlyIfLogDisagrees' });
    answers[c] = checks[c] ?? log.value;
    recorded[c] = { fromLog: log.value, overrideReason: disagrees ? reason : null };
  }
  return { checks: answers, recorded, issues };
}
