import { useEffect, useRef, useState } from 'react';
import type { Issue } from '../../../shared/errors';
import { firstSectionWithIssue, type FormSection } from './form-sections';

/**
 * The birth form as steps on a phone, one section per step. Leaving a step forwards checks it: its
 * errors show next to the fields, and focus goes to the first of them. Arriving at a step moves focus to
 * its heading, so keyboard and screen-reader users start at the top of what changed. Going back never
 * checks; the values stay in the form's draft, whichever step is shown.
 */
export function useFormSteps(formId: string) {
  const [anchor, setAnchor] = useState('mother-title');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [blocked, setBlocked] = useState(false);
  const focusNext = useRef<'heading' | 'invalid' | null>(null);

  useEffect(() => {
    const what = focusNext.current;
    focusNext.current = null;
    if (what === 'heading') {
      window.scrollTo(0, 0);
      document.getElementById(anchor)?.focus({ preventScroll: true });
    } else if (what === 'invalid') {
      const form = document.getElementById(formId);
      form?.querySelector<HTMLElement>('[aria-invalid="true"], .birth-steps__blocked')?.focus();
    }
  });

  /** The index of the step shown (the first when its section is gone, e.g. fewer babies). */
  const currentOf = (sections: readonly FormSection[]) =>
    Math.max(
      0,
      sections.findIndex((s) => s.anchor === anchor),
    );

  return {
    currentOf,
    /** Whether a section's errors are shown: it was left forwards, or a save was tried. */
    isChecked: (section: string) => checked.has(section),
    /** A step could not be left: its errors are listed next to its fields. */
    blocked,
    /** Goes to `target`; forwards only when the step shown has none of `issues`. */
    go(sections: readonly FormSection[], target: number, issues: readonly Issue[]): void {
      const current = currentOf(sections);
      const here = sections[current]!;
      if (target > current) {
        setChecked((s) => new Set(s).add(here.anchor));
        if (issues.some((i) => here.owns(i.path))) {
          setBlocked(true);
          focusNext.current = 'invalid';
          return;
        }
      }
      setBlocked(false);
      focusNext.current = 'heading';
      setAnchor(sections[target]!.anchor);
    },
    /** After a failed save: the first step with an error, focused on its first wrong field. */
    showFirstError(sections: readonly FormSection[], issues: readonly Issue[]): void {
      const target = firstSectionWithIssue(sections, issues);
      if (target < 0) return;
      setAnchor(sections[target]!.anchor);
      focusNext.current = 'invalid';
    },
    restart(): void {
      setChecked(new Set());
      setBlocked(false);
      focusNext.current = 'heading';
      setAnchor('mother-title');
    },
  };
}
