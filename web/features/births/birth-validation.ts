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
  const raw = toBirthInput(draft, timeZone);
  const parsed = BirthInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
    return { issues, ...warningsOfCompleteBabies(raw, issues, settings, timeZone), input: null };
  }
  const input = parsed.data;
  const issues = checkBirth(input, { now, timeZone, earliestBirthDate });
  return {
    issues,
    ...practiceWarnings(
      input,
      input.newborns.map((_, i) => i),
      settings,
      timeZone,
    ),
    input,
  };
}

/** The practice warnings of a parsed birth, each baby's under its index in the form (`owners`). */
function practiceWarnings(
  input: BirthInput,
  owners: readonly number[],
  settings: EencSettings,
  timeZone: string,
): Pick<DraftCheck, 'warnings' | 'kmcEligible'> {
  const birth = { date: localDate(input.delivery.bornAt, timeZone), bornAt: input.delivery.bornAt, timeZone };
  const derived = input.newborns.map((n) => deriveNewborn(n, input.delivery, settings, birth));
  const kmcEligible: Array<boolean | null> = [];
  derived.forEach((d, i) => (kmcEligible[owners[i]!] = d.kmcEligible));
  return {
    warnings: [
      ...deliveryFlags(input.delivery, settings).map((flag) => ({ owner: 'delivery' as const, flag })),
      ...derived.flatMap((d, i) => d.flags.map((flag) => ({ owner: owners[i]!, flag }))),
    ],
    kmcEligible,
  };
}

/**
 * While a twin is not yet recorded (a later step on a phone), the babies already complete still show
 * their practice warnings: the birth is judged without the incomplete babies, when only they are wrong.
 */
function warningsOfCompleteBabies(
  raw: ReturnType<typeof toBirthInput>,
  issues: readonly Issue[],
  settings: EencSettings,
  timeZone: string,
): Pick<DraftCheck, 'warnings' | 'kmcEligible'> {
  const none = { warnings: [], kmcEligible: [] };
  const wrongBabies = new Set<number>();
  for (const { path } of issues) {
    const baby = /^newborns\.(\d+)\./.exec(path);
    if (!baby) return none;
    wrongBabies.add(Number(baby[1]));
  }
  const owners = raw.newborns.map((_, i) => i).filter((i) => !wrongBabies.has(i));
  if (owners.length === 0) return none;
  const parsed = BirthInputSchema.safeParse({ ...raw, newborns: owners.map((i) => raw.newborns[i]) });
  return parsed.success ? practiceWarnings(parsed.data, owners, settings, timeZone) : none;
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
