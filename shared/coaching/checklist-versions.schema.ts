import { z } from 'zod';
import type { Issue } from '../errors';
import { ExpectedVersionSchema } from '../record-version';
import { CHECKLIST_ANSWERS } from './checklist-scoring';
import type { ChecklistDefinition } from './checklists';
import { CHECKLIST_METHODS, CHECKLIST_MOMENTS } from './coaching-values';

/**
 * A country's own copy of a coaching skills checklist (docs/coaching.md, "A country's checklists"): the
 * national manager copies a shipped checklist and edits, adds or removes its items. The domains stay
 * those of the shipped checklist (labels may change), so the per-domain indicators keep their meaning.
 */
const label = z.string().trim().min(1, { error: 'coaching.labelRequired' }).max(300);
const TextSchema = z.strictObject({ en: label, vi: label });
const code = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'coaching.itemCodeFormat' });

export const AdaptedChecklistSchema = z.strictObject({
  name: TextSchema,
  domains: z
    .array(
      z.strictObject({
        code: z.string(),
        label: TextSchema,
        items: z
          .array(z.strictObject({ code, label: TextSchema }))
          .min(1, { error: 'coaching.domainNeedsItem' })
          .max(60),
      }),
    )
    .max(20),
});
export type AdaptedChecklist = z.infer<typeof AdaptedChecklistSchema>;

/** Copy a shipped checklist (its current version) for a country; `id` makes a retry the same copy. */
export const CopyChecklistSchema = z.strictObject({
  id: z.uuid().optional(),
  basedOnId: z.string().max(40),
  countryId: z.uuid(),
});
export type CopyChecklist = z.infer<typeof CopyChecklistSchema>;

/** An edit of a country's checklist, made on the `version` (row version) read of its latest version. */
export const EditChecklistSchema = AdaptedChecklistSchema.extend({ version: ExpectedVersionSchema });
export type EditChecklist = z.infer<typeof EditChecklistSchema>;

/** A correction of a recorded checklist, re-scored on the checklist version it was recorded with. */
export const CorrectChecklistSchema = z.strictObject({
  version: ExpectedVersionSchema,
  moment: z.enum(CHECKLIST_MOMENTS),
  method: z.enum(CHECKLIST_METHODS),
  observedOn: z.iso.date({ error: 'coaching.dateFormat' }),
  answers: z.record(z.string().max(40), z.enum(CHECKLIST_ANSWERS, { error: 'coaching.checklistAnswer' })),
});
export type CorrectChecklist = z.infer<typeof CorrectChecklistSchema>;

/** Problems of an adapted checklist against the checklist it copies: same domains, item codes unique. */
export function adaptedChecklistIssues(base: ChecklistDefinition, edit: AdaptedChecklist): Issue[] {
  const issues: Issue[] = [];
  const want = base.domains.map((d) => d.code).join(',');
  if (edit.domains.map((d) => d.code).join(',') !== want)
    issues.push({ path: 'domains', message: 'coaching.domainsFixed', params: { domains: want } });
  const seen = new Set<string>();
  edit.domains.forEach((d, i) =>
    d.items.forEach((item, j) => {
      if (seen.has(item.code))
        issues.push({ path: `domains.${i}.items.${j}.code`, message: 'coaching.itemCodeTaken' });
      seen.add(item.code);
    }),
  );
  return issues;
}
