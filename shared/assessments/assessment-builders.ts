import type { Answers } from './assessment.schema';
import type { ChecklistDefinition, ChecklistItem, ChecklistSection } from './checklist.schema';
import { DEFAULT_CHECKLIST } from './default-checklist';

/**
 * Builders for tests and demo data: a form of a section with every answerable item answered as the
 * good practice ("yes", the best-scoring option, a mid-range number), then the overrides. Pure.
 */
function goodAnswer(item: ChecklistItem): string | number | null {
  switch (item.type) {
    case 'yes_no':
    case 'yes_partial_no':
      return 'yes';
    case 'choice': {
      const options = item.options ?? [];
      const best = [...options].sort((a, b) => (b.points ?? 0) - (a.points ?? 0))[0];
      return best?.value ?? null;
    }
    case 'number': {
      const v = 10;
      return Math.min(item.max ?? v, Math.max(item.min ?? v, v));
    }
    case 'text':
      return null;
  }
}

export function buildAnswers(section: ChecklistSection, overrides: Answers = {}): Answers {
  const answers: Answers = {};
  for (const item of section.items) {
    const v = goodAnswer(item);
    if (v !== null) answers[item.id] = v;
  }
  return { ...answers, ...overrides };
}

export function sectionById(id: string, def: ChecklistDefinition = DEFAULT_CHECKLIST): ChecklistSection {
  const s = def.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id}`);
  return s;
}

/** A default-checklist form with good answers: observation (breathing path), interview, chart, policy, environment. */
export const goodAnswersFor = (sectionId: string, overrides: Answers = {}) =>
  buildAnswers(sectionById(sectionId), {
    ...(sectionId === 'observation' ? { obs_breathing: 'yes' } : {}),
    ...(sectionId === 'interview' ? { int_caesarean: 'no', int_medical_reason: 'no' } : {}),
    ...(sectionId === 'chart_review' ? { chart_complication: 'pph' } : {}),
    ...overrides,
  });
