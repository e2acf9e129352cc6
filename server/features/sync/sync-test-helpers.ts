import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { BirthInputSchema } from '../../../shared/births/birth.schema';
import { newId } from '../../../shared/ids';
import { flattenBirth } from '../../../shared/sync/birth-patch';
import type { FlatRecord } from '../../../shared/sync/flat-record';
import type { OpResult, PulledRecord, PullResponse, SyncOp } from '../../../shared/sync/sync.schema';
import { orgUnitIdOf } from '../../seed/demo';
import type { TestClient } from '../../test/test-app';

export const H01 = orgUnitIdOf('VN-DN-H01');
export const HC_H = orgUnitIdOf('VN-DN-HC-H');

/** A valid birth at `facilityId` in the protocol's flat form, with its newborn's id. */
export function newBirthFlat(facilityId = H01, recordNumber = `SB-${newId().slice(0, 8)}`) {
  const newbornId = newId();
  const doc = BirthInputSchema.parse(
    buildBirthRaw({
      facilityId,
      mother: { recordNumber, name: 'Trần Thị Mai', phone: '0905 000 111' },
      newborns: [buildNewbornRaw({ id: newbornId })],
    }),
  );
  return { id: newId(), newbornId, flat: flattenBirth(doc) };
}

/** A device: its id and the next seq of its operations. */
export class Device {
  readonly id = newId();
  private seq = 0;
  op(
    kind: SyncOp['kind'],
    recordId: string,
    baseVersion: number,
    patch: FlatRecord,
    recordType: SyncOp['recordType'] = 'birth',
  ): SyncOp {
    return {
      opId: newId(),
      deviceId: this.id,
      seq: this.seq++,
      recordType,
      recordId,
      kind,
      baseVersion,
      patch,
    };
  }
}

export async function push(client: TestClient, ops: SyncOp[]): Promise<OpResult[]> {
  const res = await client.post('/api/sync/push', { ops });
  if (res.statusCode !== 200) throw new Error(`push answered ${res.statusCode} ${res.body}`);
  return res.json<{ results: OpResult[] }>().results;
}

/** Every page of a pull from `cursor` on (no cursor: the first pull), `limit` a page, and the cursor after. */
export async function pullPages(client: TestClient, cursor?: string, limit = 50) {
  const pages: PullResponse[] = [];
  for (;;) {
    const res = await client.get(`/api/sync/pull?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.statusCode !== 200) throw new Error(`pull answered ${res.statusCode} ${res.body}`);
    const page = res.json<PullResponse>();
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return { pages, cursor };
  }
}

/** The records (by id) and the ids removed of every page of a pull from `cursor` on, and the cursor after. */
export async function pullRecords(client: TestClient, cursor?: string) {
  const pulled = await pullPages(client, cursor);
  const records = new Map<string, PulledRecord>();
  const removed = new Set<string>();
  for (const page of pulled.pages) {
    for (const r of page.records) records.set(r.id, r);
    for (const id of page.removed) removed.add(id);
  }
  return { records, removed, cursor: pulled.cursor };
}
