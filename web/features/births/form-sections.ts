import type { Issue } from '../../../shared/errors';
import type { BirthDraft } from './birth-draft';

type SectionState = 'done' | 'error' | 'todo';
export type FormSection = {
  /** The id of the section's heading: the index scrolls or steps to it, and focus lands on it. */
  anchor: string;
  label: string;
  state: SectionState;
  /** Whose practice warnings belong here: the delivery's, a baby's (index), or none (the mother). */
  owner: 'mother' | 'delivery' | number;
  /** Whether an input path (as the server and `checkDraft` name it) belongs to this section. */
  owns(path: string): boolean;
};

const isStillbirth = (outcome: string) =>
  outcome === 'fresh_stillbirth' || outcome === 'macerated_stillbirth';
const CARE_PATH = /^newborns\.\d+\.(procedures|discharge|kmcInitiated)/;

/**
 * The sections of the birth form in the order a birth happens (mother, delivery, each baby's EENC
 * steps, each live baby's routine care), each complete when what it asks for is filled and nothing in it
 * is wrong. Errors count only in sections whose errors are shown (`showErrors`), as the fields show them.
 * On a phone each section is one step of the form.
 */
export function formSections(
  draft: BirthDraft,
  issues: readonly Issue[],
  showErrors: (anchor: string) => boolean,
  label: (key: string, n?: number) => string,
): FormSection[] {
  const section = (
    owner: FormSection['owner'],
    anchor: string,
    text: string,
    filled: boolean,
    owns: (path: string) => boolean,
  ): FormSection => {
    const wrong = issues.some((i) => owns(i.path));
    const state: SectionState = wrong && showErrors(anchor) ? 'error' : filled && !wrong ? 'done' : 'todo';
    return { anchor, label: text, state, owner, owns };
  };
  const sections: FormSection[] = [
    section('mother', 'mother-title', label('section.mother'), draft.mother.recordNumber.trim() !== '', (p) =>
      p.startsWith('mother.'),
    ),
    section(
      'delivery',
      'delivery-title',
      label('section.delivery'),
      draft.delivery.bornAtLocal !== '' && draft.delivery.mode !== '',
      (p) => p.startsWith('delivery.'),
    ),
  ];
  draft.newborns.forEach((baby, i) => {
    const prefix = `newborns.${i}.`;
    sections.push(
      section(
        i,
        `baby-${i}-title`,
        label('section.baby', baby.birthOrder),
        baby.sex !== '' && baby.outcome !== '',
        (p) => p.startsWith(prefix) && !CARE_PATH.test(p),
      ),
    );
    if (!isStillbirth(baby.outcome))
      sections.push(
        section(
          i,
          `care-${i}-title`,
          label('section.care', baby.birthOrder),
          Object.values(baby.procedures).every((p) => p.done !== ''),
          (p) => p.startsWith(prefix) && CARE_PATH.test(p),
        ),
      );
  });
  return sections;
}

/** The first section holding one of `issues`, or -1 when none does (a save answers where to go). */
export function firstSectionWithIssue(sections: readonly FormSection[], issues: readonly Issue[]): number {
  return sections.findIndex((s) => issues.some((i) => s.owns(i.path)));
}
