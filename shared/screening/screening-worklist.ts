import { type SectionRank, windowSection, type WorklistKey } from '../follow-up/worklist-order';
import { addDays } from '../pnc/pnc-schedule';
import type { ScreeningSettings } from './screening-settings';
import type { ScreeningStep } from './screening-rules';

/**
 * The screening worklist on the follow-up engine's order (shared/follow-up/worklist-order.ts): women
 * with an action pending after a screen first (section "action": refer and treat before triage before
 * a missing result), then due, overdue and upcoming screens by the same window evaluation as postnatal
 * contacts.
 */

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Priority inside the action section: what a delay costs most comes first. */
const STEP_PRIORITY: Record<ScreeningStep, number> = {
  refer: 3,
  treat: 2,
  triage: 1,
  await_result: 0,
  screen: 0,
  none: 0,
  referred: 0,
};

export type ScreeningWorkItem = { clientId: string; step: ScreeningStep; dueOn: string; endsOn: string };

export function screeningSection(
  w: Omit<ScreeningWorkItem, 'clientId'>,
  today: string,
  s: Pick<ScreeningSettings, 'overdueAfterDays' | 'upcomingDays'>,
): SectionRank | null {
  if (w.step === 'refer' || w.step === 'treat' || w.step === 'triage' || w.step === 'await_result') return 0;
  if (w.step !== 'screen') return null;
  return windowSection(dayMs(w.dueOn), dayMs(addDays(w.dueOn, s.overdueAfterDays)), dayMs(w.endsOn), {
    nowMs: dayMs(today),
    todayEndMs: dayMs(addDays(today, 1)),
    horizonEndMs: dayMs(addDays(today, s.upcomingDays + 1)),
  });
}

export const screeningKey = (w: ScreeningWorkItem, sec: SectionRank): WorklistKey => [
  sec,
  STEP_PRIORITY[w.step],
  dayMs(w.dueOn),
  w.clientId,
  0,
  w.step,
];
