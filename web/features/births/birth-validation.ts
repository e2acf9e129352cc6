import { type BirthInput, BirthInputSchema } from '../../../shared/births/birth.schema';
import { checkBirth, deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { localDate } from '../../../shared/births/local-date';
import { formatIssuePath, type Issue } from '../../../shared/errors';
import { type BirthDraft, toBirthInput } from './birth-draft';

export type DraftWarning = {
  /** 'delivery' or the index of the baby. */
  owner: 'delivery' | number;
  flag: string;
};

export type DraftCheck = {
  /** Problems that block saving, by input path (the same paths the server answers with). */
  issues: Issue[];
  /** Practice deviations that will be saved as flags. */
  warnings: DraftWarning[];
  input: BirthInput | null;
  kmcEligible: Array<boolean | null>;
};

/**
 * Runs the shared schema, the hard rules and the practice rules on a draft: the form shows exactly what
 * the server would answer, before anything is sent. `earliestBirthDate` is the server's
 * REGISTER_EARLIEST_BIRTH_DATE (from GET /api/eenc-settings), not the default.
 */
export function checkDraft(
  draft: BirthDraft,
  timeZone: string,
  settings: EencSettings,
  now: Date,
  earliestBirthDate: string,
): DraftCheck {
  const parsed = BirthInputSchema.safeParse(toBirthInput(draft, timeZone));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
    return { issues, warnings: [], input: null, kmcEligible: [] };
  }
  const input = parsed.data;
  const issues = checkBirth(input, { now, timeZone, earliestBirthDate });
  const birthDate = localDate(input.delivery.bornAt, timeZone);
  const birth = { date: birthDate, bornAt: input.delivery.bornAt, timeZone };
  const derived = input.newborns.map((n) => deriveNewborn(n, input.delivery, settings, birth));
  const warnings: DraftWarning[] = [
    ...deliveryFlags(input.delivery, settings).map((flag) => ({ owner: 'delivery' as const, flag })),
    ...derived.flatMap((d, i) => d.flags.map((flag) => ({ owner: i, flag }))),
  ];
  return { issues, warnings, input, kmcEligible: derived.map((d) => d.kmcEligible) };
}

/** Placeholders of a flag's label, filled from the thresholds in force. */
export function flagLabelParams(flag: string, settings: EencSettings): Record<string, number> {
  switch (flag) {
    case 'drying_late':
      return { seconds: settings.immediateDryingSeconds };
    case 'ssc_short':
      return { minutes: settings.sscMinDurationMinutes };
    case 'cord_clamped_early':
      return { minutes: settings.delayedCordClampMinutes };
    case 'bag_mask_late':
      return { seconds: settings.bagMaskWithinSeconds };
    case 'bath_early':
      return { hours: settings.bathMinHours };
    case 'early_discharge':
      return { hours: settings.minStayHours };
    case 'uterotonic_late':
      return { minutes: settings.uterotonicWithinMinutes };
    default:
      return {};
  }
}
