import { addDays } from '../pnc/pnc-schedule';
import type { ScreeningSettings, ScreeningTest } from './screening-settings';
import type {
  Genotype,
  RecallReason,
  ScreenResult,
  Treatment,
  TriageMethod,
  TriageResult,
} from './screening-values';

/**
 * Cervical screening rules as pure functions over dates (YYYY-MM-DD): who is due, what a result leads
 * to, and when a woman is recalled. The server stores what `screeningState` answers on the client row
 * (written at every change, re-derived by the nightly sweep), so worklists, the recall sweep and the
 * indicators read dates with indexes and never re-implement the rule.
 */

export type ScreeningEventFacts = {
  id: string;
  test: ScreeningTest;
  takenOn: string;
  result: ScreenResult | null;
  resultOn: string | null;
  genotypes: readonly Genotype[];
  triageMethod: TriageMethod | null;
  triageResult: TriageResult | null;
  triageOn: string | null;
  treatment: Treatment | null;
  treatedOn: string | null;
};

export type ClientFacts = {
  /** Date of birth when known; else the birth year (she is counted as born on 1 January). */
  birthDate: string | null;
  birthYear: number;
  hivPositive: boolean;
};

/** What an event leads to now. */
export type NextStep =
  'await_result' | 'rescreen' | 'repeat_test' | 'triage' | 'treat' | 'refer' | 'referred';

/** The step a woman is at: a screen due (`screen`), an action after a screen, or none. */
export type ScreeningStep = 'none' | 'screen' | 'await_result' | 'triage' | 'treat' | 'refer' | 'referred';
export const ACTION_STEPS: readonly ScreeningStep[] = ['await_result', 'triage', 'treat', 'refer'];

export type ScreeningState = {
  step: ScreeningStep;
  /** `screen`: the day the next screen is due; an action: the day it became pending. */
  dueOn: string | null;
  /** The day she leaves the screening age band (turns upperAge + 1). */
  endsOn: string;
  /** Recall: why, from which day, and what it is about (recalled once per basis). */
  recall: { reason: RecallReason; on: string; basis: string } | null;
  /** The latest screen, for "ever screened" and history lines. */
  lastScreenOn: string | null;
};

const addYears = (date: string, n: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 29 February plus a year is 1 March (the day after 28 February), as a birthday is kept.
  return new Date(Date.UTC(y + n, m - 1, d)).toISOString().slice(0, 10);
};
const addWeeks = (date: string, n: number) => addDays(date, n * 7);

const bornOn = (c: ClientFacts) => c.birthDate ?? `${String(c.birthYear).padStart(4, '0')}-01-01`;

/** Completed years on `today`. */
export function ageOn(c: ClientFacts, today: string): number {
  const born = bornOn(c);
  const age = Number(today.slice(0, 4)) - Number(born.slice(0, 4));
  return today.slice(5) < born.slice(5) ? age - 1 : age;
}

/** The day she reaches the start age (25 for women living with HIV, else 30) and the day she ages out. */
export function ageBand(c: ClientFacts, s: ScreeningSettings): { startsOn: string; endsOn: string } {
  const born = bornOn(c);
  return {
    startsOn: addYears(born, c.hivPositive ? s.startAgeHiv : s.startAge),
    endsOn: addYears(born, s.upperAge + 1),
  };
}

const isHpvPositiveToTreat = (e: ScreeningEventFacts, hiv: boolean, s: ScreeningSettings) => {
  if (s.treatGenotype1618 && e.genotypes.some((g) => g === '16' || g === '18')) return true;
  return !(hiv ? s.triageHpvPositiveHiv : s.triageHpvPositive);
};

/** What a screening event leads to (WHO 2021 screen-and-treat / screen-triage-treat, §12.4). */
export function nextStepOf(e: ScreeningEventFacts, hiv: boolean, s: ScreeningSettings): NextStep {
  if (e.treatment === 'referral') return 'referred';
  if (e.treatment !== null) return 'rescreen';
  if (e.result === null) return 'await_result';
  if (e.result === 'negative') return 'rescreen';
  if (e.result === 'inadequate') return 'repeat_test';
  if (e.result === 'suspected_cancer' || e.triageResult === 'suspected_cancer') return 'refer';
  if (e.triageResult === 'negative') return 'rescreen';
  if (e.triageResult === 'positive') return 'treat';
  // A positive screen without triage: VIA positive is treated (screen-and-treat); HPV as settings say;
  // a positive smear goes to colposcopy.
  if (e.test === 'via') return 'treat';
  if (e.test === 'cytology') return 'triage';
  return isHpvPositiveToTreat(e, hiv, s) ? 'treat' : 'triage';
}

/** Years to the next screen after an event that leads to `rescreen`. */
function rescreenYears(e: ScreeningEventFacts, hiv: boolean, s: ScreeningSettings): number {
  if (e.treatment !== null) return s.rescreenAfterTreatmentYears;
  if (e.triageResult === 'negative')
    return hiv ? s.rescreenAfterNegativeTriageYearsHiv : s.rescreenAfterNegativeTriageYears;
  return (hiv ? s.intervalYearsHiv : s.intervalYears)[e.test];
}

/** The day the rescreen counts from: treatment, triage, else the sample. */
const rescreenFrom = (e: ScreeningEventFacts) =>
  (e.treatment !== null ? e.treatedOn : e.triageResult === 'negative' ? e.triageOn : null) ?? e.takenOn;

/** The latest event by sample date (ties: the later id, so the answer does not depend on row order). */
export function latestEvent<E extends ScreeningEventFacts>(events: readonly E[]): E | undefined {
  let last: E | undefined;
  for (const e of events)
    if (!last || e.takenOn > last.takenOn || (e.takenOn === last.takenOn && e.id > last.id)) last = e;
  return last;
}

/** Where a woman stands: her step, when it is due, and any recall (the dates do not depend on today). */
export function screeningState(
  c: ClientFacts,
  events: readonly ScreeningEventFacts[],
  s: ScreeningSettings,
): ScreeningState {
  const { startsOn, endsOn } = ageBand(c, s);
  const last = latestEvent(events);
  const screen = (dueOn: string, recall: ScreeningState['recall']): ScreeningState =>
    dueOn >= endsOn
      ? { step: 'none', dueOn: null, endsOn, recall: null, lastScreenOn: last?.takenOn ?? null }
      : { step: 'screen', dueOn, endsOn, recall, lastScreenOn: last?.takenOn ?? null };
  if (!last) return screen(startsOn, { reason: 'never_screened', on: startsOn, basis: 'never' });
  const lastScreenOn = last.takenOn;
  const step = nextStepOf(last, c.hivPositive, s);
  switch (step) {
    case 'rescreen': {
      const due = addYears(rescreenFrom(last), rescreenYears(last, c.hivPositive, s));
      return screen(due < startsOn ? startsOn : due, null);
    }
    case 'repeat_test':
      return screen(last.resultOn ?? last.takenOn, null);
    case 'await_result':
      return {
        step,
        dueOn: last.takenOn,
        endsOn,
        lastScreenOn,
        recall: {
          reason: 'result_missing',
          on: addWeeks(last.takenOn, s.resultMissingWeeks),
          basis: last.id,
        },
      };
    case 'referred':
      return { step, dueOn: null, endsOn, lastScreenOn, recall: null };
    default: {
      // triage, treat or refer: pending since the result (or the triage that sent her on).
      const since = (last.triageResult !== null ? last.triageOn : null) ?? last.resultOn ?? last.takenOn;
      return {
        step,
        dueOn: since,
        endsOn,
        lastScreenOn,
        recall: {
          reason: 'positive_untreated',
          on: addWeeks(since, s.positiveUntreatedWeeks),
          basis: last.id,
        },
      };
    }
  }
}

/** Due for a screen on `today` (inside the age band and the due day reached). */
export const isDueOn = (st: ScreeningState, today: string) =>
  st.step === 'screen' && st.dueOn !== null && st.dueOn <= today && today < st.endsOn;

/** The recall that applies on `today`, if any (the sweep stores it once per client, reason and basis). */
export function recallOn(st: ScreeningState, today: string): ScreeningState['recall'] {
  if (!st.recall || st.recall.on > today) return null;
  if (st.step === 'screen' && today >= st.endsOn) return null;
  return st.recall;
}

/** The postnatal contact that offers screening: the one due from six weeks (day 42) after the birth. */
export const POSTNATAL_OFFER_FROM_HOURS = 42 * 24;

/**
 * Whether a mother seen at the six-week postnatal contact should be offered screening: followed already
 * (her stored step and due day), else judged as never screened from her age in the birth record.
 */
export function postnatalOffer(
  m: {
    birthYear: number | null;
    client: { step: ScreeningStep; dueOn: string | null; endsOn: string } | null;
  },
  s: ScreeningSettings,
  today: string,
): boolean {
  if (m.client) return isDueOn({ ...m.client, recall: null, lastScreenOn: null }, today);
  if (m.birthYear === null) return false;
  return isDueOn(
    screeningState({ birthDate: null, birthYear: m.birthYear, hivPositive: false }, [], s),
    today,
  );
}
