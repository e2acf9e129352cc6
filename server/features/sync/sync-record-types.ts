import type { Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import type { SyncRecordType } from '../../../shared/sync/sync.schema';
import { assessmentRecordSync } from './sync-assessment-record.type';
import { birthSync } from './sync-birth.type';
import { kmcLogSync } from './sync-kmc-log.type';
import { pncVisitSync } from './sync-pnc-visit.type';
import type { SyncRecordHandler } from './sync-record-type';

/** The record types the protocol carries, each with what push, pull and the inbox need of it. */
export const SYNC_HANDLERS: Record<SyncRecordType, SyncRecordHandler> = {
  birth: birthSync,
  pnc_visit: pncVisitSync,
  kmc_log: kmcLogSync,
  assessment_record: assessmentRecordSync,
};

const TYPES = Object.keys(SYNC_HANDLERS) as SyncRecordType[];

/**
 * The record types this user's role may read (`read`) or write (`write`) through sync. The routes are open
 * to every signed-in user and ask this instead of one fixed permission: a commune's postnatal worker has
 * `pnc.read`/`pnc.write` but not the birth register's `record.*`, and must still send the contacts recorded
 * offline. Throws 403 when the role may use no type at all.
 */
export function syncTypesOf(principal: Principal, use: 'read' | 'write'): SyncRecordType[] {
  const types = TYPES.filter((t) =>
    roleHasPermission(
      principal.role,
      SYNC_HANDLERS[t][use === 'read' ? 'readPermission' : 'writePermission'],
    ),
  );
  if (!types.length) throw new AppError('forbidden', 'errors.forbidden');
  return types;
}
