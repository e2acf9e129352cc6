import { canSeeMotherContact, type Principal } from '../../../shared/auth/principal';
import { ROLES, roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import { type WorklistDay, type WorklistSection, worklistDay } from '../../../shared/pnc/pnc-schedule';
import type { RiskMarker } from '../../../shared/pnc/pnc-settings';
import type { Worklist, WorklistItem, WorklistQuery } from '../../../shared/pnc/pnc.schema';
import { insertMany } from '../../db/bulk-insert';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { getOrgUnit } from '../org-units/org-units.service';
import { pncSettingsAt } from './pnc-settings.service';
import { toReferral, type ContactRow } from './pnc.repo';

/** Roles whose users make postnatal contacts: a commune is "reached" when one of them covers it. */
export const PNC_WORKER_ROLES = ROLES.filter((r) => roleHasPermission(r, 'pnc.write'));

/** Longest schedule any country may set (offsets are at most 120 days): older births are not scanned. */
const MAX_FOLLOW_UP_DAYS = 121;

const SECTION_OF: Record<number, WorklistSection> = {
  0: 'referral',
  1: 'due_today',
  2: 'overdue',
  3: 'upcoming',
};

type Cursor = [
  sec: number,
  danger: number,
  risk: number,
  dueFrom: string,
  birthId: string,
  rank: number,
  code: string,
];

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 7 &&
      [0, 1, 2, 5].every((i) => Number.isInteger(c[i])) &&
      [3, 4, 6].every((i) => typeof c[i] === 'string') &&
      !Number.isNaN(Date.parse(c[3] as string)) &&
      /^[0-9a-f-]{36}$/i.test(c[4] as string)
    )
      return c as Cursor;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'errors.validation', [
    { path: 'cursor', message: 'errors.validation' },
  ]);
}

/**
 * The open contacts of a worklist, one row per subject and contact, in one statement.
 *
 * - Subjects come from two index range scans of `pnc_subjects` over the follow-up window: by the
 *   mother's commune (the handover after discharge) and by the birth facility (the first day, and the
 *   contacts after discharge that no PNC worker can take: no commune, or a commune nobody covers).
 * - Contact times come from the country's schedule (`pnc_schedule_entries`), counted from the birth
 *   instant or from the local midnight of the birth date (`day0`).
 * - A section per row: 0 open referral, 1 due today, 2 overdue, 3 upcoming; counts and one page.
 */
export const WORKLIST_SQL = `
with units as materialized (
  select id, kind from org_units where path like $1 || '%' and kind in ('facility', 'commune')
), cand as materialized (
  select s.*, true as via_commune,
         coalesce(sum(cardinality(s.risk_markers)) filter (where s.kind = 'newborn' and s.alive and not s.deceased)
                    over (partition by s.birth_id), 0)::integer as pair_risk
    from pnc_subjects s
   where s.commune_id = any(array(select id from units where kind = 'commune')) and s.live_born
     and (s.day0 > $2 or cardinality(s.open_referral_codes) > 0)
  union all
  select s.*, false as via_commune,
         coalesce(sum(cardinality(s.risk_markers)) filter (where s.kind = 'newborn' and s.alive and not s.deceased)
                    over (partition by s.birth_id), 0)::integer as pair_risk
    from pnc_subjects s
   where s.facility_id = any(array(select id from units)) and s.live_born
     and (s.day0 > $2 or cardinality(s.open_referral_codes) > 0)
), reach as materialized (
  select c.id from org_units c
   where c.id in (select distinct commune_id from cand where commune_id is not null)
     and c.active
     and exists (select 1 from user_scopes us join users u on u.id = us.user_id
                  where u.active and u.role = any($6::text[])
                    and us.org_unit_id = any(string_to_array(trim(both '/' from c.path), '/')::uuid[]))
), e as materialized (
  select * from pnc_schedule_entries where country_id in (select distinct country_id from cand)
), combos as (
  select s.id as subject_id, s.birth_id, s.kind, s.birth_order, s.pair_danger, s.pair_risk, s.via_commune,
         s.commune_id, e.code, e.number, e.core, e.stage,
         s.commune_id is not null and s.commune_id in (select id from reach) as reachable,
         e.code = any(s.open_referral_codes) as referral_open,
         s.alive and not s.deceased and not (e.code = any(s.done_codes)) as pending,
         (case when e.due_from_day0 then s.day0 else s.born_at end) + e.due_from_h * interval '1 hour' as due_from,
         (case when e.due_until_day0 then s.day0 else s.born_at end) + e.due_until_h * interval '1 hour' as due_until,
         (case when e.overdue_day0 then s.day0 else s.born_at end) + e.overdue_h * interval '1 hour' as overdue_at,
         (case when e.expires_day0 then s.day0 else s.born_at end) + e.expires_h * interval '1 hour' as expires_at
    from cand s
    join e on e.country_id = s.country_id
          and case when s.kind = 'mother' then e.for_mother
                   else e.for_newborn and (cardinality(e.only_for_markers) = 0
                                           or s.risk_markers && e.only_for_markers
                                           or (s.danger_found and 'danger_signs' = any(e.only_for_markers)))
              end
   where case when s.via_commune then e.stage = 'commune'
              else e.stage = 'facility'
                   or s.commune_id is null
                   or (not coalesce(s.commune_id = any(array(select id from units where kind = 'commune')), false)
                       and not (s.commune_id in (select id from reach)))
         end
), rows as materialized (
  select c.*,
         case when c.referral_open then 0
              when c.overdue_at <= $3 then 2
              when c.due_from < $4 then 1
              else 3 end as sec,
         case when c.kind = 'mother' then 0 else c.birth_order end as rank,
         (c.stage = 'commune' and not c.reachable) as not_handed_over
    from combos c
   where c.referral_open or (c.pending and c.expires_at > $3 and c.due_from < $5)
)
select (select json_build_object(
          'referral', count(*) filter (where sec = 0),
          'dueToday', count(*) filter (where sec = 1),
          'overdue', count(*) filter (where sec = 2),
          'upcoming', count(*) filter (where sec = 3),
          'notHandedOver', count(*) filter (where not_handed_over and sec > 0)) from rows) as counts,
       (select coalesce(json_agg(p), '[]'::json) from (
          select subject_id, birth_id, kind, birth_order, code, number, core, stage, sec, rank, via_commune,
                 reachable, pair_danger::int as danger, pair_risk, due_from, due_until, overdue_at, expires_at
            from rows
           where ($7::int is null or sec = $7)
             and ($8::int is null
                  or (sec, -pair_danger::int, -pair_risk, due_from, birth_id, rank, code)
                     > ($8, -$9::int, -$10::int, $11::timestamptz, $12::uuid, $13::int, $14::text))
           order by sec, pair_danger desc, pair_risk desc, due_from, birth_id, rank, code
           limit $15) p) as items`;

type PageRow = {
  subject_id: string;
  birth_id: string;
  kind: 'mother' | 'newborn';
  birth_order: number | null;
  code: string;
  number: number | null;
  core: boolean;
  stage: 'facility' | 'commune';
  sec: number;
  rank: number;
  via_commune: boolean;
  reachable: boolean;
  danger: number;
  pair_risk: number;
  due_from: string;
  due_until: string;
  overdue_at: string;
  expires_at: string;
};

type DetailRow = {
  subject_id: string;
  birth_id: string;
  newborn_id: string | null;
  risk_markers: RiskMarker[];
  danger_found: boolean;
  born_at: Date;
  birth_date: string;
  mother_record_number: string;
  mother_name: string | null;
  mother_phone: string | null;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  commune_id: string | null;
  commune_name: string | null;
  commune_path: string | null;
};

export type WorklistParams = {
  unitPath: string;
  now: Date;
  day: WorklistDay;
  section?: WorklistSection;
  limit: number;
  cursor?: string;
};

/** Runs the worklist statement: counts of every section and one page of rows. */
export async function queryWorklist(q: Queryable, p: WorklistParams) {
  const c = p.cursor ? decodeCursor(p.cursor) : null;
  const secFilter = p.section
    ? Number(Object.entries(SECTION_OF).find(([, s]) => s === p.section)![0])
    : null;
  const minDay0 = new Date(p.now.getTime() - MAX_FOLLOW_UP_DAYS * 86_400_000);
  const [row] = await q.query<{ counts: Worklist['counts']; items: PageRow[] }>(WORKLIST_SQL, [
    p.unitPath,
    minDay0,
    p.now,
    p.day.todayEnd,
    p.day.horizonEnd,
    PNC_WORKER_ROLES,
    secFilter,
    c?.[0] ?? null,
    c?.[1] ?? null,
    c?.[2] ?? null,
    c?.[3] ?? null,
    c?.[4] ?? null,
    c?.[5] ?? null,
    c?.[6] ?? null,
    p.limit + 1,
  ]);
  return { counts: row!.counts, rows: row!.items };
}

/**
 * GET /api/pnc/worklist: due today, overdue and upcoming contacts of an org unit's area, open
 * referrals first, then the riskiest pairs. The mother's name and phone are shown when the reader may
 * see them (canSeeMotherContact), and each record shown with them is an audited read.
 */
export async function getWorklist(deps: AppDeps, reader: Principal, query: WorklistQuery): Promise<Worklist> {
  const unit = await getOrgUnit(deps.db, query.orgUnit);
  authorize(reader, 'pnc.read', unit.path);
  const now = deps.clock.now();
  const settings = await pncSettingsAt(deps.db, unit.path);
  const day = worklistDay(now, unit.timezone, settings.upcomingDays);
  const limit = query.limit ?? 50;
  const { counts, rows } = await queryWorklist(deps.db, {
    unitPath: unit.path,
    now,
    day,
    ...(query.section ? { section: query.section } : {}),
    limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const page = rows.slice(0, limit);
  const details = await loadDetails(deps.db, page);
  const items: WorklistItem[] = page.map((r) => {
    const d = details.subjects.get(r.subject_id)!;
    const show = canSeeMotherContact(reader, d.facility_path, d.commune_path);
    const referral = details.referrals.get(`${r.subject_id}:${r.code}`) ?? null;
    const handedOver = r.stage === 'commune' && r.reachable;
    return {
      section: SECTION_OF[r.sec]!,
      subjectId: r.subject_id,
      kind: r.kind,
      birthId: r.birth_id,
      newbornId: d.newborn_id,
      birthOrder: r.birth_order,
      contactCode: r.code,
      contactNumber: r.number,
      core: r.core,
      dueFrom: toIso(r.due_from),
      dueUntil: toIso(r.due_until),
      overdueAt: toIso(r.overdue_at),
      expiresAt: toIso(r.expires_at),
      riskMarkers: [...d.risk_markers, ...(d.danger_found ? (['danger_signs'] as const) : [])],
      pairRisk: r.pair_risk,
      referral,
      handover:
        r.stage === 'facility'
          ? { unit: { id: d.facility_id, name: d.facility_name }, reason: null }
          : handedOver
            ? { unit: { id: d.commune_id!, name: d.commune_name! }, reason: 'handed_over' }
            : d.commune_id
              ? {
                  unit: r.via_commune
                    ? { id: d.commune_id, name: d.commune_name! }
                    : { id: d.facility_id, name: d.facility_name },
                  reason: 'commune_without_pnc_worker',
                }
              : { unit: { id: d.facility_id, name: d.facility_name }, reason: 'no_commune' },
      facility: { id: d.facility_id, name: d.facility_name },
      commune: d.commune_id ? { id: d.commune_id, name: d.commune_name! } : null,
      bornAt: toIso(d.born_at),
      birthDate: d.birth_date,
      recordNumber: d.mother_record_number,
      motherName: show ? d.mother_name : null,
      motherPhone: show ? d.mother_phone : null,
      personalDataHidden: !show && (d.mother_name !== null || d.mother_phone !== null),
    };
  });
  await auditShown(deps.db, reader, items, details.subjects);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor([
          last.sec,
          last.danger,
          last.pair_risk,
          toIso(last.due_from),
          last.birth_id,
          last.rank,
          last.code,
        ])
      : null;
  return {
    orgUnit: { id: unit.id, name: unit.name, kind: unit.kind, timezone: unit.timezone },
    today: day.today,
    generatedAt: now.toISOString(),
    counts,
    items,
    nextCursor,
  };
}

async function loadDetails(q: Queryable, page: PageRow[]) {
  const subjectIds = [...new Set(page.map((r) => r.subject_id))];
  const subjects = new Map<string, DetailRow>();
  const referrals = new Map<string, ReturnType<typeof toReferral>>();
  if (subjectIds.length === 0) return { subjects, referrals };
  const rows = await q.query<DetailRow>(
    `select s.id as subject_id, s.birth_id, s.newborn_id, s.risk_markers, s.danger_found,
            b.born_at, b.birth_date, b.mother_record_number, b.mother_name, b.mother_phone,
            f.id as facility_id, f.name as facility_name, f.path as facility_path,
            c.id as commune_id, c.name as commune_name, c.path as commune_path
       from pnc_subjects s
       join births b on b.id = s.birth_id
       join org_units f on f.id = b.facility_id
       left join org_units c on c.id = b.mother_commune_id
      where s.id = any($1::uuid[])`,
    [subjectIds],
  );
  for (const r of rows) subjects.set(r.subject_id, r);
  const withReferral = page.filter((r) => r.sec === 0);
  if (withReferral.length) {
    const contacts = await q.query<ContactRow & { closed_by_name: string | null }>(
      `select c.*, u.username as closed_by_name from pnc_contacts c left join users u on u.id = c.referral_closed_by
        where c.subject_id = any($1::uuid[]) and c.referral_status is not null`,
      [withReferral.map((r) => r.subject_id)],
    );
    for (const c of contacts) referrals.set(`${c.subject_id}:${c.contact_code}`, toReferral(c));
  }
  return { subjects, referrals };
}

/** One audit entry per birth whose mother's name or phone was shown (like the births list). */
async function auditShown(
  q: Queryable,
  reader: Principal,
  items: WorklistItem[],
  subjects: Map<string, DetailRow>,
) {
  const births = new Map<string, string>();
  for (const it of items) {
    if (it.motherName !== null || it.motherPhone !== null)
      births.set(it.birthId, subjects.get(it.subjectId)!.facility_id);
  }
  if (births.size === 0) return;
  await insertMany(
    q,
    'audit_log',
    [
      { name: 'actor_id', type: 'uuid' },
      { name: 'actor_username', type: 'text' },
      { name: 'action', type: 'text' },
      { name: 'entity_type', type: 'text' },
      { name: 'entity_id', type: 'text' },
      { name: 'org_unit_id', type: 'uuid' },
      { name: 'details', type: 'jsonb' },
    ],
    [...births].map(([birthId, facilityId]) => [
      reader.userId,
      reader.username,
      'read',
      'birth',
      birthId,
      facilityId,
      '{"via":"pnc_worklist","personalData":true}',
    ]),
  );
}
