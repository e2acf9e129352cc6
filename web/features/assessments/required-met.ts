import type { AssessmentSummary } from '../../../shared/assessments/assessment.schema';

/** "met/required" of the standards an assessment status depends on, for the assessment lists. */
export function requiredMet(a: Pick<AssessmentSummary, 'results'>): string {
  const required = a.results.standards.filter((s) => s.requiredForStatus);
  return `${required.filter((s) => s.status === 'met').length}/${required.length}`;
}
