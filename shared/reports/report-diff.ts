import type { ReportDiff, SubmissionDocument } from './report.schema';

const FIELDS = ['numerator', 'denominator', 'value', 'text', 'source'] as const;

/** What changed between two versions of a report, value by value and section by section. */
export function diffDocuments(
  before: SubmissionDocument,
  after: SubmissionDocument,
): Pick<ReportDiff, 'values' | 'narrative'> {
  const values: ReportDiff['values'] = [];
  const keys = [...new Set([...before.values, ...after.values].map((v) => v.key))];
  for (const key of keys) {
    const a = before.values.find((v) => v.key === key);
    const b = after.values.find((v) => v.key === key);
    for (const field of FIELDS) {
      const x = a?.[field] ?? null;
      const y = b?.[field] ?? null;
      if (x !== y) values.push({ key, field, before: x, after: y });
    }
    // Attached files: by name and content (a file replaced under the same name is a change).
    const files = (v: typeof a) =>
      (v?.attachments ?? []).map((f) => `${f.filename} (${f.sha256.slice(0, 8)})`).join(', ') || null;
    if (files(a) !== files(b)) values.push({ key, field: 'attachments', before: files(a), after: files(b) });
  }
  const narrative = (Object.keys(after.narrative) as Array<keyof typeof after.narrative>)
    .filter((s) => before.narrative[s] !== after.narrative[s])
    .map((s) => ({ section: s, before: before.narrative[s], after: after.narrative[s] }));
  return { values, narrative };
}
