import { KmcEpisodeSchema } from '../../../shared/kmc/kmc.schema';
import type { OutboxEntry } from '../../../shared/sync/outbox';
import type { SyncRecordType } from '../../../shared/sync/sync.schema';
import { offlineDb, readOutboxRows } from './offline-db';
import { KMC_BABY_KEY } from './offline-kmc';
import { listKept } from './offline-reads';
import { findLocalBirth } from './outbox-store';

/**
 * A change the server did not accept, as the "Changes not accepted" page lists it: what it is (the
 * mother's record number from the device's copy, the contact code, the KMC day), the server's answer,
 * and where to correct it. An outbox row that no longer parses is listed too (`recordType: null`).
 */
export type RefusedChange = {
  opId: string;
  recordType: SyncRecordType | null;
  kind: OutboxEntry['kind'] | null;
  /** The record number, the contact code, the KMC date, or null when the device holds nothing to name it. */
  name: string | null;
  error: OutboxEntry['error'];
  /** The page of the record's form, or null when the device cannot say where it is. */
  openTo: string | null;
};

async function describe(e: OutboxEntry): Promise<Pick<RefusedChange, 'name' | 'openTo'>> {
  switch (e.recordType) {
    case 'birth': {
      const doc = await findLocalBirth(e.recordId);
      const recordNumber =
        typeof e.patch['mother.recordNumber'] === 'string' ? e.patch['mother.recordNumber'] : null;
      return {
        name: doc?.mother.recordNumber ?? recordNumber,
        openTo: e.kind === 'delete' ? `/births/${e.recordId}` : `/births/${e.recordId}/edit`,
      };
    }
    case 'pnc_visit': {
      const code = e.patch.contactCode;
      const birthId = e.patch.birthId;
      return {
        name: typeof code === 'string' ? code : null,
        openTo:
          typeof birthId === 'string'
            ? `/pnc/births/${birthId}${typeof code === 'string' ? `?contact=${encodeURIComponent(code)}` : ''}`
            : null,
      };
    }
    case 'kmc_log': {
      const date = e.patch.date;
      const baby = (await listKept(KMC_BABY_KEY, KmcEpisodeSchema)).find(
        (b) => b.episode?.id === e.patch.episodeId,
      );
      return {
        name: typeof date === 'string' ? date : null,
        openTo: baby ? `/kmc/babies/${baby.newbornId}` : '/kmc',
      };
    }
    case 'assessment_record': {
      const assessmentId = e.patch.assessmentId;
      return { name: null, openTo: typeof assessmentId === 'string' ? `/assessments/${assessmentId}` : null };
    }
  }
}

/** The refused changes and the unreadable rows of the outbox, in seq order. */
export async function listRefused(): Promise<RefusedChange[]> {
  const { entries, unreadable } = await readOutboxRows();
  const refused = await Promise.all(
    entries
      .filter((e) => e.state === 'rejected')
      .map(async (e) => ({
        opId: e.opId,
        recordType: e.recordType,
        kind: e.kind,
        error: e.error,
        ...(await describe(e)),
      })),
  );
  return [
    ...refused,
    ...unreadable.map((opId) => ({
      opId,
      recordType: null,
      kind: null,
      name: null,
      error: null,
      openTo: null,
    })),
  ];
}

/**
 * Drops a refused change (or an unreadable row) for good: the outbox entry, and the device's own view of
 * a birth when no other change of it waits. The server's last copy stays (it is not the device's work).
 */
export async function discardRefused(opId: string): Promise<void> {
  await offlineDb.transaction('rw', offlineDb.outbox, offlineDb.local, async () => {
    const row: unknown = await offlineDb.outbox.get(opId);
    const recordId = (row as { recordId?: unknown } | undefined)?.recordId;
    await offlineDb.outbox.delete(opId);
    if (typeof recordId === 'string' && !(await offlineDb.outbox.where('recordId').equals(recordId).count()))
      await offlineDb.local.delete(recordId);
  });
}
