import type { ContactRow } from '../../../shared/pnc/contact-fields';
import type { RiskMarker } from '../../../shared/pnc/pnc-settings';
import type { Referral } from '../../../shared/pnc/pnc.schema';
import type { ContactPlace } from '../../../shared/pnc/pnc-values';
import type { Queryable } from '../../db/db';
import { toIso, toIsoOrNull } from '../../lib/rows';

export function toReferral(c: ContactRow & { closed_by_name?: string | null }): Referral | null {
  if (!c.referral_status) return null;
  return {
    contactId: c.id,
    status: c.referral_status,
    reasons: c.danger_signs,
    openedAt: toIso(c.referral_opened_at ?? c.done_at),
    outcome: c.referral_outcome,
    note: c.referral_note,
    closedAt: toIsoOrNull(c.referral_closed_at),
    closedBy: c.closed_by_name ?? null,
    version: c.version,
  };
}

/** The mother's contact columns of a birth row. */
export type MotherContactRow = {
  mother_name: string | null;
  mother_phone: string | null;
  mother_address: string | null;
};

/** Whether the birth has a name, phone or address of the mother stored. */
export const hasMotherContact = (b: MotherContactRow) =>
  b.mother_name !== null || b.mother_phone !== null || b.mother_address !== null;

/**
 * The mother's contact as a follow-up answer shows it: name, phone and address to a reader who may see
 * them (`canSeeMotherContact`), emptied otherwise, with `personalDataHidden` saying whether any was.
 */
export function motherContactOf(b: MotherContactRow, show: boolean) {
  return {
    motherName: show ? b.mother_name : null,
    motherPhone: show ? b.mother_phone : null,
    motherAddress: show ? b.mother_address : null,
    personalDataHidden: !show && hasMotherContact(b),
  };
}

export type BirthForPnc = {
  id: string;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  facility_timezone: string;
  mother_commune_id: string | null;
  commune_name: string | null;
  commune_path: string | null;
  born_at: Date;
  birth_date: string;
  gestational_age_weeks: number | null;
  mother_record_number: string;
} & MotherContactRow;

/** The birth facts the follow-up needs, with the paths that decide scope (facility and commune). */
export async function findBirthForPnc(
  q: Queryable,
  birthId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<BirthForPnc | undefined> {
  const [row] = await q.query<BirthForPnc>(
    `select b.id, b.facility_id, f.name as facility_name, f.path as facility_path, f.timezone as facility_timezone,
            b.mother_commune_id, c.name as commune_name, c.path as commune_path, b.born_at, b.birth_date,
            b.gestational_age_weeks, b.mother_record_number, b.mother_name, b.mother_phone, b.mother_address
       from births b join org_units f on f.id = b.facility_id left join org_units c on c.id = b.mother_commune_id
      where b.id = $1${opts.forUpdate ? ' for update of b' : ''}`,
    [birthId],
  );
  return row;
}

export type SubjectRow = {
  id: string;
  birth_id: string;
  newborn_id: string | null;
  kind: 'mother' | 'newborn';
  birth_order: number | null;
  live_born: boolean;
  alive: boolean;
  deceased: boolean;
  commune_id: string | null;
  assigned_unit_id: string;
  risk_markers: RiskMarker[];
  danger_found: boolean;
  done_codes: string[];
  sex: string | null;
  birth_weight_grams: number | null;
  /** Local midnight of the date of discharge in KMC: the KMC follow-up contacts count from it. */
  kmc_day0: Date | null;
};

const SUBJECT_IDS = `array(select $1::uuid union all select id from newborns where birth_id = $1)`;

/** The mother and the babies of a birth; subjects missing (written with triggers off) are derived first. */
export async function listSubjects(q: Queryable, birthId: string): Promise<SubjectRow[]> {
  const load = () =>
    q.query<SubjectRow>(
      `select s.id, s.birth_id, s.newborn_id, s.kind, s.birth_order, s.live_born, s.alive, s.deceased, s.commune_id,
              s.assigned_unit_id, s.risk_markers,
              s.danger_found, s.done_codes, n.sex, n.birth_weight_grams, s.kmc_day0
         from pnc_subjects s left join newborns n on n.id = s.newborn_id
        where s.id = any(${SUBJECT_IDS})
        order by s.kind = 'newborn', s.birth_order`,
      [birthId],
    );
  let rows = await load();
  const [{ n } = { n: 0 }] = await q.query<{ n: number }>(
    'select count(*)::int as n from newborns where birth_id = $1',
    [birthId],
  );
  if (rows.length !== n + 1) {
    await q.query('select pnc_sync_subjects(array[$1::uuid])', [birthId]);
    rows = await load();
  }
  return rows;
}

/** Re-summarises the recorded contacts of a birth onto its subjects (what the worklist reads). */
export async function refreshSubjects(q: Queryable, birthId: string): Promise<void> {
  await q.query(
    `update pnc_subjects s set
        done_codes = coalesce((select array_agg(c.contact_code order by c.contact_code)
                                 from pnc_contacts c where c.subject_id = s.id), '{}'),
        open_referral_codes = coalesce((select array_agg(c.contact_code order by c.contact_code)
                                          from pnc_contacts c where c.subject_id = s.id and c.referral_status = 'open'), '{}'),
        danger_found = exists (select 1 from pnc_contacts c where c.subject_id = s.id and cardinality(c.danger_signs) > 0),
        pair_danger = exists (select 1 from pnc_contacts c where c.birth_id = s.birth_id and cardinality(c.danger_signs) > 0),
        deceased = exists (select 1 from pnc_contacts c where c.subject_id = s.id and c.referral_outcome = 'died'),
        updated_at = now()
      where s.id = any(${SUBJECT_IDS})`,
    [birthId],
  );
}

export async function listContactsOfBirth(q: Queryable, birthId: string) {
  return q.query<ContactRow & { closed_by_name: string | null; seen_by: string }>(
    `select c.*, u.username as closed_by_name, v.seen_by
       from pnc_contacts c join pnc_visits v on v.id = c.visit_id left join users u on u.id = c.referral_closed_by
      where c.birth_id = $1`,
    [birthId],
  );
}

export type VisitRow = {
  id: string;
  birth_id: string;
  contact_code: string;
  visited_at: Date;
  place: ContactPlace;
  seen_by: string;
  version: number;
  created_by_name: string | null;
};

export async function listVisitsOfBirth(q: Queryable, birthId: string): Promise<VisitRow[]> {
  return q.query<VisitRow>(
    `select v.id, v.birth_id, v.contact_code, v.visited_at, v.place, v.seen_by, v.version, u.username as created_by_name
       from pnc_visits v left join users u on u.id = v.created_by
      where v.birth_id = $1 order by v.visited_at, v.id`,
    [birthId],
  );
}

export async function findVisit(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}) {
  const [row] = await q.query<VisitRow>(
    `select v.id, v.birth_id, v.contact_code, v.visited_at, v.place, v.seen_by, v.version, null as created_by_name
       from pnc_visits v where v.id = $1${opts.forUpdate ? ' for update' : ''}`,
    [id],
  );
  return row;
}
