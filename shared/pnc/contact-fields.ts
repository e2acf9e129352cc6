import { type FieldEntry, type RowOf, STAMP_FIELDS, type TableProblems } from '../births/field-table';
import type { Finding } from './pnc-rules';
import type { PncSubjectKind } from './pnc-settings';
import type { ContactPlace, ReferralOutcome } from './pnc-values';

/**
 * The field table of a postnatal contact (one row of `pnc_contacts`: what was recorded for one subject
 * at one visit, and the referral case it opened), in the vocabulary of the birth tables
 * (shared/births/field-table.ts). The read row type, the insert's columns and named row builder and the
 * correction's SET list (server/features/pnc/pnc-visits.repo.ts) are made from it.
 */

/** A stored contact, named as the code names it (the row is this, in columns). */
export type PncContactRecord = {
  id: string;
  visitId: string;
  subjectId: string;
  birthId: string;
  kind: PncSubjectKind;
  contactCode: string;
  doneAt: Date;
  place: ContactPlace;
  /** The values recorded (shared/pnc/pnc.schema.ts), as sent without `referred`. */
  observations: Record<string, unknown>;
  /** What the rules found in them (shared/pnc/pnc-rules.ts). */
  findings: Finding[];
  /** Urgent findings (danger signs of the value set and threshold breaches, by code). */
  dangerSigns: string[];
  referred: boolean | null;
  exclusiveBreastfeedingYesterday: boolean | null;
  referral: {
    status: 'open' | 'closed' | null;
    openedAt: Date | null;
    outcome: ReferralOutcome | null;
    note: string | null;
    closedAt: Date | null;
    closedBy: string | null;
  };
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * Which write sets a column: the contact's identity (insert), the values recorded at the visit (insert
 * and correction), the opening of its referral case (insert; a correction applies the referral rule of
 * the repo), the closing of the case, and who wrote it when (with the version).
 */
export type ContactWriteGroup = 'identity' | 'recorded' | 'opening' | 'closing' | 'stamp' | 'actor';
export type ContactField = FieldEntry<ContactWriteGroup>;

export const PNC_CONTACT_FIELDS = [
  { path: 'id', from: 'identity', column: 'id', sql: 'uuid' },
  { path: 'visitId', from: 'identity', column: 'visit_id', sql: 'uuid' },
  { path: 'subjectId', from: 'identity', column: 'subject_id', sql: 'uuid' },
  { path: 'birthId', from: 'identity', column: 'birth_id', sql: 'uuid' },
  { path: 'kind', from: 'identity', column: 'kind', sql: 'text' },
  { path: 'contactCode', from: 'identity', column: 'contact_code', sql: 'text' },
  { path: 'doneAt', from: 'recorded', column: 'done_at', sql: 'timestamptz' },
  { path: 'place', from: 'recorded', column: 'place', sql: 'text' },
  { path: 'observations', from: 'recorded', column: 'observations', sql: 'jsonb' },
  { path: 'findings', from: 'recorded', column: 'findings', sql: 'jsonb' },
  { path: 'dangerSigns', from: 'recorded', column: 'danger_signs', sql: 'text[]' },
  { path: 'referred', from: 'recorded', column: 'referred', sql: 'boolean' },
  {
    path: 'exclusiveBreastfeedingYesterday',
    from: 'recorded',
    column: 'exclusive_bf_yesterday',
    sql: 'boolean',
  },
  { path: 'referral.status', from: 'opening', column: 'referral_status', sql: 'text' },
  { path: 'referral.openedAt', from: 'opening', column: 'referral_opened_at', sql: 'timestamptz' },
  { path: 'referral.outcome', from: 'closing', column: 'referral_outcome', sql: 'text' },
  { path: 'referral.note', from: 'closing', column: 'referral_note', sql: 'text' },
  { path: 'referral.closedAt', from: 'closing', column: 'referral_closed_at', sql: 'timestamptz' },
  { from: 'closing', column: 'referral_closed_by', sql: 'uuid', nullable: true },
  ...STAMP_FIELDS,
] as const satisfies readonly ContactField[];

type ContactFields = (typeof PNC_CONTACT_FIELDS)[number];

/** A `pnc_contacts` row as read back (`select *`). */
export type ContactRow = RowOf<PncContactRecord, ContactFields>;

// Each path exists in the record and its SQL type holds the value there (a compile error names it).
const contactChecks: TableProblems<PncContactRecord, ContactFields> = true;
void contactChecks;
