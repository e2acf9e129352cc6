import { recordKeyOfIdSql } from '../../db/record-key';
import { sqlLiteral } from '../../db/sql-literals';
import { RESUSCITATED_WHERE } from '../../../shared/births/birth-rules';
import type { Measure } from '../../../shared/indicators/definitions';
import { type Filter, fieldsOf, leafOf } from '../../../shared/indicators/filter';
import type { DimensionId } from '../../../shared/indicators/sources';
import { type CONTACT_APPLIES_FIELDS, CONTACT_APPLIES_WHERE } from '../../../shared/pnc/contact-applies';
import { RISK_MARKERS } from '../../../shared/pnc/pnc-settings';
import { anchorSql } from './pnc-anchor.sql';

/**
 * The server half of a rolled-up source: its fact table and how each field and stored dimension is read
 * in SQL. Everything else (rollup tables, triggers, rebuild, queries) is generated from this and the
 * measure registry. To add a source, add one of these and the change feeds that keep its rollup exact
 * (see docs/indicators.md).
 */
export type FieldSql = {
  sql: string;
  /** Needs the delivery row (`b`) joined to the newborn. */
  birth?: boolean;
  /** Needs the facility's EENC status (`s`, view facility_eenc_status). */
  status?: boolean;
};

/** What the engine needs to count a source straight from its records (fields compiled to SQL). */
export type FactSource = {
  id: string;
  facility: string;
  date: string;
  fields: Record<string, FieldSql>;
  dimensions: Partial<Record<DimensionId, FieldSql>>;
  /**
   * The fact relation with its alias. It may be a LATERAL subquery reading `o.id` (the facility) and
   * `c.d1`, `c.d2` (the date range) of the engine's queries.
   */
  factTable: string;
  /** The join that brings the delivery (`b`) when fields need it. */
  birthJoin: string;
  /** Common table expressions the fact relation reads (`name as (…), …`), computed once per statement. */
  prelude?: string;
  /**
   * A live source whose fact relation is a LATERAL per facility: SQL of the facility ids that have any
   * record at all. The engine then walks only those facilities of each cell (exact: the others count
   * zero), instead of every service point under every cell (640 cells × about 160 facilities for the
   * heaviest view, most of them without a record while a programme starts).
   */
  unitsWithRecords?: string;
  /**
   * Primary key of a fact row (a uuid): drill-down paging, and the id its cell-key record key is made
   * from. Records of different sources about the same person share it (a delivery and its mother's
   * postnatal follow-up, a newborn and its own), so their equal counts get equal keys.
   */
  key: string;
  /** The record key stored at write (`record_key`, migration 0054), null on older rows. */
  storedKey?: string; /**
   * A source of signed changes (`signed` in shared/indicators/sources.ts): SQL of each fact row's
   * weight, +1 entering a state and −1 leaving it. Counts are then sums of weights.
   */
  weight?: string;
};

/**
 * A live source of one row per facility and period (`kmc_facility`) whose facts are states at the
 * period's last day and events in the period: each facility's timeline is read once per request and
 * every cell is evaluated from it in JavaScript, instead of a LATERAL per (cell, facility) in SQL (the
 * heaviest view is some 100,000 of them). Its facts are not counts that add up over months (a facility
 * counts once in a quarter, whatever its months say), so no rollup can hold them (docs/decisions.md).
 * `factTable` stays the records' own definition (drill-down, tests compare the two).
 */
export type FacilityTimeline = {
  /** Which service points `o` have a row (SQL over `o`). */
  where: string;
  /**
   * Relations of (`facility_id`, `v`), one row at most per facility of `$facilities` (SQL of the ids
   * asked about, or one id: write `in ($facilities)`): `v` a JSON array of [from, until] ISO days, `until` excluded or null (still holds).
   */
  spans: Record<string, string>;
  /**
   * Relations of (`facility_id`, `v`) likewise: `v` the facility's event days as day numbers
   * (`dayNumberSql`, server/db/day-number.ts), comma-separated, in any order and repeats allowed (no sort
   * or `distinct` in SQL), days outside the request's allowed; may read the request's first and last
   * days, `$from` and `$to`. Read per facility at every size: keep it one lookup per facility (a stored
   * row, as KMC's start days in migration 0130: a primary-key lookup each, 2,522 for the region).
   */
  days: Record<string, string>;
  /** Each field: true when the period's last day is in one of its spans, or one of its days is in the period. */
  fields: Record<string, { spans?: readonly string[]; days?: readonly string[] }>;
};

/** A source counted from its records at each request (no rollup). */
export type LiveSource = FactSource & {
  kind: 'live';
  timeline?: FacilityTimeline;
  /**
   * The fact rows of a whole subtree at once, for the cells of a country or the region: a relation
   * aliased `k` over the cell `c` (`c.lo`, `c.hi`: its paths; `c.d1`, `c.d2`: its days) with the columns
   * of `factTable`. Read per service point, as `factTable` is, a country's or the region's cell costs an
   * index lookup per facility (2,522 for the region); read by the range of days, it costs one scan of
   * the range's facts (BENCHMARKS.md). Below a country the per-facility lookups read less.
   */
  subtreeFactTable?: string;
};

/** SQL helpers of the rollup generator a source's extra objects are written with (indicator-schema.ts). */
export type RollupSqlBuilders = {
  /** A trigger function: skipped when rollups are off or no row changed, under the shared rollup lock. */
  trigger(name: string, body: string): string;
  /** A plpgsql function (plans each call for its arguments). */
  fn(name: string, args: string, body: string, ret?: string): string;
  /**
   * The signed upserts of fact rows into both rollups of this source. `birthRel` replaces the births
   * joined to the source's rows (a transition table of births).
   */
  upsert(parts: Array<{ rel: string; sign: string; where?: string; birthRel?: string }>): string;
  /** Waits for a rebuild's chunk at these facilities (SQL of their ids); before any `upsert`. */
  lockPending(facilities: string): string;
};

/** The columns the drill-down lists for a record of a source (SQL over its aliases and `o`, the facility). */
export type RecordColumns = {
  birthId: string;
  newbornId: string;
  recordNumber: string;
  motherName: string;
  birthOrder: string;
  sex: string;
  outcome: string;
  /** The join the columns need beyond the fact table (the delivery of a newborn). */
  join: string;
};

export type RolledUpSource = FactSource & {
  kind: 'rolledUp';
  /** The table whose rows are the facts: the rollup's insert, update and delete triggers are on it. */
  recordTable: string;
  /**
   * The fact rows: `rel` is the table (or transition table) standing in for the record table; `birthRel`,
   * when given, a transition table of births standing in for the joined deliveries.
   */
  relation(rel: string, withBirth: boolean, birthRel?: string): string;
  /** Rollup tables: counts per (org unit, month), and per (org unit, dimension, month, value). */
  table: string;
  disaggTable: string;
  /** Facilities whose counts are not in the rollup yet (an online rebuild in progress). */
  pendingTable: string;
  /** What the drill-down lists; without it, the facility and date only. */
  records?: RecordColumns;
  /**
   * Objects beyond the generated ones that keep the rollup exact when another table changes (the
   * newborn counts read the delivery's mode). Names must start with `ind_<id>_` or `ind_`.
   */
  extraSql?(b: RollupSqlBuilders): string[];
  /**
   * Facts that read other tables than `recordTable` (a follow-up's contacts, the country's schedule): the
   * triggers on each table listed recount the (facility, month) cells its changed rows belong to from the
   * records and pass the difference to the ancestors, instead of adding the new rows' facts and
   * subtracting the old ones' (which another table's change would leave stale). `cells(t)` is SQL of the
   * (facility id, month) pairs of the transition table `t`; a null month recounts every month of the
   * facility (a settings change). On an update `other` names the other transition table (old rows for
   * new ones and the reverse), to leave out rows whose change does not matter. The record table must be
   * listed too. Sources with stored dimensions cannot use it (their disaggregation rows have no facility
   * row to take the difference from).
   *
   * `noInsertRecount`: rows inserted into `table` cannot change any record's facts, because the record
   * table references it by a foreign key that is not deferrable (a new birth has no babies until a later
   * statement inserts them, whose own triggers count them). Its insert trigger is left out: it found no
   * record to recount, but the join looking for them read the whole record table at each bulk batch.
   */
  recountOn?: ReadonlyArray<{
    table: string;
    cells(t: string, other?: string): string;
    noInsertRecount?: boolean;
  }>;
  /**
   * New rows of the record table may change other rows' facts (a worker's new posting may take the first
   * course of a quarter from their other posting): its insert triggers recount the cells of its
   * `recountOn` entry, instead of adding the new rows' facts.
   */
  insertsRecount?: boolean;
  /**
   * Fields whose value changes with the clock (a follow-up is over once its last window has expired):
   * `fields` holds each one's value once it can no longer change, which the rollup and the edge days
   * count; `atAsOf` its value at `$asOf`, the same at every instant before `endsAt` (SQL over the fact
   * row: the instant the values become final; null when they already are). The generated part keeps,
   * per fact row whose `endsAt` is not null, the difference each measure reading such a field makes
   * between its value before `endsAt` and as counted (`ind_<id>_clock`, indicator-rollup-sql.ts), in the
   * writing transaction; the engine adds the rows of the cells that are still open at the instant asked.
   */
  clock?: { endsAt: string; atAsOf: Record<string, FieldSql> };
  /**
   * The facts of the range of days `c.d1`..`c.d2` taken as one period, joined per facility `o` like
   * `factTable` (and read with the same field SQL): required when a definition of the source has a count
   * that does not add up over months (`byGrain`, a distinct count such as health workers coached). Such a
   * count is read from the rollup for a calendar month and from its grain's rows for a calendar quarter or
   * year; every other range (several months, days cutting months, across a year) is counted here over the
   * whole range, where its rows hold each counted thing once (docs/decisions.md).
   */
  rangeFactTable?: string;
  /**
   * The same facts as `rangeFactTable` for every facility at once, aliased like it over the range `c`
   * only (no facility `o`): read for a request whose cells include a country or the region, where the
   * per-facility lookups cost 2,522 × the ranges at the region (69,631 buffers for a cut-range dashboard,
   * BENCHMARKS.md) and one pass over the range's rows costs a few hundred. The engine keeps the rows of
   * the request's subtree.
   */
  rangeSubtreeFactTable?: string;
};

/** Whether a filter reads one of these fields. */
export const readsAny = (where: Measure['where'], fields: ReadonlySet<string>): boolean => {
  if ('all' in where) return where.all.some((g) => readsAny(g, fields));
  if ('any' in where) return where.any.some((g) => readsAny(g, fields));
  if ('not' in where) return readsAny(where.not, fields);
  return fieldsOf(where).some((f) => fields.has(f));
};

/** The measures of `ms` that read a clock field of `source` (none without a clock). */
export const clockMeasures = (source: RolledUpSource, ms: readonly Measure[]): Measure[] => {
  const fields = new Set(Object.keys(source.clock?.atAsOf ?? {}));
  return fields.size ? ms.filter((m) => readsAny(m.where, fields)) : [];
};

/** The table of a clocked source's open rows (`clock`): `ind_<id>_clock`. */
export const clockTableOf = (source: Pick<RolledUpSource, 'id'>) => `ind_${source.id}_clock`;

/** The rollup tables of a source: `ind_<id>_rollup`, `ind_<id>_disagg`, `ind_<id>_pending`. */
export const rollupTables = (id: string) => ({
  table: `ind_${id}_rollup`,
  disaggTable: `ind_${id}_disagg`,
  pendingTable: `ind_${id}_pending`,
});

const ethnic = (col: string) => `(case when ${col} then 'yes' when not ${col} then 'no' else 'unknown' end)`;

const newbornColumns = [
  'birth_date',
  'outcome',
  'sex',
  'birth_weight_grams',
  'weight_band',
  'preterm_band',
  'breathing_at_birth',
  'bag_mask_started_seconds',
  'resuscitation_outcome',
  'immediate_drying',
  'immediate_ssc',
  'ssc_full_no_separation',
  'delayed_cord_clamping',
  'early_breastfeeding',
  'bag_mask_within_target',
  'kmc_eligible',
  'kmc_initiated',
  'discharge_status',
  'discharge_exclusive_bf',
  'flags',
];

/** Newborns whose delivery's mode or ethnic-minority flag changed between `ot` and `nt` (births). */
const MOVED_BABIES =
  'n.birth_id in (select o.id from ot o join nt x on x.id = o.id where (o.mode, o.mother_ethnic_minority) is distinct from (x.mode, x.mother_ethnic_minority))';

export const NEWBORN_SOURCE: RolledUpSource = {
  kind: 'rolledUp',
  id: 'newborn',
  recordTable: 'newborns',
  relation: (rel, withBirth, birthRel) => {
    if (birthRel !== undefined) return `${rel} n join ${birthRel} b on b.id = n.birth_id`;
    if (!withBirth) return `${rel} n`;
    if (rel === 'newborns') return `${rel} n join births b on b.id = n.birth_id`;
    // A transition table holds a statement's rows (a batch at most): one primary-key lookup per baby.
    // The planner cannot size a transition table and may hash the whole births table instead; the
    // offset keeps the subquery from being flattened into such a join.
    return `${rel} n cross join lateral (select * from births b where b.id = n.birth_id offset 0) b`;
  },
  facility: 'n.facility_id',
  date: 'n.birth_date',
  fields: {
    ...Object.fromEntries(newbornColumns.map((c) => [c, { sql: `n.${c}` }])),
    // The rule of shared/births/birth-rules.ts, compiled over the baby's columns.
    resuscitated: {
      sql: compileFilter(
        {
          id: 'newborn',
          fields: {
            breathing_at_birth: { sql: 'n.breathing_at_birth' },
            bag_mask_started_seconds: { sql: 'n.bag_mask_started_seconds' },
          },
        },
        RESUSCITATED_WHERE,
      ),
    },
    mode: { sql: 'b.mode', birth: true },
    mother_ethnic_minority: { sql: 'b.mother_ethnic_minority', birth: true },
  },
  dimensions: {
    sex: { sql: 'n.sex' },
    weight_band: { sql: 'n.weight_band' },
    mode: { sql: 'b.mode', birth: true },
    ethnic_minority: { sql: ethnic('b.mother_ethnic_minority'), birth: true },
  },
  ...rollupTables('newborn'),
  factTable: 'newborns n',
  birthJoin: 'join births b on b.id = n.birth_id',
  key: 'n.id',
  storedKey: 'n.record_key',
  records: {
    birthId: 'b.id',
    newbornId: 'n.id',
    recordNumber: 'b.mother_record_number',
    motherName: 'b.mother_name',
    birthOrder: 'n.birth_order',
    sex: 'n.sex',
    outcome: 'n.outcome',
    join: 'join births b on b.id = n.birth_id',
  },
  extraSql: (b) => [
    // Newborn counts read the delivery's mode and ethnic-minority flag: when those change, move the babies.
    b.trigger(
      'ind_newborn_on_birth_update',
      `if not exists (select 1 from ot o join nt x on x.id = o.id
                   where (o.mode, o.mother_ethnic_minority) is distinct from (x.mode, x.mother_ethnic_minority)) then
    return null;
  end if;
  ${b.lockPending('select facility_id from nt')}
  ${b.upsert([
    { rel: 'newborns', birthRel: 'ot', sign: '-1', where: MOVED_BABIES },
    { rel: 'newborns', birthRel: 'nt', sign: '1', where: MOVED_BABIES },
  ])}`,
    ),
    `create trigger ind_newborn_birth_upd after update on births referencing old table as ot new table as nt for each statement execute function ind_newborn_on_birth_update();`,
    // A deleted delivery's babies go first, while the delivery is still there to read their mode from.
    b.fn(
      'ind_newborn_before_birth_delete',
      '',
      // Only when there are babies: an empty DELETE would still fire the statement triggers.
      'if exists (select 1 from newborns where birth_id = old.id) then\n    delete from newborns where birth_id = old.id;\n  end if;\n  return old;',
      'trigger',
    ),
    'create trigger ind_newborn_birth_del before delete on births for each row execute function ind_newborn_before_birth_delete();',
  ],
};

const stepField = (step: string): FieldSql => ({ sql: `s.${step}_on`, status: true });

export const DELIVERY_SOURCE: RolledUpSource = {
  kind: 'rolledUp',
  id: 'delivery',
  recordTable: 'births',
  relation: (rel) => `${rel} b`,
  facility: 'b.facility_id',
  date: 'b.birth_date',
  fields: {
    ...Object.fromEntries(
      [
        'birth_date',
        'mode',
        'gestational_age_weeks',
        'baby_count',
        'uterotonic_given',
        'uterotonic_minutes',
        'mother_ethnic_minority',
        'flags',
      ].map((c) => [c, { sql: `b.${c}` }]),
    ),
    facility_introduced_on: stepField('introduced'),
    facility_team_formed_on: stepField('team_formed'),
    facility_assessed_on: stepField('assessed'),
    facility_meets_standards_on: stepField('meets_standards'),
    facility_implementing_on: stepField('implementing'),
  },
  dimensions: {
    mode: { sql: 'b.mode' },
    ethnic_minority: { sql: ethnic('b.mother_ethnic_minority') },
  },
  ...rollupTables('delivery'),
  factTable: 'births b',
  birthJoin: '',
  key: 'b.id',
  storedKey: 'b.record_key',
  records: {
    birthId: 'b.id',
    newbornId: 'null::uuid',
    recordNumber: 'b.mother_record_number',
    motherName: 'b.mother_name',
    birthOrder: 'null::int',
    sex: 'null',
    outcome: 'null',
    join: '',
  },
};

/**
 * Which schedule entries apply to which subject (shared/pnc/contact-applies.ts) as SQL over the given
 * column expressions: the indicators' PNC sources, the reminder job and the database's
 * `pnc_contact_applies` (server/features/pnc/pnc-schema.ts) all compile it here.
 */
export const contactAppliesSql = (columns: Readonly<Record<ContactAppliesField, string>>): string =>
  ruleSql('pnc_contact_applies', CONTACT_APPLIES_WHERE, columns);
type ContactAppliesField = (typeof CONTACT_APPLIES_FIELDS)[number];

const ENTRY_COLUMNS = {
  for_mother: 'e.for_mother',
  for_newborn: 'e.for_newborn',
  only_for_markers: 'e.only_for_markers',
} as const;
/** A schedule entry `e` applies to the subject `s` (the rule the view pnc_contact_facts joins by). */
const APPLIES = contactAppliesSql({
  ...ENTRY_COLUMNS,
  subject_kind: 's.kind',
  risk_markers: 's.risk_markers',
  danger_found: 's.danger_found',
});
/** Entry `e` applies to every subject of kind `k.kind`, whatever its markers. */
const APPLIES_UNMARKED = contactAppliesSql({
  ...ENTRY_COLUMNS,
  subject_kind: 'k.kind',
  risk_markers: `'{}'::text[]`,
  danger_found: 'false',
});
/** Entry `e` applies to some subject of kind `k.kind` (one with every marker). */
const APPLIES_SOME = contactAppliesSql({
  ...ENTRY_COLUMNS,
  subject_kind: 'k.kind',
  risk_markers: `${sqlLiteral(RISK_MARKERS)}::text[]`,
  danger_found: 'true',
});
/** The instant an offset of entry `e` counts from for subject `s` (its anchor; the `*_day0` column says days). */
const base = (day0: string) => anchorSql('e.anchor', `e.${day0}`);

/**
 * Per statement: the schedule entries of every country (a view over the settings' JSON, read once),
 * and per country and kind of subject the core contacts, when the last one expires and whether any
 * core contact depends on risk markers (then the exact per-subject rule is used). The rule only adds
 * contacts as markers are added: an entry that applies to a subject without markers applies to all.
 */
const PNC_PRELUDE = `pnc_entries as materialized (
    select country_id, code, number, core, for_mother, for_newborn, only_for_markers, anchor,
           due_from_day0, due_from_h, due_until_day0, due_until_h, expires_day0, expires_h
      from pnc_schedule_entries),
  pnc_core as materialized (
    select country_id, kind, coalesce(array_agg(code) filter (where unmarked), '{}') as codes,
           bool_or(not unmarked) as marker_dependent,
           max(expires_h) filter (where expires_day0 and unmarked) as exp_day0_h,
           max(expires_h) filter (where not expires_day0 and unmarked) as exp_born_h
      from (select e.country_id, e.code, e.expires_day0, e.expires_h, k.kind, ${APPLIES_UNMARKED} as unmarked
              from pnc_entries e cross join (values ('mother'), ('newborn')) as k(kind)
             where e.core and ${APPLIES_SOME}) x
     group by 1, 2)`;

/**
 * Per subject `s` (a mother or live-born baby; babies who died in the facility left out, `alive`: the
 * died-in-facility rule negated, issue 12), what the PNC indicators need. Contacts are looked at only
 * for subjects that have some (done_codes). `windows_end` is when the last core contact window expires
 * (null when none applies): the follow-up is over from then on, the only fact that changes with the
 * clock. Same numbers as the view pnc_contact_facts and the SQL of docs/pnc.md (tests check).
 */
const pncSubjectFacts = (
  from: string,
  where: string,
) => `select s.id, s.facility_id, s.birth_date, s.kind as subject, s.record_key,
           not s.alive or s.deceased as cancelled,
           case when cardinality(s.done_codes) = 0 then false else exists (
             select 1 from pnc_contacts k join pnc_entries e on e.country_id = s.country_id and e.code = k.contact_code
              where k.subject_id = s.id and ${APPLIES}) end as any_contact,
           case when cardinality(s.done_codes) = 0 then false else exists (
             select 1 from pnc_contacts k join pnc_entries e on e.country_id = s.country_id and e.code = k.contact_code
              where k.subject_id = s.id and e.number = 1 and ${APPLIES}
                and k.done_at >= ${base('due_from_day0')} + e.due_from_h * interval '1 hour'
                and k.done_at < ${base('due_until_day0')} + e.due_until_h * interval '1 hour') end
             as first_contact_on_time,
           case when cardinality(s.done_codes) = 0 or pc.codes is null then false
                when not pc.marker_dependent then pc.codes <@ s.done_codes
                else coalesce((select bool_and(e.code = any(s.done_codes)) from pnc_entries e
                                where e.country_id = s.country_id and e.core and ${APPLIES}), false)
           end as core_contacts_done,
           case when pc.codes is null then null
                when not pc.marker_dependent then
                  greatest(s.day0 + pc.exp_day0_h * interval '1 hour', s.born_at + pc.exp_born_h * interval '1 hour')
                else (select max(${base('expires_day0')} + e.expires_h * interval '1 hour')
                        from pnc_entries e where e.country_id = s.country_id and e.core and ${APPLIES})
           end as windows_end,
           case when cardinality(s.done_codes) > 0 then (
             select k.exclusive_bf_yesterday
               from pnc_contacts k join pnc_entries e on e.country_id = s.country_id and e.code = k.contact_code
              where k.subject_id = s.id and ${APPLIES}
              order by k.done_at desc, k.contact_code desc limit 1) end as last_contact_exclusive_bf
      from ${from}
      left join pnc_core pc on pc.country_id = s.country_id and pc.kind = s.kind
     where ${where}`;

const SUBJECT_ROWS = 's.live_born and s.alive';
const OF_CELL = 's.facility_id = o.id and s.birth_date between c.d1 and c.d2';

/**
 * The cells a change recounts, for both PNC sources: a subject's own (facility, birth month); a
 * contact's subject's; every facility of a country whose PNC schedule changed (the schedule entries
 * are a view over the country's settings).
 */
const PNC_RECOUNT: RolledUpSource['recountOn'] = [
  {
    table: 'pnc_subjects',
    cells: (t) => `select facility_id, date_trunc('month', birth_date)::date from ${t}`,
  },
  {
    table: 'pnc_contacts',
    cells: (t) =>
      `select s.facility_id, date_trunc('month', s.birth_date)::date from ${t} x join pnc_subjects s on s.id = x.subject_id`,
  },
  {
    table: 'country_settings',
    cells: (t, other) =>
      `select f.id, null::date from ${t} x join org_units f on f.path like '%/' || x.country_id || '/%' and f.kind in ('facility', 'commune')${
        other
          ? ` where x.pnc is distinct from (select y.pnc from ${other} y where y.country_id = x.country_id)`
          : ''
      }`,
  },
];

/** Rows of `rel` (pnc_subjects or a transition table of it) as the facts `p` of their subjects. */
const pncSubjectRelation = (rel: string) =>
  `(with ${PNC_PRELUDE} ${pncSubjectFacts(`${rel} s`, SUBJECT_ROWS)}) p`;

/**
 * Postnatal care (docs/pnc.md), rolled up per facility and birth month: a subject's facts change with
 * its contacts, its death or discharge, and the country's schedule (recounted by the triggers of
 * `recountOn`), and with the clock: the follow-up is over when its last core window expires. The
 * rollup counts every follow-up as over once it will be (`windows_end` is known); the engine corrects,
 * at each request, with the stored rows of the subjects still open at `$asOf` (`windows_end` after it:
 * a few weeks of births, and babies discharged in KMC lately), so the next query is right at any instant.
 */
export const PNC_SUBJECT_SOURCE: RolledUpSource = {
  kind: 'rolledUp',
  id: 'pnc_subject',
  recordTable: 'pnc_subjects',
  relation: pncSubjectRelation,
  recountOn: PNC_RECOUNT,
  facility: 'p.facility_id',
  date: 'p.birth_date',
  prelude: PNC_PRELUDE,
  factTable: `lateral (${pncSubjectFacts('pnc_subjects s', `${OF_CELL} and ${SUBJECT_ROWS}`)}) p`,
  birthJoin: '',
  key: 'p.id',
  storedKey: 'p.record_key',
  fields: {
    ...Object.fromEntries(
      [
        'birth_date',
        'subject',
        'first_contact_on_time',
        'any_contact',
        'core_contacts_done',
        'cancelled',
        'last_contact_exclusive_bf',
      ].map((c) => [c, { sql: `p.${c}` }]),
    ),
    core_windows_over: { sql: '(p.windows_end is not null)' },
  },
  clock: {
    endsAt: 'p.windows_end',
    atAsOf: { core_windows_over: { sql: 'coalesce(p.windows_end <= $asOf::timestamptz, false)' } },
  },
  dimensions: {},
  ...rollupTables('pnc_subject'),
};

const pncContactFacts = (
  from: string,
  where: string,
) => `select c2.id, s.facility_id, s.birth_date, s.kind as subject, c2.referred,
           cardinality(c2.danger_signs) > 0 as danger_signs_found
      from ${from} join pnc_contacts c2 on c2.subject_id = s.id
     where ${where} and s.live_born and cardinality(s.done_codes) > 0
       and exists (select 1 from pnc_entries e where e.country_id = s.country_id and e.code = c2.contact_code and ${APPLIES})`;

/**
 * One row per recorded contact whose schedule entry applies to its subject (as in pnc_contact_facts),
 * rolled up per facility and birth month of its subject, recounted like `pnc_subject`.
 */
export const PNC_CONTACT_SOURCE: RolledUpSource = {
  kind: 'rolledUp',
  id: 'pnc_contact',
  recordTable: 'pnc_subjects',
  relation: (rel) => `(with ${PNC_PRELUDE} ${pncContactFacts(`${rel} s`, 'true')}) k`,
  recountOn: PNC_RECOUNT,
  facility: 'k.facility_id',
  date: 'k.birth_date',
  prelude: PNC_PRELUDE,
  factTable: `lateral (${pncContactFacts('pnc_subjects s', OF_CELL)}) k`,
  birthJoin: '',
  key: 'k.id',
  fields: {
    birth_date: { sql: 'k.birth_date' },
    subject: { sql: 'k.subject' },
    done: { sql: 'true' },
    danger_signs_found: { sql: 'k.danger_signs_found' },
    referred: { sql: 'k.referred' },
  },
  dimensions: {},
  ...rollupTables('pnc_contact'),
};

// A declaration (hoisted): sources above compile filters when the module loads.
function literal(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('Filter number must be finite');
    return String(v);
  }
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** The SQL of the second field a comparison names (`lteField`, `overlapsField`). */
function otherField(source: Pick<FactSource, 'fields'>, name: unknown): string {
  const other = source.fields[name as string];
  if (!other) throw new Error(`Unknown field ${String(name)}`);
  return other.sql;
}

/**
 * A rule written as a filter in shared/ (its fields named as the filter names them), as SQL over the
 * given column expressions: how rules reach SQL without a hand copy.
 */
export function ruleSql(id: string, where: Filter, columns: Readonly<Record<string, string>>): string {
  const fields = Object.fromEntries(Object.entries(columns).map(([name, sql]) => [name, { sql }]));
  return compileFilter({ id, fields }, where);
}

/** What a filter needs joined. */
export function filterNeeds(source: FactSource, f: Filter): { birth: boolean; status: boolean } {
  const out = { birth: false, status: false };
  const walk = (g: Filter) => {
    if ('all' in g) return g.all.forEach(walk);
    if ('any' in g) return g.any.forEach(walk);
    if ('not' in g) return walk(g.not);
    for (const name of fieldsOf(g)) {
      const fs = source.fields[name];
      if (fs?.birth) out.birth = true;
      if (fs?.status) out.status = true;
    }
  };
  walk(f);
  return out;
}

/**
 * A filter as a SQL boolean that is never null (each comparison is coalesced to false), so NOT and OR
 * behave exactly like `evaluateFilter` in shared/indicators/filter.ts.
 */
export function compileFilter(source: Pick<FactSource, 'id' | 'fields'>, f: Filter): string {
  if ('all' in f)
    return f.all.length === 0 ? 'true' : `(${f.all.map((g) => compileFilter(source, g)).join(' and ')})`;
  if ('any' in f) return `(${f.any.map((g) => compileFilter(source, g)).join(' or ')})`;
  if ('not' in f) return `(not ${compileFilter(source, f.not)})`;
  const leaf = leafOf(f)!;
  const field = source.fields[leaf.field];
  if (!field) throw new Error(`Unknown field ${leaf.field} in source ${source.id}`);
  const x = field.sql;
  const v = leaf.value;
  switch (leaf.op) {
    case 'eq':
      return `coalesce(${x} = ${literal(v)}, false)`;
    case 'in':
      return `coalesce(${x} in (${(v as unknown[]).map(literal).join(', ')}), false)`;
    case 'isNull':
      return v ? `(${x} is null)` : `(${x} is not null)`;
    case 'lt':
      return `coalesce(${x} < ${literal(v)}, false)`;
    case 'lte':
      return `coalesce(${x} <= ${literal(v)}, false)`;
    case 'gt':
      return `coalesce(${x} > ${literal(v)}, false)`;
    case 'gte':
      return `coalesce(${x} >= ${literal(v)}, false)`;
    case 'has':
      return `coalesce(${literal(v)} = any(${x}), false)`;
    case 'isEmpty':
      return `coalesce(cardinality(${x}) ${v ? '=' : '>'} 0, false)`;
    case 'overlapsField':
      return `coalesce(${x} && ${otherField(source, v)}, false)`;
    case 'lteField':
      return `coalesce(${x} <= ${otherField(source, v)}, false)`;
    case 'reachedBy':
      throw new Error('reachedBy is not available in rolled-up sources');
  }
}

/**
 * For filters whose only period-dependent part is `reachedBy: 'periodEnd'` (monotone: once reached, it
 * stays): the first period end from which a row counts, as a SQL date generated from the filter (`all`:
 * the latest of its parts, `any`: the earliest); `-infinity` = whatever the period, null = never.
 */
export function periodEndThresholdSql(source: Pick<FactSource, 'id' | 'fields'>, f: Filter): string {
  if ('all' in f) {
    if (f.all.length === 0) return `'-infinity'::date`;
    const ts = f.all.map((g) => periodEndThresholdSql(source, g));
    // greatest() skips nulls; one part never reached makes the whole never reached.
    return `(case when ${ts.map((t) => `${t} is null`).join(' or ')} then null else greatest(${ts.join(', ')}) end)`;
  }
  // least() skips nulls: the earliest part reached; null only when none is.
  if ('any' in f)
    return f.any.length === 0
      ? 'null::date'
      : `least(${f.any.map((g) => periodEndThresholdSql(source, g)).join(', ')})`;
  if ('reachedBy' in f) {
    const field = source.fields[f.field];
    if (!field) throw new Error(`Unknown field ${f.field} in source ${source.id}`);
    return `(${field.sql})::date`;
  }
  return `(case when ${compileFilter(source, f)} then '-infinity'::date end)`;
}

/** A measure's count over fact rows where `where` holds: rows, or their weights' sum for a signed source. */
export const weightedCount = (source: Pick<FactSource, 'weight'>, where: string): string =>
  source.weight
    ? `coalesce(sum(${source.weight}) filter (where ${where}), 0)`
    : `count(*) filter (where ${where})`;

/** The sum of record keys `rk` where `where` holds, each times its row's weight for a signed source. */
export const weightedKeys = (source: Pick<FactSource, 'weight'>, where: string, rk = 'rk.rk'): string =>
  `coalesce(sum(${source.weight ? `${rk} * (${source.weight})` : rk}) filter (where ${where}), 0)`;

/** Column of a measure in the rollup tables. */
export const col = (m: Pick<Measure, 'id'>) => `m_${m.id}`;
/** Column of the sum of a measure's record keys (the cell-key method) in the rollup tables and queries. */
export const keyCol = (m: Pick<Measure, 'id'>) => `k_${m.id}`;
/**
 * A fact row's record key: the key stored when the record was written (`storedKey`), or for rows
 * written before keys were stored, and for sources without one, the hash of its id.
 */
export const recordKeySql = (source: Pick<FactSource, 'key' | 'storedKey'>) =>
  source.storedKey
    ? `coalesce(${source.storedKey}, ${recordKeyOfIdSql(source.key)})`
    : recordKeyOfIdSql(source.key);
