import type { ContactRow } from '../../../shared/pnc/contact-fields';
import { canSeeMotherContact, type Principal } from '../../../shared/auth/principal';
import { ROLES, roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import { type WorklistDay, type WorklistSection, worklistDay } from '../../../shared/pnc/pnc-schedule';
import {
  mergePncSettings,
  offsetHours,
  type PncSettings,
  type RiskMarker,
} from '../../../shared/pnc/pnc-settings';
import type { Worklist, WorklistItem, WorklistQuery } from '../../../shared/pnc/pnc.schema';
import {
  POSTNATAL_OFFER_FROM_HOURS,
  postnatalOffer,
  type ScreeningStep,
} from '../../../shared/screening/screening-rules';
import {
  addGroupCounts,
  addToCounts,
  clockOf,
  compareKeys,
  compileSchedule,
  contactsCountedFromBirth,
  firstRows,
  levelKey,
  levelsOf,
  newLevelCounts,
  priorityOf,
  type RowKey,
  rowKey,
  rowTimes,
  SECTION_RANK,
  type SectionCounts,
  subjectRows,
  type WorklistGroup,
  type WorklistRow,
  type WorklistSubject,
} from '../../../shared/pnc/pnc-worklist-core';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { writeAuditBatch } from '../audit/audit.repo';
import { settingsReader } from '../screening/screening-view';
import { type MotherContactRow, motherContactOf, toReferral } from './pnc.repo';

/** Roles whose users make postnatal contacts (the database's pnc_worker_roles() is generated from it). */
export const PNC_WORKER_ROLES = ROLES.filter((r) => roleHasPermission(r, 'pnc.write'));

const SECTION_OF: Record<number, WorklistSection> = {
  0: 'referral',
  1: 'due_today',
  2: 'overdue',
  3: 'upcoming',
};
const HOUR = 3_600_000;

function encodeCursor(c: RowKey): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(s: string): RowKey {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 6 &&
      [0, 1, 2, 4].every((i) => Number.isInteger(c[i])) &&
      [3, 5].every((i) => typeof c[i] === 'string')
    )
      return c as RowKey;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'errors.validation', [
    { path: 'cursor', message: 'errors.validation' },
  ]);
}

type GroupSqlRow = Omit<WorklistGroup, 'day0Ms' | 'markers' | 'done'> & {
  day0_ms: number;
  markers: string;
  done: string;
};

type SubjectSqlRow = {
  id: string;
  birth_id: string;
  kind: 'mother' | 'newborn';
  birth_order: number | null;
  via_facility: boolean;
  via_commune: boolean;
  handed_over: boolean;
  born_ms: number;
  day0_ms: number;
  kmc_day0_ms: number | null;
  active: boolean;
  markers: string;
  danger_found: boolean;
  done: string;
  refs: string;
  pair_danger: boolean;
  pair_risk: number;
};

/** The facilities and communes of the area ($1 = its path), computed once per statement. */
const UNITS = `array(select id from org_units where path like $1 || '%' and kind in ('facility', 'commune'))`;

/** Subjects of the area (birth facility in it, or handed over to a commune in it), few columns. */
const SUBJECT_COLUMNS = `s.id, s.birth_id, s.kind, s.birth_order,
       s.facility_id = any(${UNITS}) as via_facility,
       coalesce(s.commune_id = any(${UNITS}) and s.assigned_unit_id = s.commune_id, false) as via_commune,
       coalesce(s.assigned_unit_id = s.commune_id, false) as handed_over,
       (extract(epoch from s.born_at) * 1000)::float8 as born_ms, (extract(epoch from s.day0) * 1000)::float8 as day0_ms,
       (extract(epoch from s.kmc_day0) * 1000)::float8 as kmc_day0_ms,
       s.alive and not s.deceased as active, array_to_string(s.risk_markers, ',') as markers, s.danger_found,
       array_to_string(s.done_codes, ',') as done, array_to_string(s.open_referral_codes, ',') as refs,
       s.pair_danger, s.pair_risk`;

/**
 * Births since $2 (the recent ones: every row) and open referrals, through the (facility, day0) and
 * (commune, day0) indexes. A subject found twice (facility and commune both in the area) is read twice
 * and kept once.
 */
const RECENT_SQL = `
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where s.facility_id = any(${UNITS}) and s.live_born and s.day0 > $2
union all
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where s.commune_id = any(${UNITS}) and s.live_born and s.day0 > $2 and s.assigned_unit_id = s.commune_id
   and not (s.facility_id = any(${UNITS}))
union all
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where cardinality(s.open_referral_codes) > 0 and s.day0 <= $2
   and (s.facility_id = any(${UNITS}) or (s.commune_id = any(${UNITS}) and s.assigned_unit_id = s.commune_id))`;

/** Older births ($2 < day0 <= $3) of pairs with priority >= $4 (the partial indexes when $4 > 0). */
const OLDER_SQL = `
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where s.facility_id = any(${UNITS}) and s.live_born and s.priority >= $4 and s.day0 > $2 and s.day0 <= $3
union all
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where s.commune_id = any(${UNITS}) and s.live_born and s.priority >= $4 and s.day0 > $2 and s.day0 <= $3
   and s.assigned_unit_id = s.commune_id and not (s.facility_id = any(${UNITS}))`;

/** A subject of the area: born in one of its facilities, or handed over to one of its communes. */
const IN_AREA = `(s.facility_id = any(${UNITS}) or (s.commune_id = any(${UNITS}) and s.assigned_unit_id = s.commune_id))`;

/**
 * Babies discharged in KMC since $2, and earlier ones with an open referral, for the contacts counted
 * from that discharge: few, read row by row through the partial indexes (a range of `kmc_day0`; open
 * referrals).
 */
const KMC_SQL = `
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where s.kmc_day0 > $2 and ${IN_AREA}
union all
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where cardinality(s.open_referral_codes) > 0 and s.kmc_day0 <= $2 and ${IN_AREA}`;

/** Pending contacts of older births (day precision is enough there), summed for the area. */
const GROUPS_SQL = `
select stage, (extract(epoch from day0) * 1000)::float8 as day0_ms, kind, active,
       array_to_string(markers, ',') as markers, danger, array_to_string(done, ',') as done, priority, n
  from pnc_counts
 where unit_id = $1 and day0 > $2 and day0 <= $3 and n <> 0`;

/**
 * What of the area ($1) can still be on its worklist, as the worklist reads it (`RECENT_SQL`, `KMC_SQL`):
 * births since $2 (the schedule's longest expiry), babies discharged in KMC since $2 (their contacts
 * count from the discharge, so the birth can be older), and open referrals of any age.
 */
const OPEN_SUBJECTS = `(s.live_born and s.day0 > $2) or s.kmc_day0 > $2 or cardinality(s.open_referral_codes) > 0`;

/**
 * The follow-ups of these births ($3: found by a search, or named by the sync log), in the area ($1),
 * still open ($2). Read by primary key: a mother's subject has the birth's id, a baby's its newborn's.
 */
const OF_BIRTHS_SQL = `
select ${SUBJECT_COLUMNS} from pnc_subjects s
 where s.id = any(array(select unnest($3::uuid[]) union all select n.id from newborns n where n.birth_id = any($3::uuid[])))
   and (${OPEN_SUBJECTS}) and ${IN_AREA}`;

/**
 * The births of the area ($1) with a subject still open since $2 whose record number, mother's name
 * or phone matches the search: the candidates, at most 200; who may see which is decided per birth by
 * the caller. Each part goes through its index (the subjects by facility or commune and day0, by
 * `kmc_day0`, the partial index of open referrals), then the births by key: never a scan of every birth.
 */
export const SEARCH_BIRTHS_SQL = `
select b.id, f.path as facility_path, c.path as commune_path,
       b.mother_record_number ilike $3 as by_record
  from births b
  join org_units f on f.id = b.facility_id
  left join org_units c on c.id = b.mother_commune_id
 where b.id = any(array(
         select s.birth_id from pnc_subjects s where s.facility_id = any(${UNITS}) and s.live_born and s.day0 > $2
         union
         select s.birth_id from pnc_subjects s
          where s.commune_id = any(${UNITS}) and s.live_born and s.day0 > $2 and s.assigned_unit_id = s.commune_id
         union
         select s.birth_id from pnc_subjects s where s.kmc_day0 > $2 and ${IN_AREA}
         union
         select s.birth_id from pnc_subjects s where cardinality(s.open_referral_codes) > 0 and ${IN_AREA}))
   and (b.mother_record_number ilike $3 or b.mother_name ilike $3
        or ($4 <> '' and regexp_replace(coalesce(b.mother_phone, ''), '[^0-9]', '', 'g') like '%' || $4 || '%'))
 order by b.born_at desc
 limit 200`;

/** Births before this have no row left on the worklist (the schedule's longest expiry, and a day). */
const openSince = (p: Pick<WorklistParams, 'settings' | 'now'>) =>
  new Date(
    p.now.getTime() - (Math.max(...p.settings.contacts.map((c) => offsetHours(c.expiresAt))) + 24) * HOUR,
  );

/** `%text%` for ilike, with the pattern characters the person typed taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The worklist rows of the births a search finds, all on one page (a search names one mother or a
 * few). Name and phone match only births whose mother's contact the reader may see, so a search
 * cannot tell a reader without that right whether a name is on the list.
 */
export async function searchWorklist(
  q: Queryable,
  reader: Principal,
  p: Omit<WorklistParams, 'cursor'> & { search: string },
) {
  const minDay0 = openSince(p);
  const digits = p.search.replace(/[^0-9]/g, '');
  const found = await q.query<{
    id: string;
    facility_path: string;
    commune_path: string | null;
    by_record: boolean;
  }>(SEARCH_BIRTHS_SQL, [p.unit.path, minDay0, containsPattern(p.search), digits.length >= 3 ? digits : '']);
  const birthIds = found
    .filter((b) => b.by_record || canSeeMotherContact(reader, b.facility_path, b.commune_path))
    .map((b) => b.id);
  const counts: SectionCounts = { referral: 0, dueToday: 0, overdue: 0, upcoming: 0, notHandedOver: 0 };
  const rows: WorklistRow[] = [];
  for (const row of await rowsOfBirths(q, p, birthIds)) {
    addToCounts(counts, row.sec, 1, row.handover === 'orphan');
    if (p.section === undefined || row.sec === SECTION_RANK[p.section]) rows.push(row);
  }
  rows.sort((a, b) => compareKeys(rowKey(a), rowKey(b)));
  return { counts, rows };
}

/** Every worklist row of an area's follow-ups of these births, in any section (unsorted). */
async function rowsOfBirths(
  q: Queryable,
  p: Pick<WorklistParams, 'unit' | 'settings' | 'now' | 'day'>,
  birthIds: readonly string[],
): Promise<WorklistRow[]> {
  if (birthIds.length === 0) return [];
  const minDay0 = openSince(p);
  const schedule = compileSchedule(p.settings);
  const clock = clockOf(p.now, p.day);
  const seen = new Set<string>();
  const rows: WorklistRow[] = [];
  for (const r of await q.query<SubjectSqlRow>(OF_BIRTHS_SQL, [p.unit.path, minDay0, birthIds])) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    rows.push(...subjectRows(toSubject(r), schedule, clock));
  }
  return rows;
}

export type WorklistParams = {
  unit: { id: string; path: string };
  settings: PncSettings;
  now: Date;
  day: WorklistDay;
  section?: WorklistSection;
  limit: number;
  cursor?: string;
};

const list = (s: string) => (s === '' ? [] : s.split(','));

function toSubject(r: SubjectSqlRow): WorklistSubject {
  return {
    id: r.id,
    birthId: r.birth_id,
    kind: r.kind,
    birthOrder: r.birth_order,
    viaFacility: r.via_facility,
    viaCommune: r.via_commune,
    handedOver: r.handed_over,
    bornAtMs: r.born_ms,
    day0Ms: r.day0_ms,
    kmcDay0Ms: r.kmc_day0_ms,
    active: r.active,
    markers: list(r.markers) as RiskMarker[],
    dangerFound: r.danger_found,
    doneCodes: list(r.done),
    openReferralCodes: list(r.refs),
    pairDanger: r.pair_danger,
    pairRisk: r.pair_risk,
  };
}

/**
 * The worklist of an area: counts of every section and one page of rows, exact, reading a bounded
 * part of the area's follow-ups.
 *
 * - Births older than the longest hour-based offset (+ 2 days) are counted from `pnc_counts`, kept per
 *   org unit and ancestor by triggers: a district adds up a few thousand rows at most, whatever its
 *   size, with each count's section and priority.
 * - Recent births and open referrals are read row by row.
 * - Contacts counted from a discharge in KMC are read row by row for the babies discharged in KMC
 *   within their longest expiry; the two reads above leave them out.
 * - Rows sort by section, priority (danger signs, then risk markers), then due time. From the counts by
 *   section and priority the page knows the lowest priority it can reach, and reads the older births
 *   of that priority and above only (the partial indexes on risky pairs); only a page that goes past
 *   a whole section of a large area reads every older birth.
 */
export async function queryWorklist(q: Queryable, p: WorklistParams) {
  const offsets = p.settings.contacts.flatMap((c) => [c.dueFrom, c.dueUntil, c.overdueFrom, c.expiresAt]);
  const maxHour = Math.max(0, ...offsets.filter((o) => o.unit === 'hours').map((o) => o.value));
  const minDay0 = openSince(p);
  // Born before day0 + 25 h (a daylight-saving day has 25): older births have passed every hour-based point.
  const cutoff = new Date(Math.max(minDay0.getTime(), p.now.getTime() - (maxHour + 25) * HOUR));
  const cursor = p.cursor ? decodeCursor(p.cursor) : null;
  const sectionFilter = p.section ? SECTION_RANK[p.section] : null;
  const compiled = compileSchedule(p.settings);
  const schedule = contactsCountedFromBirth(compiled, true);
  const kmcSchedule = contactsCountedFromBirth(compiled, false);
  const clock = clockOf(p.now, p.day);

  const [groups, recent, kmc] = await Promise.all([
    q.query<GroupSqlRow>(GROUPS_SQL, [p.unit.id, minDay0, cutoff]),
    q.query<SubjectSqlRow>(RECENT_SQL, [p.unit.path, cutoff]),
    kmcSchedule.length === 0 ? [] : q.query<SubjectSqlRow>(KMC_SQL, [p.unit.path, minDay0]),
  ]);

  // Counts: older births from the groups (also by section and priority), recent births and referrals.
  const counts: SectionCounts = { referral: 0, dueToday: 0, overdue: 0, upcoming: 0, notHandedOver: 0 };
  const byLevel = newLevelCounts();
  for (const g of groups) {
    const group: WorklistGroup = {
      stage: g.stage,
      day0Ms: g.day0_ms,
      kind: g.kind,
      active: g.active,
      markers: list(g.markers) as RiskMarker[],
      danger: g.danger,
      done: list(g.done),
      priority: g.priority,
      n: g.n,
    };
    addGroupCounts(counts, byLevel, group, schedule, clock);
  }
  const cutoffMs = cutoff.getTime();
  const recentIds = new Set<string>();
  const rows: WorklistRow[] = [];
  for (const r of recent) {
    if (recentIds.has(r.id)) continue;
    const s = toSubject(r);
    recentIds.add(s.id);
    for (const row of subjectRows(s, schedule, clock)) {
      // A referral's subject may be older: its pending rows are in the groups already.
      if (row.sec !== 0 && s.day0Ms <= cutoffMs) continue;
      rows.push(row);
      addToCounts(counts, row.sec, 1, row.handover === 'orphan');
      if (row.sec > 0) byLevel[levelKey(row.sec, priorityOf(s))]! += 1;
    }
  }
  const kmcIds = new Set<string>();
  for (const r of kmc) {
    if (kmcIds.has(r.id)) continue;
    kmcIds.add(r.id);
    const s = toSubject(r);
    for (const row of subjectRows(s, kmcSchedule, clock)) {
      rows.push(row);
      addToCounts(counts, row.sec, 1, row.handover === 'orphan');
      if (row.sec > 0) byLevel[levelKey(row.sec, priorityOf(s))]! += 1;
    }
  }

  // The lowest priority the page can reach: walk the sections and priorities in page order.
  const need = p.limit + 1;
  let threshold = Number.POSITIVE_INFINITY; // no older birth needed
  if (groups.length > 0 && sectionFilter !== 0) {
    const startSec = cursor ? cursor[0] : 0;
    // Referrals come first and are all read already.
    let found = rows.filter(
      (r) => r.sec === 0 && sectionFilter === null && (!cursor || compareKeys(rowKey(r), cursor) > 0),
    ).length;
    for (const sec of [1, 2, 3]) {
      if (found >= need) break;
      if (sec < startSec || (sectionFilter !== null && sectionFilter !== sec)) continue;
      let ahead = false;
      for (const [level, n] of levelsOf(byLevel, sec)) {
        // In the cursor's section, levels above the cursor are behind; its own level is only partly
        // ahead: it is read, but not counted on.
        if (cursor && sec === cursor[0] && level > cursor[1]) continue;
        ahead = true;
        if (!(cursor && sec === cursor[0] && level === cursor[1])) found += n;
        threshold = Math.min(threshold, level);
        if (found >= need) break;
      }
      if (found >= need || !ahead) continue;
      threshold = 0; // the page runs past this section: all of it is needed
    }
  }
  if (Number.isFinite(threshold)) {
    const older = await q.query<SubjectSqlRow>(OLDER_SQL, [p.unit.path, minDay0, cutoff, threshold]);
    for (const r of older) {
      if (recentIds.has(r.id)) continue;
      recentIds.add(r.id);
      for (const row of subjectRows(toSubject(r), schedule, clock)) if (row.sec !== 0) rows.push(row);
    }
  }

  const candidates = rows.filter(
    (r) =>
      (sectionFilter === null || r.sec === sectionFilter) && (!cursor || compareKeys(rowKey(r), cursor) > 0),
  );
  const chosen = firstRows(candidates, need);
  return { counts, rows: chosen };
}

/** The org unit of a worklist with its country's PNC settings and the worklist's day there. */
async function loadWorklistUnit(q: Queryable, orgUnitId: string, now: Date) {
  const [unit] = await q.query<{
    id: string;
    name: string;
    kind: string;
    path: string;
    timezone: string;
    pnc: Record<string, unknown> | null;
  }>(
    `select o.id, o.name, o.kind, o.path, o.timezone, cs.pnc
       from org_units o left join country_settings cs on cs.country_id = nullif(split_part(o.path, '/', 3), '')::uuid
      where o.id = $1`,
    [orgUnitId],
  );
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  const settings = mergePncSettings(unit.pnc ?? {});
  return { unit, settings, day: worklistDay(now, unit.timezone, settings.upcomingDays) };
}

/**
 * The births with a row on an org unit's worklist now, in any section and on any page: what a postnatal
 * worker's device needs to work the worklist offline (the first pull of offline sync). The worklist's
 * own query, so the device gets exactly what the worklist shows. With `among`, only which of those
 * births are on it (the sync log's births: handed over, handed back, edited), read by their keys as a
 * search of the worklist reads them.
 */
export async function listWorklistBirthIds(
  q: Queryable,
  orgUnitId: string,
  now: Date,
  among?: readonly string[],
): Promise<string[]> {
  const { unit, settings, day } = await loadWorklistUnit(q, orgUnitId, now);
  const rows = among
    ? await rowsOfBirths(q, { unit, settings, now, day }, among)
    : (await queryWorklist(q, { unit, settings, now, day, limit: Number.MAX_SAFE_INTEGER - 1 })).rows;
  return [...new Set(rows.map((r) => r.subject.birthId))];
}

/**
 * GET /api/pnc/worklist: due today, overdue and upcoming contacts of an org unit's area, open
 * referrals first, then the riskiest pairs. The mother's name and phone are shown when the reader may
 * see them (canSeeMotherContact), and each record shown with them is an audited read.
 */
export async function getWorklist(deps: AppDeps, reader: Principal, query: WorklistQuery): Promise<Worklist> {
  const now = deps.clock.now();
  const { unit, settings, day } = await loadWorklistUnit(deps.db, query.orgUnit, now);
  authorize(reader, 'pnc.read', unit.path);
  const { counts, rows } = query.q
    ? await searchWorklist(deps.db, reader, {
        unit,
        settings,
        now,
        day,
        ...(query.section ? { section: query.section } : {}),
        limit: 200,
        search: query.q,
      })
    : await queryWorklist(deps.db, {
        unit,
        settings,
        now,
        day,
        ...(query.section ? { section: query.section } : {}),
        limit: query.limit ?? 50,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
  const limit = query.q ? 200 : (query.limit ?? 50);
  const page = rows.slice(0, limit);
  const details = await loadDetails(deps.db, page);
  const screeningSettings = await settingsReader(deps.db)(unit.path);
  const items: WorklistItem[] = page.map((r) => {
    const d = details.subjects.get(r.subject.id)!;
    const times = rowTimes(r);
    const show = canSeeMotherContact(reader, d.facility_path, d.commune_path);
    return {
      section: SECTION_OF[r.sec]!,
      subjectId: r.subject.id,
      kind: r.subject.kind,
      birthId: r.subject.birthId,
      newbornId: d.newborn_id,
      birthOrder: r.subject.birthOrder,
      contactCode: r.def.code,
      contactNumber: r.def.number,
      core: r.def.core,
      dueFrom: times.dueFrom.toISOString(),
      dueUntil: times.dueUntil.toISOString(),
      overdueAt: times.overdueAt.toISOString(),
      expiresAt: times.expiresAt.toISOString(),
      riskMarkers: [...d.risk_markers, ...(d.danger_found ? (['danger_signs'] as const) : [])],
      pairRisk: r.subject.pairRisk,
      referral: details.referrals.get(`${r.subject.id}:${r.def.code}`) ?? null,
      handover:
        r.handover === 'facility'
          ? { unit: { id: d.facility_id, name: d.facility_name }, reason: null }
          : r.handover === 'commune'
            ? { unit: { id: d.commune_id!, name: d.commune_name! }, reason: 'handed_over' }
            : {
                unit: { id: d.facility_id, name: d.facility_name },
                reason: d.commune_id ? 'commune_without_pnc_worker' : 'no_commune',
              },
      facility: { id: d.facility_id, name: d.facility_name },
      commune: d.commune_id ? { id: d.commune_id, name: d.commune_name! } : null,
      bornAt: toIso(d.born_at),
      birthDate: d.birth_date,
      recordNumber: d.mother_record_number,
      ...motherContactOf(d, show),
      screeningOffer:
        r.subject.kind === 'mother' &&
        offsetHours(r.def.dueFrom) >= POSTNATAL_OFFER_FROM_HOURS &&
        postnatalOffer(
          {
            birthYear:
              d.mother_birth_year ??
              (d.mother_age !== null ? Number(d.birth_date.slice(0, 4)) - d.mother_age : null),
            client: d.screening_step
              ? { step: d.screening_step, dueOn: d.screening_due_on, endsOn: d.screening_ends_on! }
              : null,
          },
          screeningSettings,
          day.today,
        ),
    };
  });
  await auditShown(deps.db, reader, items, details.subjects);
  const last = page.at(-1);
  return {
    orgUnit: { id: unit.id, name: unit.name, kind: unit.kind, timezone: unit.timezone },
    today: day.today,
    generatedAt: now.toISOString(),
    counts,
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(rowKey(last)) : null,
  };
}

type DetailRow = {
  subject_id: string;
  birth_id: string;
  newborn_id: string | null;
  risk_markers: RiskMarker[];
  danger_found: boolean;
  born_at: Date;
  birth_date: string;
  mother_record_number: string;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  commune_id: string | null;
  commune_name: string | null;
  commune_path: string | null;
  mother_age: number | null;
  mother_birth_year: number | null;
  screening_step: ScreeningStep | null;
  screening_due_on: string | null;
  screening_ends_on: string | null;
} & MotherContactRow;

async function loadDetails(q: Queryable, page: WorklistRow[]) {
  const subjectIds = [...new Set(page.map((r) => r.subject.id))];
  const subjects = new Map<string, DetailRow>();
  const referrals = new Map<string, ReturnType<typeof toReferral>>();
  if (subjectIds.length === 0) return { subjects, referrals };
  const rows = await q.query<DetailRow>(
    `select s.id as subject_id, s.birth_id, s.newborn_id, s.risk_markers, s.danger_found,
            b.born_at, b.birth_date, b.mother_record_number, b.mother_name, b.mother_phone, b.mother_address,
            f.id as facility_id, f.name as facility_name, f.path as facility_path,
            c.id as commune_id, c.name as commune_name, c.path as commune_path,
            b.mother_age, b.mother_birth_year, sc.step as screening_step, sc.due_on::text as screening_due_on,
            sc.ends_on::text as screening_ends_on
       from pnc_subjects s
       join births b on b.id = s.birth_id
       join org_units f on f.id = b.facility_id
       left join org_units c on c.id = b.mother_commune_id
       -- Her screening record, when she is followed (linked to any of her births at this facility).
       left join lateral (
         select x.step, x.due_on, x.ends_on from screening_clients x
          where s.kind = 'mother' and x.birth_id = any(array(
            select o.id from births o
             where o.facility_id = b.facility_id and lower(o.mother_record_number) = lower(b.mother_record_number)))
          limit 1) sc on true
      where s.id = any($1::uuid[])`,
    [subjectIds],
  );
  for (const r of rows) subjects.set(r.subject_id, r);
  const withReferral = page.filter((r) => r.sec === 0);
  if (withReferral.length) {
    const contacts = await q.query<ContactRow & { closed_by_name: string | null }>(
      `select c.*, u.username as closed_by_name from pnc_contacts c left join users u on u.id = c.referral_closed_by
        where c.subject_id = any($1::uuid[]) and c.referral_status is not null`,
      [withReferral.map((r) => r.subject.id)],
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
    if (it.motherName !== null || it.motherPhone !== null || it.motherAddress !== null)
      births.set(it.birthId, subjects.get(it.subjectId)!.facility_id);
  }
  if (births.size === 0) return;
  await writeAuditBatch(
    q,
    [...births].map(([birthId, facilityId]) => ({
      actor: reader,
      action: 'read',
      entityType: 'birth',
      entityId: birthId,
      orgUnitId: facilityId,
      details: { via: 'pnc_worklist', personalData: true },
    })),
  );
}
