import type { KmcCutoffs } from '../../../shared/births/eenc-settings';
import type { KmcRuleSnapshot } from '../../../shared/kmc/kmc-rule';
import type { KmcLogInput, KmcStartUpdate } from '../../../shared/kmc/kmc.schema';
import type { KmcLogCheck, RecordedLogCheck } from '../../../shared/kmc/kmc-discharge';
import type { Queryable } from '../../db/db';
import { andAll, SqlParams } from '../../db/sql-params';
import { countryEencSql, specialCareSql } from './kmc-rule.sql';

/** A live-born baby with its KMC episode, if any: the row the list, the page and the writes read. */
export type KmcBabyRow = {
  newborn_id: string;
  birth_id: string;
  facility_id: string;
  facility_name: string;
  facility_path: string;
  facility_timezone: string;
  record_number: string;
  mother_name: string | null;
  birth_order: number;
  sex: string;
  born_at: Date;
  birth_date: string;
  birth_weight_grams: number | null;
  gestational_age_weeks: number | null;
  outcome: 'live_birth' | 'fresh_stillbirth' | 'macerated_stillbirth';
  kmc_eligible: boolean | null;
  discharge_status: string | null;
  episode_id: string | null;
  started_at: Date | null;
  incubator_first: boolean | null;
  place: string | null;
  provider: string | null;
  not_started_reason: string | null;
  discharged_on: string | null;
  kmc_outcome: string | null;
  discharge_weight_grams: number | null;
  discharge_checks: Record<string, boolean | null> | null;
  discharge_checks_from_log: Record<KmcLogCheck, RecordedLogCheck> | null;
  /** The facility's declaration that it provides special newborn care (null: not declared). */
  facility_special_care: boolean | null;
  /** The cut-offs in force at closing (an episode closed by a death recorded on the birth stores no preset name). */
  closed_rule: KmcCutoffs | null;
  closed_eligible: boolean | null;
  graduated_on: string | null;
  graduation_weight_grams: number | null;
  graduation_pma_weeks: number | null;
  /** Followed on the postnatal worklists until graduation (newborns.kmc_follow_up). */
  kmc_follow_up: boolean;
  episode_version: number | null;
};

const BABY_SELECT = `
  select n.id as newborn_id, n.birth_id, n.facility_id, f.name as facility_name, f.path as facility_path,
         f.timezone as facility_timezone, b.mother_record_number as record_number, b.mother_name,
         n.birth_order, n.sex, b.born_at, n.birth_date, n.birth_weight_grams, b.gestational_age_weeks,
         n.outcome, n.kmc_eligible, n.discharge_status,
         e.id as episode_id, e.started_at, e.incubator_first, e.place, e.provider, e.not_started_reason,
         e.discharged_on, e.outcome as kmc_outcome, e.discharge_weight_grams, e.discharge_checks,
         e.discharge_checks_from_log, fr.provides_special_care as facility_special_care, e.closed_rule, e.closed_eligible, e.graduated_on::text, e.graduation_weight_grams,
         e.graduation_pma_weeks, n.kmc_follow_up, e.version as episode_version
    from newborns n
    join births b on b.id = n.birth_id
    join org_units f on f.id = n.facility_id
    left join kmc_episodes e on e.newborn_id = n.id
    left join kmc_facility_readiness fr on fr.facility_id = n.facility_id`;

export async function findKmcBaby(
  q: Queryable,
  newbornId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<KmcBabyRow | undefined> {
  const [row] = await q.query<KmcBabyRow>(
    `${BABY_SELECT} where n.id = $1${opts.forUpdate ? ' for update of n' : ''}`,
    [newbornId],
  );
  return row;
}

export async function findNewbornOfEpisode(q: Queryable, episodeId: string): Promise<string | undefined> {
  const [row] = await q.query<{ newborn_id: string }>('select newborn_id from kmc_episodes where id = $1', [
    episodeId,
  ]);
  return row?.newborn_id;
}

const STATUS_WHERE = {
  not_started: 'e.started_at is null and e.discharged_on is null',
  in_kmc: 'e.started_at is not null and e.discharged_on is null',
  closed: 'e.discharged_on is not null',
} as const;

/**
 * Live-born babies of the facilities under `unitPath` (and in the reader's scopes): eligible ones or
 * ones marked for special care (`needsSpecialCare`, compiled by `specialCareSql`) born since `from`, every open episode and the episodes closed since `from`. Babies in KMC first, then those
 * not started, then the closed; newest first within each. The two halves are read apart so that each
 * uses its index (newborns by facility and date; episodes by facility and discharge).
 */
export async function listKmcBabyRows(
  q: Queryable,
  f: {
    unitPath: string;
    scopePaths: string[];
    from: string;
    status: keyof typeof STATUS_WHERE | 'all';
    limit: number;
  },
): Promise<KmcBabyRow[]> {
  const p = new SqlParams();
  const unit = p.add(f.unitPath);
  const scopes = p.add(f.scopePaths.map((s) => `${s}%`));
  const from = p.add(f.from);
  const where = ["n.outcome = 'live_birth'"];
  if (f.status === 'not_started') where.push(`(e.id is null or (${STATUS_WHERE.not_started}))`);
  else if (f.status !== 'all') where.push(STATUS_WHERE[f.status]);
  return q.query<KmcBabyRow>(
    `with units as (
       select id, ${countryEencSql('path')} as eenc from org_units
        where path like ${unit} || '%' and path like any(${scopes}::text[])
     ), listed as (
       -- Eligible under the stored rule, or marked for special care under the country's thresholds
       -- (a live birth with no weight at 31 weeks is marked but its eligibility is unknown under EENC).
       select n.id from newborns n join units u on u.id = n.facility_id
        where n.birth_date >= ${from}::date and n.outcome = 'live_birth'
          and (n.kmc_eligible or ${specialCareSql(
            {
              birthWeightGrams: 'n.birth_weight_grams',
              gestationalAgeWeeks: '(select b.gestational_age_weeks from births b where b.id = n.birth_id)',
            },
            'u.eenc',
          )})
       union
       select e.newborn_id from kmc_episodes e join units u on u.id = e.facility_id
        where e.discharged_on is null or e.discharged_on >= ${from}::date
     )
     ${BABY_SELECT}
      where n.id in (select id from listed) and ${andAll(where)}
      order by case when e.discharged_on is not null then 2 when e.started_at is not null then 0 else 1 end,
               b.born_at desc, n.birth_order
      limit ${p.add(f.limit + 1)}`,
    p.values,
  );
}

export type KmcLogRow = {
  episode_id: string;
  log_date: string;
  ssc_hours: number | null;
  feeding: string | null;
  weight_grams: number | null;
  lowest_temperature_c: number | null;
  danger_signs: string[];
  weight_jump_confirmed: boolean;
  version: number;
};

export async function listLogRows(q: Queryable, episodeIds: string[]): Promise<KmcLogRow[]> {
  if (!episodeIds.length) return [];
  return q.query<KmcLogRow>(
    `select episode_id, log_date, ssc_hours, feeding, weight_grams, lowest_temperature_c, danger_signs,
            weight_jump_confirmed, version
       from kmc_daily_logs where episode_id = any($1::uuid[]) order by episode_id, log_date`,
    [episodeIds],
  );
}

export type EpisodeStartValues = Omit<KmcStartUpdate, 'version'>;

export async function insertEpisodeRow(
  q: Queryable,
  e: EpisodeStartValues & { id: string; newbornId: string; facilityId: string },
  actor: string,
  now: Date,
): Promise<void> {
  await q.query(
    `insert into kmc_episodes (id, newborn_id, facility_id, started_at, incubator_first, place, provider,
                               not_started_reason, created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $10)`,
    [
      e.id,
      e.newbornId,
      e.facilityId,
      e.startedAt,
      e.incubatorFirst,
      e.place,
      e.provider,
      e.notStartedReason,
      now,
      actor,
    ],
  );
}

/** Rewrites the start of an episode when `version` is still the stored one; false when it is not. */
export async function updateEpisodeStartRow(
  q: Queryable,
  id: string,
  version: number,
  e: EpisodeStartValues,
  actor: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update kmc_episodes set started_at = $3, incubator_first = $4, place = $5, provider = $6,
            not_started_reason = $7, version = version + 1, updated_at = $8, updated_by = $9
      where id = $1 and version = $2 returning id`,
    [id, version, e.startedAt, e.incubatorFirst, e.place, e.provider, e.notStartedReason, now, actor],
  );
  return rows.length === 1;
}

export type EpisodeClose = {
  dischargedOn: string;
  outcome: string;
  weightGrams: number | null;
  checks: Record<string, boolean | null>;
  fromLog: Record<KmcLogCheck, RecordedLogCheck>;
  rule: KmcRuleSnapshot;
  eligible: boolean | null;
};

export async function closeEpisodeRow(
  q: Queryable,
  id: string,
  version: number,
  c: EpisodeClose,
  actor: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update kmc_episodes set discharged_on = $3, outcome = $4, discharge_weight_grams = $5,
            discharge_checks = $6::jsonb, closed_rule = $7::jsonb, closed_eligible = $8,
            discharge_checks_from_log = $11::jsonb, version = version + 1, updated_at = $9, updated_by = $10
      where id = $1 and version = $2 returning id`,
    [
      id,
      version,
      c.dischargedOn,
      c.outcome,
      c.weightGrams,
      JSON.stringify(c.checks),
      JSON.stringify(c.rule),
      c.eligible,
      now,
      actor,
      JSON.stringify(c.fromLog),
    ],
  );
  return rows.length === 1;
}

/**
 * Puts the baby on the KMC follow-up (discharge in KMC) or takes it off (graduation): the marker rule
 * reads the column, and the newborn triggers re-derive its follow-up subject.
 */
export async function setKmcFollowUp(q: Queryable, newbornId: string, on: boolean): Promise<void> {
  await q.query('update newborns set kmc_follow_up = $2 where id = $1 and kmc_follow_up <> $2', [
    newbornId,
    on,
  ]);
}

export type EpisodeGraduation = { graduatedOn: string; weightGrams: number | null; pmaWeeks: number | null };

export async function graduateEpisodeRow(
  q: Queryable,
  id: string,
  version: number,
  g: EpisodeGraduation,
  actor: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update kmc_episodes set graduated_on = $3, graduation_weight_grams = $4, graduation_pma_weeks = $5,
            version = version + 1, updated_at = $6, updated_by = $7
      where id = $1 and version = $2 and graduated_on is null returning id`,
    [id, version, g.graduatedOn, g.weightGrams, g.pmaWeeks, now, actor],
  );
  return rows.length === 1;
}

type LogValues = Omit<KmcLogInput, 'version' | 'confirmWeightJump'> & { weightJumpConfirmed: boolean };

/** The parameters of a day's logged values, in the order both its insert and its update list the columns. */
const logValueParams = (v: LogValues) => [
  v.sscHours,
  v.feeding,
  v.weightGrams,
  v.lowestTemperatureC,
  v.dangerSigns,
  v.weightJumpConfirmed,
];

export async function insertLogRow(
  q: Queryable,
  episodeId: string,
  date: string,
  v: LogValues,
  actor: string,
  now: Date,
): Promise<boolean> {
  // No arbiter: the day's sync id (migration 0092) is a second unique key made from the same two columns,
  // and a concurrent insert of the same day may hit that index first; either way the day exists.
  const rows = await q.query(
    `insert into kmc_daily_logs (episode_id, log_date, ssc_hours, feeding, weight_grams, lowest_temperature_c,
                                 danger_signs, weight_jump_confirmed, created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $10)
     on conflict do nothing returning log_date`,
    [episodeId, date, ...logValueParams(v), now, actor],
  );
  return rows.length === 1;
}

export async function updateLogRow(
  q: Queryable,
  episodeId: string,
  date: string,
  version: number,
  v: LogValues,
  actor: string,
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update kmc_daily_logs set ssc_hours = $4, feeding = $5, weight_grams = $6, lowest_temperature_c = $7,
            danger_signs = $8, weight_jump_confirmed = $9, version = version + 1, updated_at = $10, updated_by = $11
      where episode_id = $1 and log_date = $2 and version = $3 returning log_date`,
    [episodeId, date, version, ...logValueParams(v), now, actor],
  );
  return rows.length === 1;
}
