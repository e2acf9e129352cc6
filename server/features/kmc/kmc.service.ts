import type { Principal } from '../../../shared/auth/principal';
import { localDate } from '../../../shared/births/local-date';
import { AppError, type Issue, validationError, versionConflict } from '../../../shared/errors';
import { kmcRuleSnapshot, kmcPresetOf } from '../../../shared/kmc/kmc-rule';
import { meetsGraduation, pmaWeeksOn } from '../../../shared/kmc/kmc-graduation';
import type {
  KmcDischargeInput,
  KmcEpisode,
  KmcGraduationInput,
  KmcLogInput,
  KmcStartInput,
  KmcStartUpdate,
} from '../../../shared/kmc/kmc.schema';
import { isWeightJump, weightBefore } from '../../../shared/kmc/kmc-ward';
import { applyLogChecks, dischargeFromLog } from '../../../shared/kmc/kmc-discharge';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { toIso } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { getCountrySettings } from '../births/eenc-settings.repo';
import { countryIdOf, episodeView, getBabyRow, toLog, toLogDay } from './kmc-view';
import {
  closeEpisodeRow,
  findKmcBaby,
  findNewbornOfEpisode,
  graduateEpisodeRow,
  insertEpisodeRow,
  insertLogRow,
  type KmcBabyRow,
  listLogRows,
  setKmcFollowUp,
  updateEpisodeStartRow,
  updateLogRow,
} from './kmc.repo';

const EPISODE = auditSubject('kmc_episode');
const DAILY_LOG = auditSubject('kmc_daily_log');
const FUTURE_TOLERANCE_MS = 5 * 60_000;

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
        // With its version: offline sync reads a day as it was at a version from here (issue 18).
        after: { ...stored, version: existing ? existing.version + 1 : 1 },
      },
    );
    return episodeView(tx, reader, row, now);
  });
}

/**
 * Closes the episode with its checks, weight and outcome. It keeps the rule in force today and what it
 * gave, so that a later change of the country's setting leaves it as judged (issue 16). Weight gain and
 * temperature are checked against the daily log (`dischargeFromLog`): an answer the log contradicts
 * needs a reason, recorded and audited with what the log said; a blank one takes the log's.
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
    const cutoffs = (await getCountrySettings(tx, countryIdOf(row.facility_path))).settings;
    // Weight gain and temperature: what the daily log says, the one rule the discharge form shows.
    const fromLog = dischargeFromLog(
      (await listLogRows(tx, [episodeId])).map(toLogDay),
      input.dischargedOn,
      cutoffs,
    );
    const applied = applyLogChecks(input.checks, input.overrideReasons ?? {}, fromLog);
    issues.push(...applied.issues);
    if (issues.length) throw validationError(issues);
    const close = {
      dischargedOn: input.dischargedOn,
      outcome: input.outcome,
      weightGrams: input.weightGrams,
      checks: { ...input.checks, ...applied.checks },
      fromLog: applied.recorded,
      rule: kmcRuleSnapshot(cutoffs),
      eligible: row.kmc_eligible,
    };
    if (!(await closeEpisodeRow(tx, episodeId, input.version, close, reader.userId, now)))
      throw versionConflict(input.version, row.episode_version + 1);
    // Discharged in KMC: followed on the postnatal worklists until graduation.
    if (input.outcome === 'discharged_in_kmc') await setKmcFollowUp(tx, row.newborn_id, true);
    await auditChange(tx, reader, 'update', EPISODE(episodeId, row.facility_id), {
      after: { ...close, rule: { ...close.rule, preset: kmcPresetOf(cutoffs) } },
      details: { action: 'discharge' },
    });
    return episodeView(tx, reader, (await findKmcBaby(tx, row.newborn_id))!, now);
  });
}

/**
 * Graduation from the KMC follow-up: only after a discharge in KMC, once the country's criterion (weight
 * or post-menstrual age) is met. It takes the baby off the KMC follow-up contacts of the worklists.
 */
export async function graduateEpisode(
  deps: AppDeps,
  reader: Principal,
  episodeId: string,
  input: KmcGraduationInput,
): Promise<KmcEpisode> {
  return deps.db.transaction(async (tx) => {
    const newbornId = await findNewbornOfEpisode(tx, episodeId);
    if (!newbornId) throw new AppError('not_found', 'errors.notFound');
    const row = await getBabyRow(tx, reader, 'record.write', newbornId, true);
    const now = deps.clock.now();
    if (row.kmc_outcome !== 'discharged_in_kmc' || row.graduated_on !== null)
      throw new AppError('conflict', 'kmc.notInFollowUp');
    if (row.episode_version !== input.version) throw versionConflict(input.version, row.episode_version!);
    const settings = (await getCountrySettings(tx, countryIdOf(row.facility_path))).settings;
    const pmaWeeks = pmaWeeksOn(row.gestational_age_weeks, row.birth_date, input.graduatedOn);
    const issues: Issue[] = [];
    if (input.graduatedOn < row.discharged_on!)
      issues.push({ path: 'graduatedOn', message: 'kmc.graduationBeforeDischarge' });
    if (input.graduatedOn > localDate(now, row.facility_timezone))
      issues.push({ path: 'graduatedOn', message: 'kmc.inFuture' });
    if (!meetsGraduation(settings, input.weightGrams, pmaWeeks))
      issues.push({
        path: 'weightGrams',
        message: 'kmc.graduationCriterion',
        params: { grams: settings.kmcGraduationGrams, weeks: settings.kmcGraduationPmaWeeks },
      });
    if (issues.length) throw validationError(issues);
    const graduation = { graduatedOn: input.graduatedOn, weightGrams: input.weightGrams, pmaWeeks };
    if (!(await graduateEpisodeRow(tx, episodeId, input.version, graduation, reader.userId, now)))
      throw versionConflict(input.version, row.episode_version + 1);
    await setKmcFollowUp(tx, row.newborn_id, false);
    await auditChange(tx, reader, 'update', EPISODE(episodeId, row.facility_id), {
      after: graduation,
      details: { action: 'graduate' },
    });
    return episodeView(tx, reader, (await findKmcBaby(tx, row.newborn_id))!, now);
  });
}
