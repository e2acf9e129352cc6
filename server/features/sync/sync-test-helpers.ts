import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { buildKmcStart } from '../../../shared/kmc/kmc-builders';
import { type VisitInputRaw, VisitInputSchema } from '../../../shared/pnc/pnc.schema';
import { KMC_LOG_SHAPE, PNC_VISIT_SHAPE } from '../../../shared/sync/record-shapes';
import { recordBirth } from '../pnc/pnc-test-helpers';
import { BirthInputSchema } from '../../../shared/births/birth.schema';
import { newId } from '../../../shared/ids';
import { flattenBirth } from '../../../shared/sync/birth-patch';
import { flattenDoc, type FlatRecord } from '../../../shared/sync/flat-record';
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

/** A postnatal visit (as the visit route takes it) in the protocol's flat form, without its id. */
export function visitFlat(v: VisitInputRaw): FlatRecord {
  const { id: _id, ...doc } = VisitInputSchema.parse(v);
  return flattenDoc(PNC_VISIT_SHAPE, { ...doc, visitedAt: new Date(doc.visitedAt).toISOString() });
}

/** A KMC day of an episode in flat form: a well day unless `values` say otherwise. */
export const kmcDayFlat = (episodeId: string, date: string, values: Record<string, unknown> = {}) =>
  flattenDoc(KMC_LOG_SHAPE, {
    episodeId,
    date,
    sscHours: 12,
    feeding: 'exclusive_breast_milk',
    weightGrams: null,
    lowestTemperatureC: 36.6,
    dangerSigns: ['none'],
    ...values,
  });

/** A small baby (1,800 g, 34 weeks) born at H01 at `bornAt`, started in KMC 40 minutes later. */
export async function startKmcBaby(midwife: TestClient, bornAt: string) {
  const birth = await recordBirth(midwife, {
    bornAt,
    gestationalAgeWeeks: 34,
    newborns: [buildNewbornRaw({ birthWeightGrams: 1800 })],
  });
  const newbornId = birth.newborns[0]!.id;
  const episodeId = newId();
  const startedAt = new Date(new Date(bornAt).getTime() + 40 * 60_000).toISOString();
  const res = await midwife.post('/api/kmc/episodes', {
    id: episodeId,
    newbornId,
    ...buildKmcStart(startedAt),
  });
  if (res.statusCode !== 201) throw new Error(`KMC not started: ${res.statusCode} ${res.body}`);
  return { birth, newbornId, episodeId };
}
