import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentDetail } from '../../../shared/assessments/assessment.schema';
import type { Birth } from '../../../shared/births/birth.schema';
import { newId } from '../../../shared/ids';
import { flattenBirthDoc } from '../../../shared/sync/birth-patch';
import { VisitInputSchema } from '../../../shared/pnc/pnc.schema';
import { type FlatRecord, flattenDoc, sameValue } from '../../../shared/sync/flat-record';
import { PNC_VISIT_SHAPE } from '../../../shared/sync/record-shapes';
import {
  afterPull,
  afterPush,
  localView,
  nextBatch,
  type OutboxEntry,
  queueChange,
  type Snapshot,
  toOp,
} from '../../../shared/sync/outbox';
import type { OpResult, SyncOp } from '../../../shared/sync/sync.schema';
import { type TestClient, useTestApp } from '../../test/test-app';
import { wellVisit } from '../pnc/pnc-test-helpers';
import { H01 } from '../pnc/pnc-test-helpers';
import { assessmentRecordSync } from './sync-assessment-record.type';
import { pncVisitSync } from './sync-pnc-visit.type';
import { Device as OpMaker, newBirthFlat, pullPages, push } from './sync-test-helpers';

/**
 * A model test of the protocol: two to four devices (two users) edit the same births, a postnatal
 * contact and a Module 3 assessment form (record types of their own, through the same push, pull, merge
 * and inbox) offline in random orders, with random pushes (some whose answer is lost, so the device sends them again), and pulls.
 * Afterwards, once every device has sent everything and pulled: every replica equals the server; every
 * field edit is in the final record, or in exactly one open inbox item, or was overwritten by an edit
 * made on a device that had seen it; and replaying every push changes nothing.
 */

const RUNS = 10;
const FIELDS = ['mother.recordNumber', 'mother.age', 'newborn.birthWeightGrams'] as const;
/** Fields edited on the postnatal contact (record 2): the mother's pulse, the baby's weight. */
const VISIT_FIELDS = ['mother.pulseBpm', 'newborn.weightGrams'] as const;
/** Answers edited on the assessment's register summary form (record 3): two counts the team enters. */
const FORM_FIELDS = ['answers.reg_nicu', 'answers.reg_sepsis'] as const;
type Action =
  | { t: 'edit'; d: number; r: number; f: number }
  | { t: 'push'; d: number; lost: boolean }
  | { t: 'pull'; d: number };

type Device = {
  client: TestClient;
  id: string;
  seq: number;
  snapshots: Map<string, Snapshot>;
  outbox: OutboxEntry[];
  cursor: string;
};
/** A postnatal contact (c1, at the facility) of a birth made by `newBirthFlat`, in flat form. */
function visitOf(seed: ReturnType<typeof newBirthFlat>): FlatRecord {
  const raw = wellVisit(
    { id: seed.id, newborns: [{ id: seed.newbornId }] },
    'c1',
    '2026-03-10T07:00:00.000Z',
    {
      place: 'facility',
    },
  );
  const { id: _id, ...doc } = VisitInputSchema.parse(raw);
  return flattenDoc(PNC_VISIT_SHAPE, doc);
}

type Edit = { recordId: string; path: string; value: unknown; seen: unknown };

describe('sync model: random offline edits, pushes and pulls converge without losing an edit', () => {
  const t = useTestApp();
  let clients: TestClient[];
  beforeAll(async () => {
    clients = [await t.login('midwife.dn'), await t.login('lead.dn')];
  });

  async function pull(dev: Device, ids: ReadonlySet<string>) {
    const { pages, cursor } = await pullPages(dev.client, dev.cursor, 500);
    const pulled = new Map<string, number | null>();
    for (const p of pages) {
      for (const b of p.births.filter((x) => ids.has(x.id))) {
        dev.snapshots.set(b.id, { id: b.id, version: b.version, flat: flattenBirthDoc(b) });
        pulled.set(b.id, b.version);
      }
      for (const r of p.records.filter((x) => ids.has(x.id))) {
        dev.snapshots.set(r.id, { id: r.id, version: r.version, flat: r.flat });
        pulled.set(r.id, r.version);
      }
      for (const id of p.removed.filter((x) => ids.has(x))) {
        dev.snapshots.delete(id);
        pulled.set(id, null);
      }
    }
    dev.cursor = cursor;
    dev.outbox = afterPull(dev.outbox, pulled);
  }

  const action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ t: fc.constant('edit' as const), d: fc.nat(3), r: fc.nat(3), f: fc.nat(2) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ t: fc.constant('push' as const), d: fc.nat(3), lost: fc.boolean() }),
    },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('pull' as const), d: fc.nat(3) }) },
  );

  /** A new assessment of the hospital (a month of its own per run) and its register summary form. */
  let assessments = 0;
  async function newForm(lead: TestClient): Promise<{ id: string }> {
    const k = assessments++;
    const m = String((k % 12) + 1).padStart(2, '0');
    const res = await lead.post('/api/assessments', {
      facilityId: H01,
      periodStart: `${2023 + Math.floor(k / 12)}-${m}-01`,
      periodEnd: `${2023 + Math.floor(k / 12)}-${m}-28`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const form = res.json<AssessmentDetail>().records.find((r) => r.sectionId === 'register')!;
    return { id: form.id };
  }

  it('holds for random interleavings of two users on four devices', async () => {
    // Where every device starts reading: after everything that exists now (the demo's births).
    let start = (await pullPages(clients[0]!, undefined, 500)).cursor;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.array(action, { minLength: 4, maxLength: 14 }),
        async (n, actions) => {
          start = (await pullPages(clients[0]!, start, 500)).cursor;
          const seeds = [newBirthFlat(), newBirthFlat()];
          const visit = { id: newId(), flat: visitOf(seeds[0]!) };
          // Made by the lead (assessment.write), sent to devices by the log like any change.
          const form = await newForm(clients[1]!);
          const ids = new Set([...seeds.map((s) => s.id), visit.id, form.id]);
          const setup = new OpMaker();
          const created = await push(clients[0]!, [
            ...seeds.map((s) => setup.op('create', s.id, 0, s.flat)),
            setup.op('create', visit.id, 0, visit.flat, 'pnc_visit'),
          ]);
          expect(created.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
          const devices: Device[] = Array.from({ length: n }, (_, i) => ({
            client: clients[i % 2]!,
            id: newId(),
            seq: 0,
            snapshots: new Map(),
            outbox: [],
            cursor: start,
          }));
          for (const d of devices) await pull(d, ids);
          const edits: Edit[] = [];
          const pushes: Array<{ client: TestClient; ops: SyncOp[]; results: OpResult[] }> = [];
          const counters = [0, 0, 0, 0, 0, 0, 0];
          const sendAll = async (dev: Device, lost: boolean) => {
            const batch = nextBatch(dev.outbox, 500);
            if (!batch.length) return;
            const sent = new Set(batch.map((e) => e.opId));
            dev.outbox = dev.outbox.map((e) => (sent.has(e.opId) ? { ...e, attempts: e.attempts + 1 } : e));
            const ops = batch.map(toOp);
            const results = await push(dev.client, ops);
            pushes.push({ client: dev.client, ops, results });
            const versions = new Map([...dev.snapshots.values()].map((x) => [x.id, x.version]));
            if (!lost) dev.outbox = afterPush(dev.outbox, results, versions);
          };
          for (const a of actions) {
            const dev = devices[a.d % n]!;
            if (a.t === 'pull') await pull(dev, ids);
            else if (a.t === 'push') await sendAll(dev, a.lost);
            else if (a.r === 2 && dev.client !== clients[0]) {
              // The lead of the hospital has no postnatal write right: only the midwife's devices edit the contact.
            } else if (a.r === 3 && dev.client !== clients[1]) {
              // Nor the midwife an assessment right: only the lead's devices edit the form.
            } else {
              const onVisit = a.r === 2;
              const onForm = a.r === 3;
              const seed = seeds[onVisit || onForm ? 0 : a.r]!;
              const recordId = onForm ? form.id : onVisit ? visit.id : seed.id;
              const mine = dev.outbox.filter((e) => e.recordId === recordId);
              const view = localView(dev.snapshots.get(recordId), mine)!;
              const field = onForm ? FORM_FIELDS[a.f % 2]! : onVisit ? VISIT_FIELDS[a.f % 2]! : FIELDS[a.f]!;
              const k = counters[onForm ? 5 + (a.f % 2) : onVisit ? 3 + (a.f % 2) : a.f]!++;
              const path = field.startsWith('newborn.')
                ? `newborns.${seed.newbornId}.${field.slice('newborn.'.length)}`
                : field;
              // Every edit writes a value no other edit of the run writes, so where it ended is unambiguous.
              const value =
                field === 'mother.recordNumber'
                  ? `R-${k}`
                  : field === 'mother.age'
                    ? 15 + k
                    : field === 'mother.pulseBpm'
                      ? 60 + k
                      : field === 'answers.reg_nicu'
                        ? 100 + k
                        : field === 'answers.reg_sepsis'
                          ? k
                          : 2500 + k;
              edits.push({ recordId, path, value, seen: view[path] });
              dev.outbox = queueChange(
                dev.outbox,
                dev.snapshots.get(recordId),
                recordId,
                { ...view, [path]: value },
                {
                  newOpId: newId,
                  deviceId: dev.id,
                  nextSeq: () => dev.seq++,
                },
                onForm ? 'assessment_record' : onVisit ? 'pnc_visit' : 'birth',
              );
            }
          }
          for (const dev of devices) {
            while (nextBatch(dev.outbox, 500).length) await sendAll(dev, false);
          }
          for (const dev of devices) await pull(dev, ids);

          const serverState = async () => {
            const state = new Map<string, FlatRecord>();
            for (const s of seeds)
              state.set(s.id, flattenBirthDoc((await clients[0]!.get(`/api/births/${s.id}`)).json<Birth>()));
            state.set(visit.id, (await pncVisitSync.find(t.db, visit.id, false))!.flat);
            state.set(form.id, (await assessmentRecordSync.find(t.db, form.id, false))!.flat);
            return state;
          };
          const server = await serverState();
          for (const dev of devices) {
            expect(dev.outbox).toEqual([]);
            // The midwife may not read assessments: her devices never receive the form.
            const readable = (id: string) => id !== form.id || dev.client === clients[1];
            for (const id of ids)
              expect(localView(dev.snapshots.get(id), [])).toEqual(readable(id) ? server.get(id) : null);
          }
          const open = await t.db.query<{ record_id: string; path: string; device_value: unknown }>(
            "select record_id, path, device_value from sync_conflicts where record_id = any($1::uuid[]) and status = 'open'",
            [[...ids]],
          );
          for (const e of edits) {
            const inFinal = sameValue(server.get(e.recordId)![e.path], e.value);
            const items = open.filter(
              (c) => c.record_id === e.recordId && c.path === e.path && sameValue(c.device_value, e.value),
            );
            const overwritten = edits.some(
              (o) => o !== e && o.recordId === e.recordId && o.path === e.path && sameValue(o.seen, e.value),
            );
            expect(items.length).toBeLessThanOrEqual(1);
            expect({ edit: e, kept: inFinal || items.length === 1 || overwritten }).toEqual({
              edit: e,
              kept: true,
            });
          }
          // Replaying every push answers the first results and changes nothing.
          const conflictsBefore = open.length;
          for (const p of pushes) expect(await push(p.client, p.ops)).toEqual(p.results);
          expect(await serverState()).toEqual(server);
          const [after] = await t.db.query<{ n: string }>(
            "select count(*) as n from sync_conflicts where record_id = any($1::uuid[]) and status = 'open'",
            [[...ids]],
          );
          expect(Number(after!.n)).toBe(conflictsBefore);
        },
      ),
      { numRuns: RUNS },
    );
    // Ten runs of a dozen pushes and pulls each: on a machine shared with other work this takes minutes.
  }, 240_000);
});
