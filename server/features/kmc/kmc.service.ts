import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import { localDate } from '../../../shared/births/local-date';
import type { KmcCutoffs } from '../../../shared/births/eenc-settings';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { kmcRuleSnapshot, kmcPresetOf, needsSpecialCare } from '../../../shared/kmc/kmc-rule';
import type {
  KmcBaby,
  KmcDischargeInput,
  KmcEpisode,
  KmcEpisodeStatus,
  KmcList,
  KmcListQuery,
  KmcLog,
  KmcLogInput,
  KmcStartInput,
  KmcStartUpdate,
} from '../../../shared/kmc/kmc.schema';
import { isImmediateKmc, isWeightJump, wardFlags, weightBefore } from '../../../shared/kmc/kmc-ward';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { toIso } from '../../lib/rows';
import { auditChange, auditSubject, writeAuditBatch } from '../audit/audit.repo';
import { getCountrySettings } from '../births/eenc-settings.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  closeEpisodeRow,
  findKmcBaby,
  findNewbornOfEpisode,
  insertEpisodeRow,
  insertLogRow,
  type KmcBabyRow,
  type KmcLogRow,
  listKmcBabyRows,
  listLogRows,
  updateEpisodeStartRow,
  updateLogRow,
} from './kmc.repo';

const EPISODE = auditSubject('kmc_episode');
const DAILY_LOG = auditSubject('kmc_daily_log');
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The list shows eligible babies born in the last this many days (and every baby still in KMC). */
const LIST_DAYS = 60;

/** The country of an org unit is the second unit of its path (region root, country, …). */
const countryIdOf = (path: string): string | null => path.split('/').filter(Boolean)[1] ?? null;

/** The KMC cut-offs in force per country, read once per request. */
function cutoffsReader(q: Queryable) {
  const cache = new Map<string | null, Promise<KmcCutoffs>>();
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

const toLog = (l: KmcLogRow): KmcLog => ({
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
function toBaby(r: KmcBabyRow, current: KmcCutoffs, logs: KmcLogRow[], reader: Principal): KmcBaby {
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
    // Special care is read from the baby's values alone, never from the country's setting.
    specialCare: needsSpecialCare(
      { outcome: r.outcome, birthWeightGrams: r.birth_weight_grams },
      r.gestational_age_weeks,
    ),
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

/** Every live-born eligible baby of an org unit's facilities, with its episode and ward flags. */
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

async function getBabyRow(
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

async function episodeView(q: Queryable, reader: Principal, row: KmcBabyRow, now: Date): Promise<KmcEpisode> {
  const logs = row.episode_id ? await listLogRows(q, [row.episode_id]) : [];
  const baby = toBaby(
    row,
    (await getCountrySettings(q, countryIdOf(row.facility_path))).settings,
    logs,
    reader,
  );
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
                }
              : null,
          version: row.episode_version!,
        }
      : null,
    logs: logs.map(toLog),
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

/** Started (when, where, who, incubator first) or the reason it was not: the cross-field rules. */
function checkStart(s: Omit<KmcStartUpdate, 'version'>, row: KmcBabyRow, now: Date): Issue[] {
  const issues: Issue[] = [];
  if (s.startedAt === null) {
    if (s.notStartedReason === null) issues.push({ path: 'startedAt', message: 'kmc.startedOrReason' });
    return issues;
  }
  if (s.notStartedReason !== null)
    issues.push({ path: 'notStartedReason', message: 'kmc.reasonOnlyIfNotStarted' });
  for (const f of ['incubatorFirst', 'place', 'provider'] as const)
    if (s[f] === null) issues.push({ path: f, message: 'kmc.startRequired' });
  const started = Date.parse(s.startedAt);
  if (started < new Date(row.born_at).getTime())
    issues.push({ path: 'startedAt', message: 'kmc.startBeforeBirth' });
  else if (started > now.getTime() + FUTURE_TOLERANCE_MS)
    issues.push({ path: 'startedAt', message: 'kmc.inFuture' });
  return issues;
}

const startValues = (s: Omit<KmcStartUpdate, 'version'>) => ({
  startedAt: s.startedAt,
  incubatorFirst: s.incubatorFirst,
  place: s.place,
  provider: s.provider,
  notStartedReason: s.notStartedReason,
});

/** Opens a baby's episode; the same id sent again answers the episode (an offline retry). */
export async function startEpisode(
  deps: AppDeps,
  reader: Principal,
  input: KmcStartInput,
): Promise<{ episode: KmcEpisode; created: boolean }> {
  return deps.db.transaction(async (tx) => {
    const row = await getBabyRow(tx, reader, 'record.write', input.newbornId, true);
    const now = deps.clock.now();
    if (row.episode_id === input.id)
      return { episode: await episodeView(tx, reader, row, now), created: false };
    if (row.episode_id) throw new AppError('conflict', 'kmc.episodeExists');
    if (await findNewbornOfEpisode(tx, input.id)) throw new AppError('conflict', 'kmc.idTaken');
    const issues = checkStart(input, row, now);
    if (issues.length) throw validationError(issues);
    await insertEpisodeRow(
      tx,
      { id: input.id, newbornId: row.newborn_id, facilityId: row.facility_id, ...startValues(input) },
      reader.userId,
      now,
    );
    await auditChange(tx, reader, 'create', EPISODE(input.id, row.facility_id), {
      after: startValues(input),
    });
    const saved = (await findKmcBaby(tx, row.newborn_id))!;
    return { episode: await episodeView(tx, reader, saved, now), created: true };
  });
}

/** The episode's row, locked, for a write; closed episodes take no more writes. */
async function getOpenEpisode(tx: Queryable, reader: Principal, episodeId: string): Promise<KmcBabyRow> {
  const newbornId = await findNewbornOfEpisode(tx, episodeId);
  if (!newbornId) throw new AppError('not_found', 'errors.notFound');
  const row = await getBabyRow(tx, reader, 'record.write', newbornId, true);
  if (row.discharged_on !== null) throw new AppError('conflict', 'kmc.closed');
  return row;
}

/** Corrects how the episode began (or records the start of one that had not started). */
export async function updateEpisodeStart(
  deps: AppDeps,
  reader: Principal,
  episodeId: string,
  input: KmcStartUpdate,
): Promise<KmcEpisode> {
  return deps.db.transaction(async (tx) => {
    const row = await getOpenEpisode(tx, reader, episodeId);
    const now = deps.clock.now();
    if (row.episode_version !== input.version) throw versionConflict(input.version, row.episode_version!);
    const issues = checkStart(input, row, now);
    if (issues.length) throw validationError(issues);
    if (!(await updateEpisodeStartRow(tx, episodeId, input.version, startValues(input), reader.userId, now)))
      throw versionConflict(input.version, row.episode_version + 1);
    await auditChange(tx, reader, 'update', EPISODE(episodeId, row.facility_id), {
      before: {
        startedAt: row.started_at ? toIso(row.started_at) : null,
        incubatorFirst: row.incubator_first,
        place: row.place,
        provider: row.provider,
        notStartedReason: row.not_started_reason,
      },
      after: startValues(input),
    });
    return episodeView(tx, reader, (await findKmcBaby(tx, row.newborn_id))!, now);
  });
}

/**
 * Adds or corrects one day of the log. A weight more than 20 % a day away from the nearest earlier one
 * (or the birth weight) is refused until confirmed; a stale version, or a new entry for a day already
 * logged, is a 409.
 */
export async function saveLog(
  deps: AppDeps,
  reader: Principal,
  episodeId: string,
  date: string,
  input: KmcLogInput,
): Promise<KmcEpisode> {
  return deps.db.transaction(async (tx) => {
    const row = await getOpenEpisode(tx, reader, episodeId);
    const now = deps.clock.now();
    if (row.started_at === null) throw new AppError('conflict', 'kmc.notStarted');
    const issues: Issue[] = [];
    if (date < row.birth_date) issues.push({ path: 'date', message: 'kmc.dayBeforeBirth' });
    if (date > localDate(now, row.facility_timezone)) issues.push({ path: 'date', message: 'kmc.inFuture' });
    if (input.dangerSigns.includes('none') && input.dangerSigns.length > 1)
      issues.push({ path: 'dangerSigns', message: 'kmc.noneWithSigns' });
    const logs = await listLogRows(tx, [episodeId]);
    let jump = false;
    if (input.weightGrams !== null) {
      const weights = logs
        .filter((l) => l.log_date !== date && l.weight_grams !== null)
        .map((l) => ({ date: l.log_date, grams: l.weight_grams! }));
      if (row.birth_weight_grams !== null)
        weights.push({ date: row.birth_date, grams: row.birth_weight_grams });
      const previous = weightBefore(date, weights);
      jump = isWeightJump(previous, { date, grams: input.weightGrams });
      if (jump && !input.confirmWeightJump)
        issues.push({
          path: 'weightGrams',
          message: 'kmc.weightJump',
          params: { grams: previous!.grams, date: previous!.date },
        });
    }
    if (issues.length) throw validationError(issues);
    const { version, confirmWeightJump: _c, ...values } = input;
    const stored = { ...values, weightJumpConfirmed: jump };
    const existing = logs.find((l) => l.log_date === date);
    if (version === null) {
      if (existing || !(await insertLogRow(tx, episodeId, date, stored, reader.userId, now)))
        throw new AppError('conflict', 'kmc.dayLogged');
    } else {
      if (!existing) throw new AppError('not_found', 'errors.notFound');
      if (!(await updateLogRow(tx, episodeId, date, version, stored, reader.userId, now)))
        throw versionConflict(version, existing.version);
    }
    await auditChange(
      tx,
      reader,
      existing ? 'update' : 'create',
      DAILY_LOG(`${episodeId}:${date}`, row.facility_id),
      {
        before: existing ? toLog(existing) : undefined,
        after: stored,
      },
    );
    return episodeView(tx, reader, row, now);
  });
}

/**
 * Closes the episode with its checks, weight and outcome. It keeps the rule in force today and what it
 * gave, so that a later change of the country's setting leaves it as judged (issue 16).
 */
export async function dischargeEpisode(
  deps: AppDeps,
  reader: Principal,
  episodeId: string,
  input: KmcDischargeInput,
): Promise<KmcEpisode> {
  return deps.db.transaction(async (tx) => {
    const row = await getOpenEpisode(tx, reader, episodeId);
    const now = deps.clock.now();
    if (row.episode_version !== input.version) throw versionConflict(input.version, row.episode_version!);
    const issues: Issue[] = [];
    if (row.started_at && input.dischargedOn < localDate(row.started_at, row.facility_timezone))
      issues.push({ path: 'dischargedOn', message: 'kmc.dischargeBeforeStart' });
    else if (input.dischargedOn < row.birth_date)
      issues.push({ path: 'dischargedOn', message: 'kmc.dayBeforeBirth' });
    if (input.dischargedOn > localDate(now, row.facility_timezone))
      issues.push({ path: 'dischargedOn', message: 'kmc.inFuture' });
    if (issues.length) throw validationError(issues);
    const cutoffs = (await getCountrySettings(tx, countryIdOf(row.facility_path))).settings;
    const close = {
      dischargedOn: input.dischargedOn,
      outcome: input.outcome,
      weightGrams: input.weightGrams,
      checks: input.checks,
      rule: kmcRuleSnapshot(cutoffs),
      eligible: row.kmc_eligible,
    };
    if (!(await closeEpisodeRow(tx, episodeId, input.version, close, reader.userId, now)))
      throw versionConflict(input.version, row.episode_version + 1);
    await auditChange(tx, reader, 'update', EPISODE(episodeId, row.facility_id), {
      after: { ...close, rule: { ...close.rule, preset: kmcPresetOf(cutoffs) } },
      details: { action: 'discharge' },
    });
    return episodeView(tx, reader, (await findKmcBaby(tx, row.newborn_id))!, now);
  });
}
