import { fieldsFrom } from '../../../shared/births/field-table';
import {
  type ContactRow,
  PNC_CONTACT_FIELDS,
  type PncContactRecord,
} from '../../../shared/pnc/contact-fields';
import type { ContactPlace, ReferralOutcome } from '../../../shared/pnc/pnc-values';
import type { Queryable } from '../../db/db';
import { insertRow, setList } from '../../db/field-values';
import { SqlParams } from '../../db/sql-params';

/** SQL of recording, correcting and deleting visits and closing referrals (rules in pnc-visits.service.ts). */

/** The values a visit records for one subject (the `recorded` fields of shared/pnc/contact-fields.ts). */
export type ContactWrite = Pick<
  PncContactRecord,
  | 'doneAt'
  | 'place'
  | 'observations'
  | 'findings'
  | 'dangerSigns'
  | 'referred'
  | 'exclusiveBreastfeedingYesterday'
> & {
  /** Urgent findings open a referral case (kept open, or closed, on a correction). */
  urgent: boolean;
};

const INSERTED = fieldsFrom(PNC_CONTACT_FIELDS, 'identity', 'recorded', 'opening', 'stamp', 'actor');
const RECORDED = fieldsFrom(PNC_CONTACT_FIELDS, 'recorded');

export type VisitContactRow = ContactRow & { newborn_id: string | null };

/** The contacts of one visit, the mother first, then the babies in birth order. */
export async function listVisitContacts(q: Queryable, visitId: string): Promise<VisitContactRow[]> {
  return q.query<VisitContactRow>(
    `select c.*, s.newborn_id from pnc_contacts c join pnc_subjects s on s.id = c.subject_id
      where c.visit_id = $1 order by c.kind = 'newborn', s.birth_order`,
    [visitId],
  );
}

/** The contacts of one visit as stored, in no particular order. */
export async function listContactRowsOfVisit(q: Queryable, visitId: string): Promise<ContactRow[]> {
  return q.query<ContactRow>('select * from pnc_contacts where visit_id = $1', [visitId]);
}

/** Subjects of a birth whose contact `contactCode` is recorded, by any visit but `exceptVisitId`. */
export async function listSubjectsWithContact(
  q: Queryable,
  birthId: string,
  contactCode: string,
  exceptVisitId?: string,
): Promise<Set<string>> {
  const rows = exceptVisitId
    ? await q.query<{ subject_id: string }>(
        'select subject_id from pnc_contacts where birth_id = $1 and contact_code = $2 and visit_id <> $3',
        [birthId, contactCode, exceptVisitId],
      )
    : await q.query<{ subject_id: string }>(
        'select subject_id from pnc_contacts where birth_id = $1 and contact_code = $2',
        [birthId, contactCode],
      );
  return new Set(rows.map((r) => r.subject_id));
}

export async function insertVisitRow(
  q: Queryable,
  v: {
    id: string;
    birthId: string;
    contactCode: string;
    visitedAt: Date;
    place: ContactPlace;
    seenBy: string;
    now: Date;
    actorId: string;
  },
): Promise<void> {
  await q.query(
    `insert into pnc_visits (id, birth_id, contact_code, visited_at, place, seen_by, created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8)`,
    [v.id, v.birthId, v.contactCode, v.visitedAt, v.place, v.seenBy, v.now, v.actorId],
  );
}

export async function updateVisitRow(
  q: Queryable,
  visitId: string,
  v: { visitedAt: Date; place: ContactPlace; seenBy: string; now: Date; actorId: string },
): Promise<void> {
  await q.query(
    'update pnc_visits set visited_at = $2, place = $3, seen_by = $4, version = version + 1, updated_at = $5, updated_by = $6 where id = $1',
    [visitId, v.visitedAt, v.place, v.seenBy, v.now, v.actorId],
  );
}

/** Deletes a visit; its contacts and referral cases go with it (foreign keys on delete cascade). */
export async function deleteVisitRow(q: Queryable, visitId: string): Promise<void> {
  await q.query('delete from pnc_visits where id = $1', [visitId]);
}

export async function insertContactRow(
  q: Queryable,
  c: Pick<PncContactRecord, 'id' | 'visitId' | 'subjectId' | 'birthId' | 'kind' | 'contactCode'> & {
    actorId: string;
    now: Date;
  },
  v: ContactWrite,
): Promise<void> {
  const record = {
    ...c,
    ...v,
    referral: { status: v.urgent ? 'open' : null, openedAt: v.urgent ? c.now : null },
    version: 1,
    createdAt: c.now,
    updatedAt: c.now,
    actor: c.actorId,
  };
  const row = insertRow('pnc_contacts', INSERTED, record);
  await q.query(row.sql, row.params);
}

/**
 * Corrects a contact. A referral case still urgent stays as it is, one no longer urgent is withdrawn
 * unless it was already closed.
 */
export async function updateContactRow(
  q: Queryable,
  contactId: string,
  v: ContactWrite,
  by: { now: Date; actorId: string },
): Promise<void> {
  const p = new SqlParams([contactId]);
  const recorded = setList(RECORDED, v, p);
  const urgent = p.add(v.urgent);
  const now = p.add(by.now);
  await q.query(
    `update pnc_contacts set ${recorded},
        referral_status = case when referral_status = 'closed' then 'closed' when ${urgent} then 'open' end,
        referral_opened_at = case when referral_status = 'closed' then referral_opened_at
                                  when ${urgent} then coalesce(referral_opened_at, ${now}) end,
        version = version + 1, updated_at = ${now}, updated_by = ${p.add(by.actorId)}
      where id = $1`,
    p.values,
  );
}

export async function deleteContactRows(q: Queryable, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length) await q.query('delete from pnc_contacts where id = any($1::uuid[])', [contactIds]);
}

/** A contact, locked until the transaction ends. */
export async function findContactForUpdate(q: Queryable, contactId: string): Promise<ContactRow | undefined> {
  const [row] = await q.query<ContactRow>('select * from pnc_contacts where id = $1 for update', [contactId]);
  return row;
}

/** A contact with the username of whoever closed its referral case. */
export async function findContactWithCloser(
  q: Queryable,
  contactId: string,
): Promise<(ContactRow & { closed_by_name: string | null }) | undefined> {
  const [row] = await q.query<ContactRow & { closed_by_name: string | null }>(
    'select c.*, u.username as closed_by_name from pnc_contacts c left join users u on u.id = c.referral_closed_by where c.id = $1',
    [contactId],
  );
  return row;
}

export async function closeReferralRow(
  q: Queryable,
  contactId: string,
  close: { outcome: ReferralOutcome; note: string | null; now: Date; actorId: string },
): Promise<void> {
  await q.query(
    `update pnc_contacts set referral_status = 'closed', referral_outcome = $2, referral_note = $3,
        referral_closed_at = $4, referral_closed_by = $5, version = version + 1, updated_at = $4, updated_by = $5
      where id = $1`,
    [contactId, close.outcome, close.note, close.now, close.actorId],
  );
}
