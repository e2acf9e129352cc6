import { type ValueOf, valuesOf } from '../closed-set';

/**
 * What a contact's offsets count from, written once: the server and the web evaluate it here
 * (`anchorMs`), the database and the SQL of the indicators and reminders compile it
 * (`anchorSql`, server/features/indicators/pnc-anchor.sql.ts). The birth by default; the KMC follow-up
 * contacts from the discharge in kangaroo mother care, so the weeks a baby spends on the ward do not
 * use up its follow-up (issue 16).
 */
export const ContactAnchor = { birth: 'birth', kmcDischarge: 'kmc_discharge' } as const;
export type ContactAnchor = ValueOf<typeof ContactAnchor>;
export const CONTACT_ANCHORS = valuesOf(ContactAnchor);

/**
 * Instants of a follow-up subject an offset can count from (columns of `pnc_subjects`): the birth, the
 * local midnight that starts the birth date, and the local midnight that starts the date of the
 * discharge in KMC (null unless discharged in KMC; the discharge has a date, not a time).
 */
export const SUBJECT_INSTANTS = ['born_at', 'day0', 'kmc_day0'] as const;
export type SubjectInstant = (typeof SUBJECT_INSTANTS)[number];

/** Which instant an offset counts from, by the contact's anchor and the offset's unit. */
export const ANCHOR_INSTANT: Readonly<
  Record<ContactAnchor, Readonly<Record<'hours' | 'days', SubjectInstant>>>
> = {
  birth: { hours: 'born_at', days: 'day0' },
  kmc_discharge: { hours: 'kmc_day0', days: 'kmc_day0' },
};

/** A contact's anchor (absent in settings stored before anchors: the birth). */
export const anchorOf = (def: { anchor?: ContactAnchor | undefined }): ContactAnchor =>
  def.anchor ?? ContactAnchor.birth;

/** A subject's instants in ms since the epoch. */
export type SubjectInstantsMs = { bornAtMs: number; day0Ms: number; kmcDay0Ms: number | null };

/** Where each instant is in `SubjectInstantsMs`. */
export const INSTANT_MS_KEY: Readonly<Record<SubjectInstant, keyof SubjectInstantsMs>> = {
  born_at: 'bornAtMs',
  day0: 'day0Ms',
  kmc_day0: 'kmcDay0Ms',
};

/** The instant an offset in `unit` of a contact with `anchor` counts from; null when not known yet. */
export const anchorMs = (
  anchor: ContactAnchor,
  unit: 'hours' | 'days',
  at: SubjectInstantsMs,
): number | null => at[INSTANT_MS_KEY[ANCHOR_INSTANT[anchor][unit]]];
