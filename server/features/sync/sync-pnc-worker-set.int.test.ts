import { describe, expect, it } from 'vitest';
import type { FollowUp, Worklist } from '../../../shared/pnc/pnc.schema';
import type { PulledRecord } from '../../../shared/sync/sync.schema';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { C01, C02, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import { pullPages } from './sync-test-helpers';

// The test clock stands at 2026-03-10T08:00Z.
const now = Date.parse('2026-03-10T08:00:00Z');
const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

describe("a commune postnatal worker's first pull: the births on their worklist, as the worklist reads them", () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const worker = useLogin(t, 'pnc.hc1');

  async function pullAll(c: TestClient) {
    const followUps = new Map<string, FollowUp>();
    const records: PulledRecord[] = [];
    const births: string[] = [];
    // Small pages, so that the worklist's births run over several.
    for (const page of (await pullPages(c, undefined, 2)).pages) {
      for (const f of page.followUps) {
        expect(followUps.has(f.birthId)).toBe(false);
        followUps.set(f.birthId, f);
      }
      records.push(...page.records);
      births.push(...page.births.map((b) => b.id));
    }
    return { followUps, records, births };
  }

  it('holds exactly the births and contacts the online worklist lists, with names as online, and nothing else', async () => {
    // Mothers of commune C01 (the worker's) and C02 (not theirs), born 2 to 70 days ago at the hospital.
    const mine: string[] = [];
    const visits: string[] = [];
    for (const [i, d] of [2, 5, 9, 20, 70].entries()) {
      const b = await recordBirth(midwife, { bornAt: daysAgo(d), communeId: C01 });
      mine.push(b.id);
      await recordBirth(midwife, { bornAt: daysAgo(d), communeId: C02 });
      if (i === 1) {
        const res = await midwife.post(
          '/api/pnc/visits',
          wellVisit(b, 'c2', new Date(now - 3 * 86_400_000).toISOString()),
        );
        expect(res.statusCode, res.body).toBe(201);
        visits.push(res.json<{ visitId: string }>().visitId);
      }
    }
    const worklist = (await worker.get(`/api/pnc/worklist?orgUnit=${C01}&limit=200`)).json<Worklist>();
    const listed = new Set(worklist.items.map((i) => i.birthId));
    // The list is not empty and leaves the 70-day-old birth out: a real selection to compare with.
    expect(listed.size).toBeGreaterThanOrEqual(3);
    expect(listed.has(mine[4]!)).toBe(false);

    const pulled = await pullAll(worker);
    expect([...pulled.followUps.keys()].sort()).toEqual([...listed].sort());
    // Every row of the worklist opens from the pulled follow-up: the subject and its contact are there.
    for (const item of worklist.items) {
      const f = pulled.followUps.get(item.birthId)!;
      const subject = f.subjects.find((s) => s.subjectId === item.subjectId);
      expect(subject?.contacts.map((c) => c.code)).toContain(item.contactCode);
      // Names and phones as the worklist shows them to this worker.
      expect(f.motherName).toBe(item.motherName);
      expect(f.motherPhone).toBe(item.motherPhone);
    }
    expect(worklist.items.some((i) => i.motherName !== null)).toBe(true);
    // No birth document (the worker may not read the register) and the recorded contacts of those births only.
    expect(pulled.births).toEqual([]);
    const pulledVisits = pulled.records.filter((r) => r.recordType === 'pnc_visit');
    // The log's pass after the worklist may send a contact again (its floor is the server's oldest open
    // transaction, docs/offline.md; the visit is logged at the worker's commune too): once per id here.
    expect([...new Set(pulledVisits.map((r) => r.id))]).toEqual(visits);
    expect(pulledVisits.every((r) => listed.has(String(r.flat.birthId)))).toBe(true);
  });

  it('leaves the hospital midwife’s working set as it was (her births are sent as documents, no follow-ups)', async () => {
    const pulled = await pullAll(midwife);
    expect(pulled.followUps.size).toBe(0);
    expect(pulled.births.length).toBeGreaterThan(0);
  });
});

describe("a commune postnatal worker's incremental pull: contacts others record for the commune's mothers", () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const worker = useLogin(t, 'pnc.hc1');

  /** Every page from `cursor` on: the contacts sent and the ids removed, and the next cursor. */
  async function pullFrom(c: TestClient, cursor: string | undefined) {
    const pulled = await pullPages(c, cursor);
    return {
      records: pulled.pages.flatMap((p) => p.records),
      removed: pulled.pages.flatMap((p) => p.removed),
      cursor: pulled.cursor,
    };
  }
  const visitsOf = (records: PulledRecord[]) =>
    records.filter((r) => r.recordType === 'pnc_visit').map((r) => ({ id: r.id, version: r.version }));

  it("brings a facility's contact, its edit and its deletion for a mother of the commune, and nothing of another commune", async () => {
    // Born at the hospital H01: a mother of C01 (handed over to the worker's commune) and one of C02
    // (no postnatal worker there: her follow-up stays at the hospital, outside the worker's area).
    const ours = await recordBirth(midwife, { bornAt: daysAgo(4), communeId: C01 });
    const theirs = await recordBirth(midwife, { bornAt: daysAgo(4), communeId: C02 });
    const first = await pullFrom(worker, undefined);
    expect(visitsOf(first.records)).toEqual([]);

    const at = new Date(now - 86_400_000).toISOString();
    const recorded = await Promise.all(
      [ours, theirs].map(async (b) => {
        const res = await midwife.post('/api/pnc/visits', wellVisit(b, 'c2', at));
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ visitId: string }>().visitId;
      }),
    );
    const [v1, v2] = recorded as [string, string];
    // The midwife's own pull has both (both births are at her facility): the log holds both visits.
    const hers = visitsOf((await pullFrom(midwife, undefined)).records).map((v) => v.id);
    expect(hers).toEqual(expect.arrayContaining([v1, v2]));

    const created = await pullFrom(worker, first.cursor);
    expect(visitsOf(created.records)).toEqual([{ id: v1, version: 1 }]);
    expect(created.removed).toEqual([]);

    const edit = wellVisit(ours, 'c2', at, { seenBy: 'BS. Lê Văn Tâm' });
    const { birthId: _b, contactCode: _c, ...values } = edit;
    const put = await midwife.put(`/api/pnc/visits/${v1}`, { ...values, version: 1 });
    expect(put.statusCode, put.body).toBe(200);
    const edited = await pullFrom(worker, created.cursor);
    expect(visitsOf(edited.records)).toEqual([{ id: v1, version: 2 }]);
    const flat = edited.records.find((r) => r.id === v1)!.flat;
    expect(flat.seenBy).toBe('BS. Lê Văn Tâm');

    // The other commune's visit deleted: the worker hears nothing of it (it never had it).
    for (const [id, version] of [
      [v1, 2],
      [v2, 1],
    ] as const) {
      const del = await midwife.delete(`/api/pnc/visits/${id}?version=${version}`);
      expect(del.statusCode, del.body).toBe(204);
    }
    const deleted = await pullFrom(worker, edited.cursor);
    expect(visitsOf(deleted.records)).toEqual([]);
    expect(deleted.removed).toEqual([v1]);
  });
});
