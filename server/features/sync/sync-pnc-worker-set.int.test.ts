import { describe, expect, it } from 'vitest';
import type { Birth, BirthInput } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import type { FollowUp, Worklist } from '../../../shared/pnc/pnc.schema';
import type { PulledRecord } from '../../../shared/sync/sync.schema';
import { addUserLike } from '../../test/api-helpers';
import { type TestClient, useLogin, useLogins, useTestApp } from '../../test/test-app';
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
        // The log's pass after the worklist may send a follow-up again (its floor, docs/offline.md): the same.
        if (followUps.has(f.birthId)) expect(f).toEqual(followUps.get(f.birthId));
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

describe("a commune postnatal worker's incremental pull: mothers handed over or back, and their edited records", () => {
  const t = useTestApp();
  const [midwife, worker, admin] = useLogins(t, 'midwife.dn', 'pnc.hc1', 'admin');

  /**
   * A device of a postnatal worker: the follow-ups and contacts it holds after applying each pull as the
   * web does (a removed birth takes its follow-up and contacts). A pass of the log may send a record again
   * (its floor is the server's oldest open transaction, docs/offline.md), so tests look at what is held
   * and at what each pull sent, not at how often.
   */
  class Device {
    followUps = new Map<string, FollowUp>();
    visits = new Map<string, PulledRecord>();
    private cursor: string | undefined;
    constructor(private readonly client: TestClient) {}
    async pull() {
      const pulled = await pullPages(this.client, this.cursor);
      this.cursor = pulled.cursor;
      const sent = {
        followUps: pulled.pages.flatMap((p) => p.followUps),
        births: pulled.pages.flatMap((p) => p.births),
        records: pulled.pages.flatMap((p) => p.records),
        removed: pulled.pages.flatMap((p) => p.removed),
      };
      for (const page of pulled.pages) {
        for (const f of page.followUps) this.followUps.set(f.birthId, f);
        for (const r of page.records) this.visits.set(r.id, r);
        for (const id of page.removed) {
          this.followUps.delete(id);
          this.visits.delete(id);
          for (const [vid, v] of this.visits) if (v.flat.birthId === id) this.visits.delete(vid);
        }
      }
      return sent;
    }
    held = () => [...this.followUps.keys()].sort();
  }

  /** The births of the online worklists of these org units, as `client` reads them. */
  async function onWorklist(client: TestClient, ...units: string[]) {
    const ids = new Set<string>();
    for (const unit of units) {
      const res = await client.get(`/api/pnc/worklist?orgUnit=${unit}&limit=200`);
      expect(res.statusCode, res.body).toBe(200);
      for (const i of res.json<Worklist>().items) ids.add(i.birthId);
    }
    return [...ids].sort();
  }
  /** The audited reads of a birth's follow-up by a user (GET /api/pnc/births/:id or a pull). */
  const readsOf = async (username: string, birthId: string) =>
    (
      await t.db.query<{ n: number }>(
        `select count(*)::int as n from audit_log where actor_username = $1 and action = 'read'
            and entity_type = 'birth' and entity_id = $2 and details ->> 'via' = 'pnc_follow_up'`,
        [username, birthId],
      )
    )[0]!.n;
  /** The midwife changes the mother's fields of a birth through the births API. */
  async function editMother(birthId: string, mother: Partial<BirthInput['mother']>) {
    const doc = (await midwife.get(`/api/births/${birthId}`)).json<Birth>();
    const input = birthToInput(doc);
    const res = await midwife.put(`/api/births/${birthId}`, {
      ...input,
      mother: { ...input.mother, ...mother },
      version: doc.version,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const count = (ids: string[], id: string) => ids.filter((x) => x === id).length;

  it('brings a mother handed over since the first pull as her follow-up, named as online and audited, and nothing of a commune without a worker', async () => {
    const device = new Device(worker);
    await device.pull();
    const ours = await recordBirth(midwife, { bornAt: daysAgo(2), communeId: C01, name: 'Mẹ Hòa' });
    const theirs = await recordBirth(midwife, { bornAt: daysAgo(2), communeId: C02 });
    expect(device.followUps.has(ours.id)).toBe(false);
    const before = await readsOf('pnc.hc1', ours.id);

    const sent = await device.pull();
    expect(device.held()).toEqual(await onWorklist(worker, C01));
    expect(device.held()).toContain(ours.id);
    const online = (await worker.get(`/api/pnc/births/${ours.id}`)).json<FollowUp>();
    expect(device.followUps.get(ours.id)!.motherName).toBe('Mẹ Hòa');
    expect(device.followUps.get(ours.id)).toEqual(online);
    expect(sent.births).toEqual([]);
    // Each follow-up the pull sent is an audited read, like the opening online.
    const times = count(
      sent.followUps.map((f) => f.birthId),
      ours.id,
    );
    expect(times).toBeGreaterThanOrEqual(1);
    expect(await readsOf('pnc.hc1', ours.id)).toBe(before + times + 1);
    // The mother of a commune without a postnatal worker stays at the hospital: nothing of her is sent.
    const mentions = [...sent.followUps.map((f) => f.birthId), ...sent.removed];
    expect(mentions).not.toContain(theirs.id);
    expect(await readsOf('pnc.hc1', theirs.id)).toBe(0);

    // A mother moved into the commune by an edit is handed over too, with the contact the hospital recorded.
    const moved = await recordBirth(midwife, { bornAt: daysAgo(4), communeId: C02, name: 'Mẹ Lan' });
    const visit = await midwife.post('/api/pnc/visits', wellVisit(moved, 'c2', daysAgo(1)));
    expect(visit.statusCode, visit.body).toBe(201);
    await device.pull();
    expect(device.followUps.has(moved.id)).toBe(false);
    expect(device.visits.size).toBe(0);
    await editMother(moved.id, { communeId: C01 });
    await device.pull();
    expect(device.held()).toEqual(await onWorklist(worker, C01));
    const handed = device.followUps.get(moved.id)!;
    expect([handed.motherName, handed.handover.reason]).toEqual(['Mẹ Lan', 'handed_over']);
    expect([...device.visits.keys()]).toEqual([visit.json<{ visitId: string }>().visitId]);

    // A commune that gains a postnatal worker (here: this one's scope widened) is handed its mothers.
    await t.db.query(
      "insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = 'pnc.hc1'",
      [C02],
    );
    await device.pull();
    expect(device.held()).toEqual(await onWorklist(worker, C01, C02));
    expect(device.followUps.get(theirs.id)?.motherName).not.toBeNull();
    await t.db.query(
      "delete from user_scopes where org_unit_id = $1 and user_id = (select id from users where username = 'pnc.hc1')",
      [C02],
    );
  });

  it('sends a mother handed back or moved out of the area as a removal, with her contacts', async () => {
    const leaving = await recordBirth(midwife, { bornAt: daysAgo(4), communeId: C01 });
    const staying = await recordBirth(midwife, { bornAt: daysAgo(2), communeId: C01 });
    const visit = await midwife.post('/api/pnc/visits', wellVisit(leaving, 'c2', daysAgo(1)));
    expect(visit.statusCode, visit.body).toBe(201);
    const { visitId } = visit.json<{ visitId: string }>();
    const device = new Device(worker);
    await device.pull();
    expect(device.held()).toEqual(expect.arrayContaining([leaving.id, staying.id]));
    expect(device.visits.has(visitId)).toBe(true);

    // The mother moves to a commune without a postnatal worker: her follow-up goes back to the hospital.
    await editMother(leaving.id, { communeId: C02 });
    const moved = await device.pull();
    expect(moved.removed).toContain(leaving.id);
    expect(moved.followUps.map((f) => f.birthId)).not.toContain(leaving.id);
    expect(device.held()).toEqual(await onWorklist(worker, C01));
    expect(device.held()).toContain(staying.id);
    expect(device.visits.has(visitId)).toBe(false);

    // The commune is switched off: every mother of it is handed back.
    const unit = (await admin.get(`/api/org-units/${C01}`)).json<{ version: number }>();
    const off = await admin.post(`/api/org-units/${C01}/active`, { version: unit.version, active: false });
    expect(off.statusCode, off.body).toBe(200);
    const handedBack = await device.pull();
    expect(handedBack.removed).toContain(staying.id);
    expect(device.held()).toEqual([]);
    const on = await admin.post(`/api/org-units/${C01}/active`, { version: unit.version + 1, active: true });
    expect(on.statusCode, on.body).toBe(200);
    await device.pull();
    expect(device.held()).toEqual(await onWorklist(worker, C01));
    expect(device.held()).toContain(staying.id);
  });

  it("brings an edit of a mother's name to her commune's worker and nothing to a worker of another commune", async () => {
    await addUserLike(t.db, { username: 'pnc.hc2', like: 'pnc.hc1', scopeId: C02 });
    const other = new Device(await t.login('pnc.hc2'));
    const mine = new Device(worker);
    const ours = await recordBirth(midwife, { bornAt: daysAgo(2), communeId: C01, name: 'Mẹ Cúc' });
    await Promise.all([mine.pull(), other.pull()]);
    expect(mine.followUps.get(ours.id)?.motherName).toBe('Mẹ Cúc');
    expect(other.followUps.has(ours.id)).toBe(false);

    await editMother(ours.id, { name: 'Mẹ Cúc Nguyễn', phone: '0905 123 456' });
    const edited = await mine.pull();
    expect(edited.followUps.map((f) => f.birthId)).toContain(ours.id);
    const f = mine.followUps.get(ours.id)!;
    expect([f.motherName, f.motherPhone]).toEqual(['Mẹ Cúc Nguyễn', '0905 123 456']);
    const elsewhere = await other.pull();
    const mentions = [
      ...elsewhere.followUps.map((x) => x.birthId),
      ...elsewhere.births.map((x) => x.id),
      ...elsewhere.records.map((x) => String(x.flat.birthId)),
      ...elsewhere.removed,
    ];
    expect(mentions).not.toContain(ours.id);
    expect(await readsOf('pnc.hc2', ours.id)).toBe(0);

    // A contact the hospital records for a mother the device holds refreshes her kept follow-up too.
    const older = await recordBirth(midwife, { bornAt: daysAgo(4), communeId: C01 });
    await mine.pull();
    const pending = (f: FollowUp | undefined) =>
      f?.subjects.find((x) => x.kind === 'mother')?.contacts.find((c) => c.code === 'c2')?.recorded ?? null;
    expect(pending(mine.followUps.get(older.id))).toBeNull();
    const visit = await midwife.post('/api/pnc/visits', wellVisit(older, 'c2', daysAgo(1)));
    expect(visit.statusCode, visit.body).toBe(201);
    await mine.pull();
    expect(pending(mine.followUps.get(older.id))?.visitId).toBe(visit.json<{ visitId: string }>().visitId);
    expect(mine.followUps.get(older.id)).toEqual(
      (await worker.get(`/api/pnc/births/${older.id}`)).json<FollowUp>(),
    );
  });
});
