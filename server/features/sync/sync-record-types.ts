import type { SyncRecordType } from '../../../shared/sync/sync.schema';
import { birthSync } from './sync-birth.type';
import { kmcLogSync } from './sync-kmc-log.type';
import { pncVisitSync } from './sync-pnc-visit.type';
import type { SyncRecordHandler } from './sync-record-type';

/** The record types the protocol carries, each with what push, pull and the inbox need of it. */
export const SYNC_HANDLERS: Record<SyncRecordType, SyncRecordHandler> = {
  birth: birthSync,
  pnc_visit: pncVisitSync,
  kmc_log: kmcLogSync,
};
