/**
 * What the KMC pages read: the list of an org unit and one baby, and the view of a baby built from its
 * row (eligibility under the rule in force or the rule of the day, ward flags), shared with the writes.
 */
import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import { localDate } from '../../../shared/births/local-date';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { AppError } from '../../../shared/errors';
import { kmcRuleSnapshot, needsSpecialCare } from '../../../shared/kmc/kmc-rule';
import type {
  KmcBaby,
  KmcEpisode,
  KmcEpisodeStatus,
  KmcList,
  KmcListQuery,
  KmcLog,
} from '../../../shared/kmc/kmc.schema';
import { isImmediateKmc, wardFlags } from '../../../shared/kmc/kmc-ward';
import type { LogDay } from '../../../shared/kmc/kmc-discharge';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { auditChange, writeAuditBatch } from '../audit/audit.repo';
import { getCountrySettings } from '../births/eenc-settings.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { findKmcBaby, type KmcBabyRow, type KmcLogRow, listKmcBabyRows, listLogRows } from './kmc.repo';

/** The list shows eligible babies born in the last this many days (and every baby still in KMC). */
const LIST_DAYS = 60;

/** The country of an org unit is the second unit of its path (region root, country, …). */
export const countryIdOf = (path: string): string | null => path.split('/').filter(Boolean)[1] ?? null;

/** The KMC cut-offs in force per country, read once per request. */
function cutoffsReader(q: Queryable) {
  const cache = new Map<string | null, Promise<EencSettings>>();
  return (facilityPath: string) => {
    const id = countryIdOf(facilityPath);
    if (!cache.has(id))
      cache.set(
        id,
        getCountrySettings(q, id).then((s) => s.settings),
      );
    return cache.get(id)!;
  };
}

const statusOf = (r: KmcBabyRow): KmcEpisodeStatus =>
  r.discharged_on !== null ? 'closed' : r.started_at !== null ? 'in_kmc' : 'not_started';

/** A log row as the discharge checks read it (shared/kmc/kmc-discharge.ts). */
export const toLogDay = (l: KmcLogRow): LogDay => ({
  date: l.log_date,
  weightGrams: l.weight_grams,
  lowestTemperatureC: l.lowest_temperature_c,
});

export const toLog = (l: KmcLogRow): KmcLog => ({
  date: l.log_date,
  sscHours: l.ssc_hours,
  feeding: l.feeding as KmcLog['feeding'],
  weightGrams: l.weight_grams,
  lowestTemperatureC: l.lowest_temperature_c,
  dangerSigns: l.danger_signs as KmcLog['dangerSigns'],
  weightJumpConfirmed: l.weight_jump_confirmed,
  version: l.version,
});

/**
 * A baby as the list shows it. Eligibility: the stored value of the one rule (re-derived for every birth
 * when the country's setting changes) while there is no episode or it is open; the value kept at
 * closing, with the rule it was judged under, once the episode is closed.
 */
function toBaby(r: KmcBabyRow, current: EencSettings, logs: KmcLogRow[], reader: Principal): KmcBaby {
  const status = statusOf(r);
  const closed = status === 'closed' && r.closed_rule !== null;
  const currentRule = kmcRuleSnapshot(current);
  // The preset is named from the stored numbers (an episode closed by a recorded death stores none).
  const rule = closed ? kmcRuleSnapshot(r.closed_rule!) : currentRule;
  const flags =
    status === 'in_kmc'
      ? wardFlags(logs.map((l) => ({ date: l.log_date, sscHours: l.ssc_hours, weightGrams: l.weight_grams })))
      : { belowMinHours: false, weightFalling: false };
  const last = logs.at(-1);
  return {
    newbornId: r.newborn_id,
    birthId: r.birth_id,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    recordNumber: r.record_number,
    motherName: canSeePersonalData(reader, r.facility_path) ? r.mother_name : null,
    birthOrder: r.birth_order,
    sex: r.sex,
    bornAt: toIso(r.born_at),
    birthDate: r.birth_date,
    birthWeightGrams: r.birth_weight_grams,
    gestationalAgeWeeks: r.gestational_age_weeks,
    dischargeStatus: r.discharge_status,
    eligible: closed ? r.closed_eligible : r.kmc_eligible,
    // Special care: the baby's values under the country's thresholds in force (a mark for today's care).
    specialCare: needsSpecialCare(
      { outcome: r.outcome, birthWeightGrams: r.birth_weight_grams },
      r.gestational_age_weeks,
      current,
    ),
    specialCareBelow: { grams: current.kmcSpecialCareBelowGrams, weeks: current.kmcSpecialCareBelowWeeks },
    specialCareHere: r.facility_special_care,
    rule,
    ruleIsCurrent: JSON.stringify(rule) === JSON.stringify(currentRule),
    episodeId: r.episode_id,
    status,
    startedAt: r.started_at ? toIso(r.started_at) : null,
    immediate: r.episode_id === null ? null : isImmediateKmc(r.born_at, r.started_at, r.incubator_first),
    place: r.place as KmcBaby['place'],
    outcome: r.kmc_outcome as KmcBaby['outcome'],
    lastLogDate: last?.log_date ?? null,
    lastSscHours: last?.ssc_hours ?? null,
    lastWeightGrams: last?.weight_grams ?? null,
    ...flags,
  };
}

/** Every live-born baby of an org unit's facilities eligible or marked for special care, with its episode and ward flags. */
export async function listKmc(deps: AppDeps, reader: Principal, query: KmcListQuery): Promise<KmcList> {
  authorize(reader, 'record.read');
  const unit = await findOrgUnit(deps.db, query.orgUnit);
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  // A reader whose scope lies below the unit (a facility under a district asked for) sees their part.
  if (!reader.scopes.some((s) => s.path.startsWith(unit.path))) authorize(reader, 'record.read', unit.path);
  const limit = query.limit ?? 200;
  const from =
    query.from ?? new Date(deps.clock.now().getTime() - LIST_DAYS * 86_400_000).toISOString().slice(0, 10);
  const rows = await listKmcBabyRows(deps.db, {
    unitPath: unit.path,
    scopePaths: reader.scopes.map((s) => s.path),
    from,
    status: query.status ?? 'all',
    limit,
  });
  const page = rows.slice(0, limit);
  const open = page.filter((r) => statusOf(r) === 'in_kmc').map((r) => r.episode_id!);
  const logs = await listLogRows(deps.db, open);
  const cutoffsOf = cutoffsReader(deps.db);
  const items: KmcBaby[] = [];
  for (const r of page)
    items.push(
      toBaby(
        r,
        await cutoffsOf(r.facility_path),
        logs.filter((l) => l.episode_id === r.episode_id),
        reader,
      ),
    );
  const shown = page.filter((r, i) => r.mother_name !== null && items[i]!.motherName !== null);
  if (shown.length)
    await writeAuditBatch(
      deps.db,
      shown.map((r) => ({
        actor: reader,
        action: 'read' as const,
        entityType: 'birth',
        entityId: r.birth_id,
        orgUnitId: r.facility_id,
        details: { via: 'kmc_list' },
      })),
    );
  return {
    items,
    truncated: rows.length > limit,
    counts: {
      notStarted: items.filter((i) => i.status === 'not_started').length,
      inKmc: items.filter((i) => i.status === 'in_kmc').length,
      flagged: items.filter((i) => i.belowMinHours || i.weightFalling).length,
    },
  };
}

export async function getBabyRow(
  q: Queryable,
  reader: Principal,
  permission: Permission,
  newbornId: string,
  forUpdate = false,
): Promise<KmcBabyRow> {
  const row = await findKmcBaby(q, newbornId, { forUpdate });
  if (!row || row.outcome !== 'live_birth') throw new AppError('not_found', 'errors.notFound');
  authorize(reader, permission, row.facility_path);
  return row;
}

export async function episodeView(
  q: Queryable,
  reader: Principal,
  row: KmcBabyRow,
  now: Date,
): Promise<KmcEpisode> {
  const logs = row.episode_id ? await listLogRows(q, [row.episode_id]) : [];
  const settings = (await getCountrySettings(q, countryIdOf(row.facility_path))).settings;
  const baby = toBaby(row, settings, logs, reader);
  return {
    ...baby,
    episode: row.episode_id
      ? {
          id: row.episode_id,
          startedAt: baby.startedAt,
          incubatorFirst: row.incubator_first,
          place: baby.place,
          provider: row.provider as NonNullable<KmcEpisode['episode']>['provider'],
          notStartedReason: row.not_started_reason as NonNullable<KmcEpisode['episode']>['notStartedReason'],
          discharge:
            row.discharged_on && row.kmc_outcome
              ? {
                  dischargedOn: row.discharged_on,
                  outcome: baby.outcome!,
                  weightGrams: row.discharge_weight_grams,
                  checks: {
                    feedsWell: row.discharge_checks?.feedsWell ?? null,
                    weightGain3Days: row.discharge_checks?.weightGain3Days ?? null,
                    temperatureStable: row.discharge_checks?.temperatureStable ?? null,
                    caregiverReady: row.discharge_checks?.caregiverReady ?? null,
                  },
                  fromLog: row.discharge_checks_from_log,
                }
              : null,
          graduation: row.graduated_on
            ? {
                graduatedOn: row.graduated_on,
                weightGrams: row.graduation_weight_grams,
                pmaWeeks: row.graduation_pma_weeks,
              }
            : null,
          version: row.episode_version!,
        }
      : null,
    inFollowUp: row.kmc_follow_up && row.graduated_on === null && baby.outcome !== 'died',
    graduationRule: { grams: settings.kmcGraduationGrams, pmaWeeks: settings.kmcGraduationPmaWeeks },
    logs: logs.map(toLog),
    dischargeCheckRule: {
      kmcWeightGainDays: settings.kmcWeightGainDays,
      kmcStableTemperatureDays: settings.kmcStableTemperatureDays,
      kmcNormalTemperatureMinC: settings.kmcNormalTemperatureMinC,
      kmcNormalTemperatureBelowC: settings.kmcNormalTemperatureBelowC,
    },
    today: localDate(now, row.facility_timezone),
  };
}

/** One baby's KMC: the episode, its daily log and discharge. Showing the mother's name is an audited read. */
export async function getKmcEpisode(
  deps: AppDeps,
  reader: Principal,
  newbornId: string,
): Promise<KmcEpisode> {
  const row = await getBabyRow(deps.db, reader, 'record.read', newbornId);
  const view = await episodeView(deps.db, reader, row, deps.clock.now());
  if (view.motherName !== null)
    await auditChange(
      deps.db,
      reader,
      'read',
      { entityType: 'birth', entityId: row.birth_id, orgUnitId: row.facility_id },
      {
        details: { via: 'kmc_episode' },
      },
    );
  return view;
}
