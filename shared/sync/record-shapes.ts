import { KmcLogInputSchema } from '../kmc/kmc.schema';
import { VisitInputSchema } from '../pnc/pnc.schema';
import type { RecordShape } from './flat-record';

/**
 * The flat forms of the record types other than births (shared/sync/flat-record.ts), made from the
 * fields of each type's API input schema, so that a field added to the schema is synced without more.
 */

/**
 * A postnatal contact: the visit's own fields, the mother's values under `mother.` (`mother.seen` false
 * when she was not seen), each baby's under `newborns.<newbornId>.`.
 */
export const PNC_VISIT_SHAPE: RecordShape = {
  fields: Object.keys(VisitInputSchema.shape).filter((k) => !['id', 'mother', 'newborns'].includes(k)),
  optionalParts: { mother: { presence: 'seen' } },
  lists: { newborns: { id: 'newbornId' } },
};

/** A day of a KMC daily log: the episode, the date and the day's values (the version travels beside). */
export const KMC_LOG_SHAPE: RecordShape = {
  fields: ['episodeId', 'date', ...Object.keys(KmcLogInputSchema.shape).filter((k) => k !== 'version')],
};

/**
 * A form of a Module 3 assessment (an observed birth, a mother interview, a chart review, the register
 * summary): the assessment and section it belongs to, and one field per answer (`answers.<itemId>`), so
 * that two people answering different items of one form both keep theirs.
 */
export const ASSESSMENT_RECORD_SHAPE: RecordShape = {
  fields: ['assessmentId', 'sectionId'],
  parts: ['answers'],
};

/**
 * The record id of a day of a KMC log, a version-8 (custom) UUID: the episode id's last 24 hex digits (its
 * random or varying part) around the version and variant digits, and the day's number since 1970 in the
 * last 6 (migration 0094 makes the same in SQL). Every device names a day the same, so two devices logging
 * one day offline meet in the merge instead of both creating it.
 */
export function kmcLogId(episodeId: string, date: string): string {
  const day = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const r = episodeId.replace(/-/g, '').slice(-24);
  const hex = `${r.slice(0, 12)}8${r.slice(12, 15)}8${r.slice(15)}${day.toString(16).padStart(6, '0')}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
