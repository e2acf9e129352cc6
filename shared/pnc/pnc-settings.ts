import { z } from 'zod';
import { type ValueOf, valuesOf } from '../closed-set';
import { CONTACT_ANCHORS, ContactAnchor } from './contact-anchor';

/**
 * The postnatal contact schedule and reminder settings of a country, stored as data in
 * `country_settings.pnc` (absent fields take these defaults). The WHO minimum of four contacts and the
 * DAK due/overdue/expiry table (facts §8.1) are the defaults; the readings the facts sheet marks
 * uncertain ([U]: the DAK's reversed overdue inequalities, extra visits for small or sick babies, how
 * days are counted) are settings, not constants, so a country can align them with its national guide.
 */

export const PNC_SUBJECT_KINDS = ['mother', 'newborn'] as const;
export type PncSubjectKind = (typeof PNC_SUBJECT_KINDS)[number];

/**
 * Risk markers of a newborn, derived from the birth record (and from danger signs found at a contact).
 * They sort the worklist and select babies for the extra contacts.
 */
export const RiskMarker = {
  lowBirthWeight: 'low_birth_weight',
  preterm: 'preterm',
  resuscitated: 'resuscitated',
  kmc: 'kmc',
  referredAtDischarge: 'referred_at_discharge',
  /** Membranes ruptured > 18 h before birth, or maternal fever in labour (§8.3: risk of bacterial infection). */
  infectionRisk: 'infection_risk',
  dangerSigns: 'danger_signs',
  /** Discharged in kangaroo mother care and not yet graduated: the KMC follow-up contacts (issue 16). */
  kmcFollowUp: 'kmc_follow_up',
  /**
   * In KMC follow-up and still under the country's weekly threshold (`kmcWeeklyBelowGrams`) by the last
   * weight known to the follow-up (shared/kmc/kmc-follow-up-weight.ts): the weekly contacts between
   * the less frequent ones (issue 16).
   */
  kmcFollowUpWeekly: 'kmc_follow_up_weekly',
} as const;
export type RiskMarker = ValueOf<typeof RiskMarker>;
export const RISK_MARKERS = valuesOf(RiskMarker);

/**
 * Who is expected to make the contact: the birth facility (the first day, before discharge) or the
 * commune health station where the mother lives (after the handover at discharge).
 */
export const PNC_STAGES = ['facility', 'commune'] as const;
export type PncStage = (typeof PNC_STAGES)[number];

/** The latest point of a schedule that an offset in hours can name (120 days). */
export const MAX_OFFSET_DAYS = 120;
/**
 * How long after a birth its follow-up can still be open: the latest point of a schedule, and a margin
 * for the local day count. Births recorded later than this are not kept in the worklist counts
 * (`pnc_subjects.counted`), and counts of births older than this are dropped (`purgeOldCounts`).
 */
export const PNC_FOLLOW_UP_DAYS = MAX_OFFSET_DAYS + 10;

/**
 * A point in time after the birth. `hours` count from the instant of birth; `days` count whole
 * calendar days at the facility: day N begins at the local midnight that starts the birth date plus
 * N × 24 h (day 0 is the birth date). Windows are half-open: a contact "days 7–14" runs from day 7
 * to day 15.
 */
export const OffsetSchema = z.strictObject({
  unit: z.enum(['hours', 'days']),
  value: z
    .number()
    .int()
    .min(0)
    .max(24 * MAX_OFFSET_DAYS),
});
export type Offset = z.infer<typeof OffsetSchema>;

export const offsetHours = (o: Offset): number => (o.unit === 'days' ? o.value * 24 : o.value);

export const ContactDefinitionSchema = z.strictObject({
  /** Stable key of the contact in records and reminders (`c1`…`c4`, `x5`). */
  code: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/),
  /** WHO contact number shown to people ("contact 2"); `null` for an extra visit (shown by its day). */
  number: z.number().int().min(1).max(20).nullable(),
  /** One of the WHO minimum four contacts: counted by "all four contacts completed". */
  core: z.boolean(),
  subjects: z.array(z.enum(PNC_SUBJECT_KINDS)).min(1).max(2),
  /** Empty: every live-born baby. Otherwise only babies with one of these markers (small or sick). */
  onlyForMarkers: z.array(z.enum(RISK_MARKERS)).max(RISK_MARKERS.length),
  stage: z.enum(PNC_STAGES),
  /** Send reminders before it is due (not for the contact made in the facility before discharge). */
  remind: z.boolean(),
  /** The contact is due from here… */
  dueFrom: OffsetSchema,
  /** …and on time until here (exclusive). */
  dueUntil: OffsetSchema,
  /** Shown as overdue from here. */
  overdueFrom: OffsetSchema,
  /** No longer expected from here (missed). */
  expiresAt: OffsetSchema,
  /** What the offsets count from (contact-anchor.ts); absent: the birth. */
  anchor: z.enum(CONTACT_ANCHORS).optional(),
});
export type ContactDefinition = z.infer<typeof ContactDefinitionSchema>;

/** Languages reminders can be written in: the app's catalogues plus any a country adds as templates. */
export const LanguageSchema = z.string().regex(/^[a-z]{2,3}$/, { error: 'pnc.languageFormat' });

export const ReminderTemplatesSchema = z.strictObject({
  /** To the mother; placeholders {contact}, {date}, {station}. */
  mother: z.string().trim().min(1).max(320),
  /** To the health worker, one per due day; placeholders {count}, {date}, {risk}. */
  worker: z.string().trim().min(1).max(320),
});

export const PncSettingsSchema = z
  .strictObject({
    /** Room for the WHO four, the extra visits and a weekly KMC follow-up until graduation. */
    contacts: z.array(ContactDefinitionSchema).min(1).max(24),
    /** Reminders go out this many hours before a contact is due. */
    reminderLeadHours: z.number().int().min(1).max(168),
    /** Language of reminders to mothers whose language is not recorded. */
    defaultLanguage: LanguageSchema,
    /** Extra reminder languages (e.g. `km`, `lo`); vi and en are built in and may be overridden. */
    reminderTemplates: z.record(LanguageSchema, ReminderTemplatesSchema),
    /** How far ahead the worklist shows upcoming contacts. */
    upcomingDays: z.number().int().min(1).max(42),
    /**
     * KMC follow-up: a baby whose last weight known to the follow-up is under this has the contacts
     * for `kmc_follow_up_weekly` too (weekly); from it, only those for `kmc_follow_up` (issue 16).
     */
    kmcWeeklyBelowGrams: z
      .number({ error: 'pnc.kmcWeeklyBelowGramsRange' })
      .int({ error: 'pnc.kmcWeeklyBelowGramsRange' })
      .min(1000, { error: 'pnc.kmcWeeklyBelowGramsRange' })
      .max(4000, { error: 'pnc.kmcWeeklyBelowGramsRange' }),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.contacts.forEach((c, i) => {
      if (seen.has(c.code))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'code'], message: 'pnc.settingsDuplicateCode' });
      seen.add(c.code);
      const [from, until, overdue, expires] = [c.dueFrom, c.dueUntil, c.overdueFrom, c.expiresAt].map(
        offsetHours,
      ) as [number, number, number, number];
      if (!(from < until))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'dueUntil'], message: 'pnc.settingsOrder' });
      if (!(from <= overdue))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'overdueFrom'], message: 'pnc.settingsOrder' });
      if (!(overdue <= expires && until <= expires))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'expiresAt'], message: 'pnc.settingsOrder' });
      if (c.core !== (c.number !== null))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'number'], message: 'pnc.settingsCoreNumber' });
      if (c.onlyForMarkers.length > 0 && c.subjects.includes('mother'))
        ctx.addIssue({
          code: 'custom',
          path: ['contacts', i, 'onlyForMarkers'],
          message: 'pnc.settingsMarkersNewbornOnly',
        });
      // Only a baby discharged in KMC has a discharge to count from, so a contact counted from it is
      // for those babies only.
      if (c.anchor === ContactAnchor.kmcDischarge && !isKmcFollowUpContact(c))
        ctx.addIssue({
          code: 'custom',
          path: ['contacts', i, 'anchor'],
          message: 'pnc.settingsAnchorKmcOnly',
        });
    });
  });
export type PncSettings = z.infer<typeof PncSettingsSchema>;

const h = (value: number): Offset => ({ unit: 'hours', value });
const d = (value: number): Offset => ({ unit: 'days', value });
const both: PncSubjectKind[] = ['mother', 'newborn'];

/** When a contact is due, missed and no longer worth making, counted from the birth. */
type ContactWindow = Pick<ContactDefinition, 'dueFrom' | 'dueUntil' | 'overdueFrom' | 'expiresAt'>;

/** One of the WHO four contacts (`c1`…`c4`), for mother and baby; reminded unless made before discharge. */
const coreContact = (number: number, stage: PncStage, window: ContactWindow): ContactDefinition => ({
  code: `c${number}`,
  number,
  core: true,
  subjects: both,
  onlyForMarkers: [],
  stage,
  remind: stage === 'commune',
  ...window,
});

/** An extra contact by the commune, for babies with one of the markers only. */
const extraNewbornContact = (
  code: string,
  onlyForMarkers: RiskMarker[],
  window: ContactWindow,
): ContactDefinition => ({
  code,
  number: null,
  core: false,
  subjects: ['newborn'],
  onlyForMarkers,
  stage: 'commune',
  remind: true,
  ...window,
});

/** Markers that make a baby "small or sick" for the extra contacts (WHO small-baby care, §2.7). */
export const SMALL_OR_SICK_MARKERS: RiskMarker[] = [
  'low_birth_weight',
  'preterm',
  'resuscitated',
  'kmc',
  'referred_at_discharge',
  'danger_signs',
];

/** Weeks after the discharge in KMC of the default KMC follow-up contacts (weekly, to 12 weeks). */
export const KMC_FOLLOW_UP_WEEKS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** The markers a KMC follow-up contact can be for (one of them, alone). */
export const KMC_FOLLOW_UP_MARKERS: readonly RiskMarker[] = [
  RiskMarker.kmcFollowUp,
  RiskMarker.kmcFollowUpWeekly,
];

/** The default weekly threshold of the KMC follow-up (issue 16: "weekly until 2,000 g"). */
export const DEFAULT_KMC_WEEKLY_BELOW_GRAMS = 2000;
/** The default frequency from the threshold to graduation: every second week. */
export const DEFAULT_KMC_LATER_EVERY_WEEKS = 2;

/**
 * The KMC follow-up contacts of a schedule (issue 16; facts §12.2: weekly after discharge in KMC, aim
 * 2 kg and more [V2], exact WHO criteria [U]): one contact for each of `weeks` after the discharge in
 * KMC, counted from the discharge (`anchor`), so a baby who stayed three weeks on the ward still has
 * its first week after discharge. Due in the first 3 days of the week, missed at its end. Every
 * `laterEveryWeeks`-th week is for every baby in KMC follow-up (`kmc_follow_up`); the weeks between
 * are for babies still under the weekly threshold only (`kmc_follow_up_weekly`). So a baby is seen
 * weekly while light and every `laterEveryWeeks` weeks from the threshold, until graduation, when the
 * markers go. `laterEveryWeeks` 1: weekly throughout, whatever the weight (the schedule before).
 */
export function kmcFollowUpContacts(
  weeks: readonly number[] = KMC_FOLLOW_UP_WEEKS,
  laterEveryWeeks: number = DEFAULT_KMC_LATER_EVERY_WEEKS,
): ContactDefinition[] {
  return weeks.map((w) => ({
    ...extraNewbornContact(
      `k${w}`,
      [w % laterEveryWeeks === 0 ? RiskMarker.kmcFollowUp : RiskMarker.kmcFollowUpWeekly],
      { dueFrom: d(7 * w), dueUntil: d(7 * w + 3), overdueFrom: d(7 * w + 3), expiresAt: d(7 * w + 7) },
    ),
    anchor: ContactAnchor.kmcDischarge,
  }));
}

/** The default KMC follow-up: weekly under 2,000 g, fortnightly from it, weeks 1–12 after discharge. */
export const KMC_FOLLOW_UP_CONTACTS: ContactDefinition[] = kmcFollowUpContacts();

/** Whether a contact is one of the KMC follow-up (for babies in KMC follow-up only). */
export const isKmcFollowUpContact = (c: Pick<ContactDefinition, 'onlyForMarkers'>): boolean =>
  c.onlyForMarkers.length === 1 && KMC_FOLLOW_UP_MARKERS.includes(c.onlyForMarkers[0]!);

/**
 * Defaults (facts §8.1, DAK table). The overdue points read the DAK's reversed inequalities as "once
 * the next window is reached" [U]; the day-5 and day-10 visits for small or sick babies come from a
 * national guide [V2, U]. The database's `pnc_default_settings()` is generated from it
 * (server/features/pnc/pnc-schema.ts).
 */
export const DEFAULT_PNC_SETTINGS: PncSettings = {
  contacts: [
    coreContact(1, 'facility', { dueFrom: h(0), dueUntil: h(24), overdueFrom: h(48), expiresAt: d(49) }),
    coreContact(2, 'commune', { dueFrom: h(48), dueUntil: h(72), overdueFrom: d(7), expiresAt: d(49) }),
    extraNewbornContact('x5', SMALL_OR_SICK_MARKERS, {
      dueFrom: d(5),
      dueUntil: d(6),
      overdueFrom: d(7),
      expiresAt: d(49),
    }),
    coreContact(3, 'commune', { dueFrom: d(7), dueUntil: d(15), overdueFrom: d(42), expiresAt: d(49) }),
    extraNewbornContact('x10', SMALL_OR_SICK_MARKERS, {
      dueFrom: d(10),
      dueUntil: d(11),
      overdueFrom: d(14),
      expiresAt: d(49),
    }),
    coreContact(4, 'commune', { dueFrom: d(42), dueUntil: d(49), overdueFrom: d(49), expiresAt: d(49) }),
    ...KMC_FOLLOW_UP_CONTACTS,
  ],
  reminderLeadHours: 24,
  defaultLanguage: 'en',
  reminderTemplates: {},
  upcomingDays: 7,
  kmcWeeklyBelowGrams: DEFAULT_KMC_WEEKLY_BELOW_GRAMS,
};

/** A country's stored settings over the defaults (a setting added later gets its default). */
export function mergePncSettings(stored: unknown): PncSettings {
  const partial = stored && typeof stored === 'object' ? stored : {};
  const parsed = PncSettingsSchema.safeParse({ ...DEFAULT_PNC_SETTINGS, ...partial });
  return parsed.success ? parsed.data : DEFAULT_PNC_SETTINGS;
}
