import type { Tri } from './birth-draft';

/** What every section of the birth form needs besides its slice of the draft. */
export type FormCtx = {
  /** The translated error for an input path, once the field was touched or a save was attempted. */
  err(path: string): string | undefined;
  touch(path: string): void;
  /** Time since birth in a unit (for "Now" buttons), or null when the time of birth is unknown or ahead. */
  elapsed(unit: 'seconds' | 'minutes' | 'hours'): (() => number | null) | null;
  /** The facility's wall-clock time now, as the date-and-time input takes it (the time of birth's "Now"). */
  nowLocal(): string;
  /** Yes / No / Not recorded, translated. */
  triOptions: ReadonlyArray<{ value: Exclude<Tri, ''> | 'unknown'; label: string }>;
};

/** Tri-state radio value as the ChoiceField sees it ('unknown' is "not recorded"). */
export const triValue = (v: Tri) => (v === '' ? 'unknown' : v);
export const fromTriValue = (v: string): Tri => (v === 'unknown' ? '' : (v as Tri));
