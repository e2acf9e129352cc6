import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import { KmcLogInputSchema } from '../../../shared/kmc/kmc.schema';
import { flattenDoc, unflattenDoc, type FlatRecord } from '../../../shared/sync/flat-record';
import { KMC_LOG_SHAPE, kmcLogId } from '../../../shared/sync/record-shapes';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import type { KmcLogRow } from '../kmc/kmc.repo';
import { saveLog } from '../kmc/kmc.service';
import { toLog } from '../kmc/kmc-view';
import { createEach, noPersonalPaths, parsed, type SyncRecordHandler } from './sync-record-type';
import { SYNC_PERMISSIONS } from '../../../shared/sync/sync.schema';

type LogRecordRow = KmcLogRow & { sync_id: string; facility_id: string; facility_path: string };

/** Days of KMC logs by sync id, with their episode's facility. */
async function findLogRows(q: Queryable, ids: string[], forUpdate = false): Promise<LogRecordRow[]> {
  return q.query<LogRecordRow>(
    `select l.episode_id, l.log_date, l.ssc_hours, l.feeding, l.weight_grams, l.lowest_temperature_c,
            l.danger_signs, l.weight_jump_confirmed, l.version, l.sync_id, e.facility_id, f.path as facility_path
       from kmc_daily_logs l join kmc_episodes e on e.id = l.episode_id join org_units f on f.id = e.facility_id
      where l.sync_id = any($1::uuid[])${forUpdate ? ' for update of l' : ''}`,
    [ids],
  );
}

/** A stored confirmation as a device holds it: true, or null (never asked), so an unconfirmed day is no edit. */
const confirmed = (value: unknown) => (value === true ? true : null);

function flatOfRow(row: LogRecordRow): FlatRecord {
  const { weightJumpConfirmed, version: _v, date, ...values } = toLog(row);
  return flattenDoc(KMC_LOG_SHAPE, {
    episodeId: row.episode_id,
    date,
    ...values,
    confirmWeightJump: confirmed(weightJumpConfirmed),
  });
}

/** The day's values as the log route takes them (the episode and date are the route's path). */
function logInput(id: string, flat: FlatRecord, version: number | null) {
  const { episodeId, date, confirmWeightJump, ...values } = unflattenDoc(KMC_LOG_SHAPE, flat) as {
    episodeId: string;
    date: string;
    confirmWeightJump?: boolean | null;
  };
  // The record id names the day: a create under another id would make a record no device can address.
  if (typeof episodeId !== 'string' || typeof date !== 'string' || kmcLogId(episodeId, date) !== id)
    throw new AppError('validation_failed', 'sync.fieldFixed', [
      { path: 'date', message: 'sync.fieldFixed' },
    ]);
  // Confirming a weight jump is a one-off answer to the route's 400, absent (null) on most days.
  const confirm = confirmWeightJump ? { confirmWeightJump: true } : {};
  return { episodeId, date, input: parsed(KmcLogInputSchema, { ...values, ...confirm, version }) };
}

async function findLog(q: Queryable, id: string, forUpdate: boolean) {
  const [row] = await findLogRows(q, [id], forUpdate);
  return (
    row && {
      flat: flatOfRow(row),
      version: row.version,
      orgUnitId: row.facility_id,
      paths: [row.facility_path],
    }
  );
}

/** A new day: version 1 (the service answers the baby's episode, not the day). */
async function createLog(deps: AppDeps, principal: Principal, id: string, flat: FlatRecord) {
  const { episodeId, date, input } = logInput(id, flat, null);
  await saveLog(deps, principal, episodeId, date, input);
  return 1;
}

/**
 * Days of a KMC daily log through the KMC service (its checks: day within the episode, weight jumps to
 * confirm). A day is never deleted (the log has no deletion), so a deletion is refused.
 */
export const kmcLogSync: SyncRecordHandler = {
  shape: KMC_LOG_SHAPE,
  writePermission: SYNC_PERMISSIONS.kmc_log.write,
  readPermission: SYNC_PERMISSIONS.kmc_log.read,
  isPersonalPath: noPersonalPaths,
  fixedFields: ['episodeId', 'date'],
  audit: {
    entityType: 'kmc_daily_log',
    async entityId(q, id) {
      const [row] = await findLogRows(q, [id]);
      return row ? `${row.episode_id}:${row.log_date}` : null;
    },
  },
  flatOfAudited: (doc) => {
    const { weightJumpConfirmed, version: _v, ...values } = doc as Record<string, unknown>;
    return flattenDoc(KMC_LOG_SHAPE, { ...values, confirmWeightJump: confirmed(weightJumpConfirmed) });
  },
  find: findLog,
  create: createLog,
  createMany: createEach({ find: findLog, create: createLog }),
  async update(deps, principal, id, flat, version) {
    const { episodeId, date, input } = logInput(id, flat, version);
    await saveLog(deps, principal, episodeId, date, input);
    return { version: version + 1 };
  },
  remove() {
    throw new AppError('validation_failed', 'sync.deleteNotAllowed', [
      { path: 'kind', message: 'sync.deleteNotAllowed' },
    ]);
  },
  pull: {
    async read(deps, principal, ids) {
      if (!roleHasPermission(principal.role, 'record.read')) return [];
      const rows = await findLogRows(deps.db, ids);
      return rows
        .filter((r) => isPathInScope(principal, r.facility_path))
        .map((r) => ({
          recordType: 'kmc_log' as const,
          id: r.sync_id,
          version: r.version,
          flat: flatOfRow(r),
        }));
    },
    async idsOfBirths(q, birthIds) {
      const rows = await q.query<{ sync_id: string }>(
        `select l.sync_id from kmc_daily_logs l join kmc_episodes e on e.id = l.episode_id
           join newborns n on n.id = e.newborn_id where n.birth_id = any($1::uuid[])`,
        [birthIds],
      );
      return rows.map((r) => r.sync_id);
    },
  },
};
