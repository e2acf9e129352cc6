import { describe, expect, it } from 'vitest';
import type { FollowUp, Worklist } from '../../../shared/pnc/pnc.schema';
import type { PulledRecord, PullResponse } from '../../../shared/sync/sync.schema';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { C01, C02, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';

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
    let cursor: string | undefined;
    for (;;) {
      // Small pages, so that the worklist's births run over several.
      const res = await c.get(`/api/sync/pull?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      for (const f of page.followUps) {
        expect(followUps.has(f.birthId)).toBe(false);
        followUps.set(f.birthId, f);
      }
      records.push(...page.records);
      births.push(...page.births.map((b) => b.id));
      cursor = page.cursor;
      if (!page.hasMore) return { followUps, records, births };
    }
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
    expect(pulledVisits.map((r) => r.id)).toEqual(visits);
    expect(pulledVisits.every((r) => listed.has(String(r.flat.birthId)))).toBe(true);
  });

  it('leaves the hospital midwife’s working set as it was (her births are sent as documents, no follow-ups)', async () => {
    const pulled = await pullAll(midwife);
    expect(pulled.followUps.size).toBe(0);
    expect(pulled.births.length).toBeGreaterThan(0);
  });
});
