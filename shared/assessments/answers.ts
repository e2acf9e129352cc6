import type { Issue } from '../errors';
import type { Answers, AnswerValue } from './assessment.schema';
import {
  type ChecklistDefinition,
  type ChecklistItem,
  type ChecklistSection,
  type Condition,
  isRepeatingKind,
  PERSONAL_TEXT_KINDS,
  type Scoring,
} from './checklist.schema';

/** One filled-in form of a section: one observed birth, one mother, one chart, or the single policy review. */
export type RecordAnswers = { id: string; sectionId: string; answers: Answers };

const DEFAULT_TEXT_MAX = 2000;

export const isAnswered = (v: AnswerValue | undefined): v is string | number => v !== null && v !== undefined;

/**
 * Three-valued test of one condition: true/false, or null while the answer it looks at is missing.
 * An item hidden by its own conditions counts as "na" (not applicable on this path).
 */
export function evaluateCondition(
  cond: Condition,
  answers: Answers,
  section?: Pick<ChecklistSection, 'items'>,
): boolean | null {
  const item = section?.items.find((i) => i.id === cond.item);
  let value = answers[cond.item];
  if (item && !isItemApplicable(item, answers, section)) value = 'na';
  if (!isAnswered(value)) return null;
  if (cond.in && !cond.in.includes(String(value))) return false;
  if (cond.min !== undefined || cond.max !== undefined) {
    if (typeof value !== 'number') return false;
    if (cond.min !== undefined && value < cond.min) return false;
    if (cond.max !== undefined && value > cond.max) return false;
  }
  return true;
}

/** Three-valued AND: false if any part is false, null if any is unknown, else true. */
export function allHold(results: ReadonlyArray<boolean | null>): boolean | null {
  if (results.some((r) => r === false)) return false;
  return results.some((r) => r === null) ? null : true;
}

/** Whether an item is on this record's path (e.g. resuscitation items only when the baby was not breathing). */
export function isItemApplicable(
  item: Pick<ChecklistItem, 'showIf'>,
  answers: Answers,
  section?: Pick<ChecklistSection, 'items'>,
): boolean {
  if (!item.showIf?.length) return true;
  return item.showIf.every((c) => evaluateCondition(c, answers, section) === true);
}

export const isItemRequired = (item: ChecklistItem) => item.required ?? item.type !== 'text';

/** Free text about a mother or a patient: hidden from readers without facility-level personal-data access. */
export function isPersonalItem(item: ChecklistItem, section: Pick<ChecklistSection, 'kind'>): boolean {
  return item.personal === true || (item.type === 'text' && PERSONAL_TEXT_KINDS.has(section.kind));
}

/** Why one answer is not acceptable for its item (a message key with params), or null when it is. */
export function checkAnswer(
  item: ChecklistItem,
  value: AnswerValue,
): { message: string; params?: Record<string, unknown> } | null {
  if (value === null) return null;
  if (value === 'na')
    return item.allowNa && item.type !== 'text' ? null : { message: 'assessments.naNotAllowed' };
  switch (item.type) {
    case 'yes_no':
    case 'yes_partial_no': {
      const allowed = item.type === 'yes_no' ? ['yes', 'no'] : ['yes', 'partial', 'no'];
      return typeof value === 'string' && allowed.includes(value)
        ? null
        : { message: 'assessments.answerChoice', params: { allowed: allowed.join(', ') } };
    }
    case 'choice': {
      const allowed = (item.options ?? []).map((o) => o.value);
      return typeof value === 'string' && allowed.includes(value)
        ? null
        : { message: 'assessments.answerChoice', params: { allowed: allowed.join(', ') } };
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { message: 'assessments.answerNumber' };
      if (item.integer && !Number.isInteger(value)) return { message: 'assessments.answerInteger' };
      if ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max))
        return {
          message: 'assessments.answerRange',
          params: { min: item.min ?? '−∞', max: item.max ?? '∞' },
        };
      return null;
    }
    case 'text': {
      if (typeof value !== 'string') return { message: 'assessments.answerText' };
      const max = item.maxLength ?? DEFAULT_TEXT_MAX;
      return value.length > max ? { message: 'assessments.textMax', params: { max } } : null;
    }
  }
}

/** Every problem with a record's answers, at `answers.<itemId>`: unknown items and invalid values. */
export function checkRecordAnswers(section: ChecklistSection, answers: Answers): Issue[] {
  const items = new Map(section.items.map((i) => [i.id, i]));
  const issues: Issue[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const item = items.get(id);
    if (!item) {
      issues.push({ path: `answers.${id}`, message: 'assessments.unknownItem' });
      continue;
    }
    const problem = checkAnswer(item, value);
    if (problem) issues.push({ path: `answers.${id}`, ...problem });
  }
  return issues;
}

/** Required items on the record's path that have no answer yet. */
export function missingItems(section: ChecklistSection, answers: Answers): string[] {
  return section.items
    .filter((i) => isItemRequired(i) && isItemApplicable(i, answers, section) && !isAnswered(answers[i.id]))
    .map((i) => i.id);
}

/**
 * What keeps an assessment from being completed: unanswered required items (at
 * `records.<recordId>.answers.<itemId>`) and too few records in a section (at `sections.<sectionId>`).
 */
export function checkCompletion(def: ChecklistDefinition, records: readonly RecordAnswers[]): Issue[] {
  const issues: Issue[] = [];
  for (const section of def.sections) {
    const own = records.filter((r) => r.sectionId === section.id);
    const min = isRepeatingKind(section.kind) ? (section.sampleSize?.min ?? 0) : 1;
    if (own.length < min)
      issues.push({
        path: `sections.${section.id}`,
        message: 'assessments.tooFewRecords',
        params: { min, count: own.length },
      });
    for (const r of own)
      for (const id of missingItems(section, r.answers))
        issues.push({ path: `records.${r.id}.answers.${id}`, message: 'assessments.answerMissing' });
  }
  return issues;
}

/** Points of one answer and the most it could have scored; null when the item is not scored or the answer does not count. */
export function scoreAnswer(
  item: ChecklistItem,
  value: AnswerValue | undefined,
  scoring: Scoring,
): { points: number; max: number } | null {
  if (!item.area || !isAnswered(value) || value === 'na') return null;
  if (item.type === 'yes_no' || item.type === 'yes_partial_no') {
    const p = scoring.points;
    if (value === 'yes') return { points: p.yes, max: p.yes };
    if (value === 'no') return { points: p.no, max: p.yes };
    if (value === 'partial' && item.type === 'yes_partial_no') return { points: p.partial, max: p.yes };
    return null;
  }
  if (item.type === 'choice' && item.options?.every((o) => o.points !== undefined)) {
    const option = item.options.find((o) => o.value === value);
    if (!option) return null;
    return { points: option.points ?? 0, max: Math.max(...item.options.map((o) => o.points ?? 0)) };
  }
  return null;
}

/** Scored = named an area (context questions such as "was the baby breathing?" are not). */
export function isScoredItem(item: ChecklistItem): boolean {
  if (!item.area) return false;
  if (item.type === 'yes_no' || item.type === 'yes_partial_no') return true;
  return (
    item.type === 'choice' &&
    (item.options ?? []).length > 0 &&
    item.options!.every((o) => o.points !== undefined)
  );
}
