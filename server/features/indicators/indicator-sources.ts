import type { Measure } from '../../../shared/indicators/definitions';
import { type Filter, leafOf } from '../../../shared/indicators/filter';
import type { DimensionId } from '../../../shared/indicators/sources';

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
};

export type RolledUpSource = FactSource & {
  id: 'newborn' | 'delivery';
  /** The fact rows: `rel` is the table (or transition table) standing in for the fact table. */
  relation(rel: string, withBirth: boolean): string;
  table: string;
  disaggTable: string;
  /** Primary key of a fact row (drill-down paging). */
  key: string;
  birthId: string;
};

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

export const NEWBORN_SOURCE: RolledUpSource = {
  id: 'newborn',
  relation: (rel, withBirth) => (withBirth ? `${rel} n join births b on b.id = n.birth_id` : `${rel} n`),
  facility: 'n.facility_id',
  date: 'n.birth_date',
  fields: {
    ...Object.fromEntries(newbornColumns.map((c) => [c, { sql: `n.${c}` }])),
    // Same rule as wasResuscitated in shared/births/birth-rules.ts.
    resuscitated: { sql: '(n.breathing_at_birth is false or n.bag_mask_started_seconds is not null)' },
    mode: { sql: 'b.mode', birth: true },
    mother_ethnic_minority: { sql: 'b.mother_ethnic_minority', birth: true },
  },
  dimensions: {
    sex: { sql: 'n.sex' },
    weight_band: { sql: 'n.weight_band' },
    mode: { sql: 'b.mode', birth: true },
    ethnic_minority: { sql: ethnic('b.mother_ethnic_minority'), birth: true },
  },
  table: 'ind_newborn_rollup',
  factTable: 'newborns n',
  birthJoin: 'join births b on b.id = n.birth_id',
  disaggTable: 'ind_newborn_disagg',
  key: 'n.id',
  birthId: 'n.birth_id',
};

const stepField = (step: string): FieldSql => ({ sql: `s.${step}_on`, status: true });

export const DELIVERY_SOURCE: RolledUpSource = {
  id: 'delivery',
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
  },
  dimensions: {
    mode: { sql: 'b.mode' },
    ethnic_minority: { sql: ethnic('b.mother_ethnic_minority') },
  },
  table: 'ind_delivery_rollup',
  factTable: 'births b',
  birthJoin: '',
  disaggTable: 'ind_delivery_disagg',
  key: 'b.id',
  birthId: 'b.id',
};

export const ROLLED_UP_SOURCES = { newborn: NEWBORN_SOURCE, delivery: DELIVERY_SOURCE } as const;

/**
 * Postnatal care, counted from the records at each request (no rollup): per mother or baby, the
 * contacts of pnc_contact_facts (docs/pnc.md) of the facility's births in the date range. `$asOf` (the
 * app clock, bound by the engine) decides whether a follow-up is over.
 */
export const PNC_SUBJECT_SOURCE: FactSource = {
  id: 'pnc_subject',
  facility: 'p.facility_id',
  date: 'p.birth_date',
  factTable: `lateral (
    select f.subject_id, f.subject, f.facility_id, f.birth_date,
           bool_or(f.contact_number = 1 and f.on_time) as first_contact_on_time,
           bool_or(f.done_at is not null) as any_contact,
           coalesce(bool_and(f.done_at is not null) filter (where f.core), false) as core_contacts_done,
           coalesce(bool_and(f.expires_at <= $asOf::timestamptz) filter (where f.core), false) as core_windows_over,
           bool_or(f.cancelled) as cancelled,
           (array_agg(f.exclusive_bf_yesterday order by f.done_at desc, f.contact_code desc)
              filter (where f.done_at is not null))[1] as last_contact_exclusive_bf
      from pnc_contact_facts f
     where f.facility_id = o.id and f.birth_date between c.d1 and c.d2
     group by f.subject_id, f.subject, f.facility_id, f.birth_date) p`,
  birthJoin: '',
  fields: Object.fromEntries(
    [
      'birth_date',
      'subject',
      'first_contact_on_time',
      'any_contact',
      'core_contacts_done',
      'core_windows_over',
      'cancelled',
      'last_contact_exclusive_bf',
    ].map((c) => [c, { sql: `p.${c}` }]),
  ),
  dimensions: {},
};

export const PNC_CONTACT_SOURCE: FactSource = {
  id: 'pnc_contact',
  facility: 'k.facility_id',
  date: 'k.birth_date',
  factTable: 'pnc_contact_facts k',
  birthJoin: '',
  fields: {
    birth_date: { sql: 'k.birth_date' },
    subject: { sql: 'k.subject' },
    done: { sql: '(k.done_at is not null)' },
    danger_signs_found: { sql: 'k.danger_signs_found' },
    referred: { sql: 'k.referred' },
  },
  dimensions: {},
};

/** Sources counted from their records at each request. */
export const LIVE_SOURCES: Record<string, FactSource> = {
  pnc_subject: PNC_SUBJECT_SOURCE,
  pnc_contact: PNC_CONTACT_SOURCE,
};

const literal = (v: unknown): string => {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('Filter number must be finite');
    return String(v);
  }
  return `'${String(v).replace(/'/g, "''")}'`;
};

/** What a filter needs joined. */
export function filterNeeds(source: FactSource, f: Filter): { birth: boolean; status: boolean } {
  const out = { birth: false, status: false };
  const walk = (g: Filter) => {
    if ('all' in g) return g.all.forEach(walk);
    if ('any' in g) return g.any.forEach(walk);
    if ('not' in g) return walk(g.not);
    const leaf = leafOf(g)!;
    for (const name of leaf.op === 'lteField' ? [leaf.field, leaf.value as string] : [leaf.field]) {
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
export function compileFilter(source: FactSource, f: Filter): string {
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
    case 'lteField': {
      const other = source.fields[v as string];
      if (!other) throw new Error(`Unknown field ${String(v)}`);
      return `coalesce(${x} <= ${other.sql}, false)`;
    }
    case 'reachedBy':
      throw new Error('reachedBy is not available in rolled-up sources');
  }
}

/** Column of a measure in the rollup tables. */
export const col = (m: Pick<Measure, 'id'>) => `m_${m.id}`;
