import {
  allHold,
  evaluateCondition,
  isAnswered,
  isItemApplicable,
  type RecordAnswers,
  scoreAnswer,
} from './answers';
import type {
  ActionStatus,
  AreaScore,
  AssessmentResults,
  ItemScore,
  Ladder,
  Priority,
  ScoreBand,
  StandardResult,
} from './assessment.schema';
import { LADDER_STEPS } from './assessment.schema';
import type { ChecklistDefinition, ChecklistSection, ChecklistStandard, Scoring } from './checklist.schema';

/** Percent with one decimal, or null without a denominator. */
export function percentOf(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/**
 * Met when there is a denominator and numerator/denominator reaches the target. Compared in exact
 * arithmetic (not the rounded percent), so 199/200 never rounds up to a 100% target.
 */
export function isTargetMet(numerator: number, denominator: number, targetPercent: number): boolean {
  return denominator > 0 && numerator * 100 >= targetPercent * denominator;
}

function recordsOf(records: readonly RecordAnswers[], sectionId: string) {
  return records.filter((r) => r.sectionId === sectionId);
}

/**
 * One standard's numerator, denominator, percent and status from the records of its section.
 * Records whose needed answers are still missing are counted as `pending`, not guessed.
 */
export function computeStandard(
  standard: ChecklistStandard,
  def: Pick<ChecklistDefinition, 'sections'>,
  records: readonly RecordAnswers[],
): StandardResult {
  const m = standard.measure;
  const section = def.sections.find((s) => s.id === m.section);
  const own = section ? recordsOf(records, section.id) : [];
  let numerator = 0;
  let denominator = 0;
  let pending = 0;
  if (section && m.kind === 'records') {
    for (const r of own) {
      const inDenominator = allHold(m.denominator.map((c) => evaluateCondition(c, r.answers, section)));
      if (inDenominator === false) continue;
      const inNumerator = allHold(m.numerator.map((c) => evaluateCondition(c, r.answers, section)));
      if (inDenominator === null || inNumerator === null) {
        pending++;
        continue;
      }
      denominator++;
      if (inNumerator) numerator++;
    }
  } else if (section && m.kind === 'items') {
    const met = m.metAnswers ?? ['yes'];
    const items = section.items.filter((i) => m.items.includes(i.id));
    for (const r of own)
      for (const item of items) {
        if (!isItemApplicable(item, r.answers, section)) continue;
        const v = r.answers[item.id];
        if (!isAnswered(v)) {
          pending++;
          continue;
        }
        if (v === 'na') continue;
        denominator++;
        if (met.includes(String(v))) numerator++;
      }
  } else if (section && m.kind === 'ratio') {
    const r = own[0];
    const num = r?.answers[m.numerator];
    const den = r?.answers[m.denominator];
    // Register counts are optional (not every hospital keeps every register): missing is "no data", not pending.
    if (typeof num === 'number' && typeof den === 'number') {
      numerator = num;
      denominator = den;
    }
  }
  const met = isTargetMet(numerator, denominator, standard.targetPercent);
  return {
    id: standard.id,
    numerator,
    denominator,
    percent: percentOf(numerator, denominator),
    targetPercent: standard.targetPercent,
    status: denominator === 0 ? 'no_data' : met ? 'met' : 'not_met',
    requiredForStatus: standard.requiredForStatus,
    pending,
  };
}

export function bandOf(percent: number | null, bands: Scoring['bands']): ScoreBand | null {
  if (percent === null) return null;
  if (percent < bands.low) return 'low';
  return percent >= bands.high ? 'high' : 'medium';
}

type ItemTotal = ItemScore & { sectionId: string; order: number };

/**
 * Scores per area: points of every scored answer over the most those answers could score (S40 style:
 * yes 2, partial 1, no 0; not applicable and unanswered left out), with each item's own score.
 */
export function computeAreaScores(def: ChecklistDefinition, records: readonly RecordAnswers[]): AreaScore[] {
  const totals = new Map<string, ItemTotal[]>();
  let order = 0;
  const sections = new Map<string, ChecklistSection>(def.sections.map((s) => [s.id, s]));
  for (const section of def.sections)
    for (const item of section.items) {
      order++;
      if (!item.area) continue;
      let points = 0;
      let maxPoints = 0;
      let answers = 0;
      for (const r of recordsOf(records, section.id)) {
        if (!isItemApplicable(item, r.answers, sections.get(r.sectionId))) continue;
        const s = scoreAnswer(item, r.answers[item.id], def.scoring);
        if (!s) continue;
        points += s.points;
        maxPoints += s.max;
        answers++;
      }
      const list = totals.get(item.area) ?? [];
      list.push({
        id: item.id,
        sectionId: section.id,
        order,
        points,
        maxPoints,
        answers,
        percent: percentOf(points, maxPoints),
      });
      totals.set(item.area, list);
    }
  return def.areas.map((area) => {
    const items = totals.get(area.id) ?? [];
    const points = items.reduce((s, i) => s + i.points, 0);
    const maxPoints = items.reduce((s, i) => s + i.maxPoints, 0);
    const percent = percentOf(points, maxPoints);
    return {
      id: area.id,
      points,
      maxPoints,
      answers: items.reduce((s, i) => s + i.answers, 0),
      percent,
      band: bandOf(percent, def.scoring.bands),
      items: items.map(({ sectionId: _s, order: _o, ...i }) => i),
    };
  });
}

const MAX_GAPS = 5;

/**
 * The weakest areas: those scoring below `priorities.belowPercent`, lowest first (ties keep the
 * checklist's order), at most `priorities.maxAreas`; each with its items below 100%, weakest first.
 */
export function selectPriorities(def: ChecklistDefinition, areas: readonly AreaScore[]): Priority[] {
  const { maxAreas, belowPercent } = def.scoring.priorities;
  const itemSection = new Map<string, string>();
  for (const s of def.sections) for (const i of s.items) itemSection.set(i.id, s.id);
  return areas
    .map((a, index) => ({ a, index }))
    .filter(({ a }) => a.percent !== null && a.percent < belowPercent)
    .sort((x, y) => x.a.percent! - y.a.percent! || x.index - y.index)
    .slice(0, maxAreas)
    .map(({ a }, rank) => ({
      areaId: a.id,
      rank: rank + 1,
      percent: a.percent!,
      gaps: a.items
        .map((i, index) => ({ i, index }))
        .filter(({ i }) => i.percent !== null && i.percent < 100)
        .sort((x, y) => x.i.percent! - y.i.percent! || x.index - y.index)
        .slice(0, MAX_GAPS)
        .map(({ i }) => ({ itemId: i.id, sectionId: itemSection.get(i.id) ?? '', percent: i.percent! })),
    }));
}

/**
 * A facility meets the standards in an assessment when every standard marked `requiredForStatus` is met
 * (a standard without data is not met). A version with no such standard never confers the status.
 */
export function meetsAllRequired(standards: readonly StandardResult[]): boolean {
  const required = standards.filter((s) => s.requiredForStatus);
  return required.length > 0 && required.every((s) => s.status === 'met');
}

/** Everything computed from an assessment's answers: standards, area scores, priorities, the status rule. */
export function computeResults(
  def: ChecklistDefinition,
  records: readonly RecordAnswers[],
): AssessmentResults {
  const standards = def.standards.map((s) => computeStandard(s, def, records));
  const areas = computeAreaScores(def, records);
  return {
    standards,
    areas,
    priorities: selectPriorities(def, areas),
    meetsStandards: meetsAllRequired(standards),
  };
}

const OPEN_STATUSES: ReadonlySet<ActionStatus> = new Set(['planned', 'in_progress']);

export const isActionOpen = (status: ActionStatus) => OPEN_STATUSES.has(status);

/** Open (planned or in progress) and due before `today` (the facility's calendar date, YYYY-MM-DD). */
export function isActionOverdue(action: { status: ActionStatus; dueDate: string }, today: string): boolean {
  return isActionOpen(action.status) && action.dueDate < today;
}

/** The EENC status ladder with the date each step was reached; `current` is the highest step reached. */
export function ladderOf(dates: {
  introducedOn: string | null;
  teamFormedOn: string | null;
  assessedOn: string | null;
  meetsStandardsOn: string | null;
}): Ladder {
  const byStep = {
    introduced: dates.introducedOn,
    team_formed: dates.teamFormedOn,
    assessed: dates.assessedOn,
    meets_standards: dates.meetsStandardsOn,
  } as const;
  const steps = LADDER_STEPS.map((step) => ({ step, date: byStep[step] }));
  const reached = steps.filter((s) => s.date !== null);
  return { steps, current: reached.at(-1)?.step ?? null };
}
