import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal';
import { newId } from '../../../shared/ids';
import type { SyncOp } from '../../../shared/sync/sync.schema';
import { findSessionPrincipal, hashToken } from '../../http/sessions.repo';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { pushOperations } from './sync-push.service';
import { kmcLogId } from '../../../shared/sync/record-shapes';
import { recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import { Device, HC_H, kmcDayFlat, newBirthFlat, push, startKmcBaby, visitFlat } from './sync-test-helpers';

/**
 * A push applies the creates of a batch together (one statement per table) and every other operation one
 * by one. The answers, the records and the audit must be what applying each create alone gives: the same
 * batch is pushed both ways, on records of its own each time, and compared answer by answer.
 */
describe('sync push: creates applied together answer as each alone', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  const principalOf = async (c: TestClient): Promise<Principal> => {
    const token = decodeURIComponent(c.cookie!.slice('openeenc_session='.length));
    return (await findSessionPrincipal(t.db, hashToken(token), t.clock.now(), 60))!.principal;
  };
  const count = async (sql: string, params: unknown[]) =>
    Number((await t.db.query<{ n: string }>(sql, params))[0]!.n);

  /**
   * A batch of every kind of create, on fresh records: valid ones, one refused by the rules, one by the
   * schema, one outside the writer's scope, one naming an unknown commune, one of a record stored before
   * (merged), one edited later in the same batch, one sent twice, one whose op id was stored before.
   */
  async function scenario() {
    const device = new Device();
    const labels = new Map<string, string>();
    const fresh = (label: string, facility?: string) => {
      const b = newBirthFlat(facility);
      labels.set(b.id, label);
      labels.set(b.newbornId, `${label}.newborn`);
      return b;
    };
    const [a, b, c, d, e, f, g, h, p] = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'p'].map((l) =>
      fresh(l, l === 'd' ? HC_H : undefined),
    ) as [ReturnType<typeof fresh>, ...Array<ReturnType<typeof fresh>>];
    // Stored before the batch: record e (its create is then a merge) and the operation of p.
    const stored = device.op('create', p!.id, 0, p!.flat);
    await push(midwife, [new Device().op('create', e!.id, 0, e!.flat), stored]);
    const createA = device.op('create', a.id, 0, a.flat);
    const ops: SyncOp[] = [
      createA,
      device.op('create', b!.id, 0, { ...b!.flat, [`newborns.${b!.newbornId}.birthWeightGrams`]: 120 }),
      device.op('create', c!.id, 0, { ...c!.flat, 'mother.age': 'old' }),
      device.op('create', d!.id, 0, d!.flat),
      device.op('create', e!.id, 0, { ...e!.flat, 'mother.age': 41 }),
      device.op('create', f!.id, 0, f!.flat),
      device.op('update', f!.id, 1, { 'mother.age': 33 }),
      device.op('create', g!.id, 0, g!.flat),
      device.op('create', h!.id, 0, { ...h!.flat, 'mother.communeId': newId() }),
      createA,
      stored,
    ];
    return { ops, labels, ids: { a: a.id, e: e!.id, f: f!.id, g: g!.id } };
  }

  /** Answers with the scenario's ids replaced by their labels (two runs use different records). */
  const named = (results: unknown, labels: Map<string, string>) => {
    let s = JSON.stringify(results);
    for (const [id, label] of labels) s = s.replaceAll(id, label);
    return JSON.parse(s) as Array<Record<string, unknown>>;
  };
  const withoutOpIds = (rs: Array<Record<string, unknown>>) => rs.map(({ opId: _o, ...r }) => r);

  /** Two runs of a scenario, pushed grouped and each alone: the answers, equal both ways, by label. */
  async function bothWays<S extends { ops: SyncOp[]; labels: Map<string, string> }>(
    scenario: () => Promise<S>,
  ) {
    const principal = await principalOf(midwife);
    const together = await scenario();
    const alone = await scenario();
    const rTogether = await pushOperations(t.deps, principal, together.ops);
    const rAlone = await pushOperations(t.deps, principal, alone.ops, { together: false });
    const answers = withoutOpIds(named(rTogether, together.labels));
    expect(answers).toEqual(withoutOpIds(named(rAlone, alone.labels)));
    return { together, alone, answers };
  }

  it('gives every operation the answer, record and audit entry it gets when each create is applied alone', async () => {
    const { together, alone, answers } = await bothWays(scenario);
    // The answers themselves (not only their equality): the rules, the schema, the scope and the commune
    // refuse their own create and nothing else.
    expect(answers.map((r) => [r.status, r.version, r.conflicts, r.message])).toEqual([
      ['applied', 1, 0, null],
      ['rejected', null, 0, 'errors.validation'],
      ['rejected', null, 0, 'errors.validation'],
      ['rejected', null, 0, 'errors.outOfScope'],
      ['applied', 1, 2, null],
      ['applied', 1, 0, null],
      ['applied', 2, 0, null],
      ['applied', 1, 0, null],
      ['rejected', null, 0, 'errors.validation'],
      ['applied', 1, 0, null],
      ['applied', 1, 0, null],
    ]);
    expect(answers[1]!.issues).toEqual([
      { path: 'newborns.b.newborn.birthWeightGrams', message: expect.any(String) },
    ]);
    expect(answers[8]!.issues).toEqual([{ path: 'mother.communeId', message: 'births.communeNotFound' }]);
    for (const run of [together, alone]) {
      const { a, e, f, g } = run.ids;
      const births = await t.db.query<{ id: string; version: number; mother_age: number }>(
        'select id, version, mother_age from births where id = any($1::uuid[]) order by id',
        [[a, f, g]],
      );
      expect(births.map((b) => [run.labels.get(b.id), b.version]).sort()).toEqual([
        ['a', 1],
        ['f', 2],
        ['g', 1],
      ]);
      // Each created birth: one audit entry with its after-image, its change-log row, its postnatal subject.
      for (const id of [a, f, g]) {
        const audit = await t.db.query<{ after: { version: number; mother: { name: string } } }>(
          "select after from audit_log where entity_type = 'birth' and entity_id = $1 and action = 'create'",
          [id],
        );
        expect(audit.map((r) => [r.after.version, r.after.mother.name])).toEqual([[1, 'Trần Thị Mai']]);
        expect(
          await count('select count(*) as n from sync_changes where record_id = $1', [id]),
        ).toBeGreaterThan(0);
        expect(
          await count('select count(*) as n from pnc_subjects where birth_id = $1', [id]),
        ).toBeGreaterThan(0);
      }
      // The create of the stored record merged: the device's differing age is an inbox item.
      expect(
        await count("select count(*) as n from sync_conflicts where record_id = $1 and path = 'mother.age'", [
          e,
        ]),
      ).toBe(1);
    }
  });

  it('answers a replayed batch with its first answers and writes nothing more', async () => {
    const principal = await principalOf(midwife);
    const { ops } = await scenario();
    const first = await pushOperations(t.deps, principal, ops);
    const writes = async () =>
      [
        await count('select count(*) as n from audit_log', []),
        await count('select count(*) as n from births', []),
        await count('select count(*) as n from sync_changes', []),
        await count('select count(*) as n from sync_operations', []),
      ] as const;
    const before = await writes();
    expect(await pushOperations(t.deps, principal, ops)).toEqual(first);
    expect(await writes()).toEqual(before);
  });

  it('applies each create alone when the group fails as a whole (two creates naming the same newborn)', async () => {
    const principal = await principalOf(midwife);
    const batch = () => {
      const device = new Device();
      const one = newBirthFlat();
      const two = newBirthFlat();
      const labels = new Map([
        [one.id, 'one'],
        [two.id, 'two'],
        [one.newbornId, 'newborn'],
        [two.newbornId, 'newborn.two'],
      ]);
      // The second birth's newborn carries the first one's id: the newborns insert of the group fails.
      const flat = Object.fromEntries(
        Object.entries(two.flat).map(([k, v]) => [
          k.replace(two.newbornId, one.newbornId),
          v === two.newbornId ? one.newbornId : v,
        ]),
      );
      return {
        ops: [device.op('create', one.id, 0, one.flat), device.op('create', two.id, 0, flat)],
        labels,
      };
    };
    const together = batch();
    const alone = batch();
    const rTogether = named(await pushOperations(t.deps, principal, together.ops), together.labels);
    const rAlone = named(
      await pushOperations(t.deps, principal, alone.ops, { together: false }),
      alone.labels,
    );
    expect(withoutOpIds(rTogether)).toEqual(withoutOpIds(rAlone));
    expect(rTogether.map((r) => [r.status, r.code])).toEqual([
      ['applied', null],
      ['rejected', 'conflict'],
    ]);
  });

  describe('postnatal contacts and KMC days', () => {
    // The test clock stands at 2026-03-10T08:00Z (15:00 in Đà Nẵng).
    const bornAt = '2026-03-08T10:00:00+07:00';
    const at = '2026-03-10T09:00:00+07:00';

    /**
     * Creates of contacts and KMC days on fresh births: valid ones, a second contact of the same code for
     * the same birth (refused by the first, as alone), a contact before the birth (the rules), one with a
     * fever out of range (the schema), one stored before (merged), one edited later in the batch, one sent
     * twice; KMC days: two valid, a weight jump unconfirmed, a day before the birth, a day stored before.
     */
    async function scenario() {
      const labels = new Map<string, string>();
      const label = <T extends string>(id: T, name: string) => (labels.set(id, name), id);
      const births = [];
      for (const name of ['b1', 'b2', 'b3', 'b4', 'b5']) {
        const b = await recordBirth(midwife, { bornAt });
        label(b.id, name);
        label(b.newborns[0]!.id, `${name}.newborn`);
        births.push(b);
      }
      const [b1, b2, b3, b4, b5] = births as [(typeof births)[0], ...typeof births];
      const kmc = await startKmcBaby(midwife, bornAt);
      label(kmc.birth.id, 'kmc');
      label(kmc.newbornId, 'kmc.newborn');
      label(kmc.episodeId, 'episode');
      const kmc2 = await startKmcBaby(midwife, bornAt);
      label(kmc2.birth.id, 'kmc2');
      label(kmc2.newbornId, 'kmc2.newborn');
      label(kmc2.episodeId, 'episode2');
      const device = new Device();
      const visit = (name: string, flat: ReturnType<typeof visitFlat>) => {
        const id = label(newId(), name);
        return device.op('create', id, 0, flat, 'pnc_visit');
      };
      const day = (date: string, values: Record<string, unknown> = {}, episodeId = kmc.episodeId) =>
        device.op('create', kmcLogId(episodeId, date), 0, kmcDayFlat(episodeId, date, values), 'kmc_log');
      const v1 = visit('v1', visitFlat(wellVisit(b1, 'c2', at)));
      const stored = visit('v6', visitFlat(wellVisit(b4!, 'c2', at)));
      const storedDay = day('2026-03-08');
      await push(midwife, [
        { ...stored, opId: newId(), deviceId: newId() },
        { ...storedDay, opId: newId(), deviceId: newId() },
      ]);
      const edited = visit('v7', visitFlat(wellVisit(b5!, 'c2', at)));
      const fever = visitFlat(wellVisit(b3!, 'c2', at));
      fever[`newborns.${b3!.newborns[0]!.id}.temperatureC`] = 45;
      const ops: SyncOp[] = [
        v1,
        visit('v2', visitFlat(wellVisit(b2!, 'c2', at))),
        visit('v3', visitFlat(wellVisit(b1, 'c2', '2026-03-10T10:00:00+07:00'))),
        visit('v4', visitFlat(wellVisit(b2!, 'c2', '2026-03-07T09:00:00+07:00'))),
        visit('v5', fever),
        { ...stored, opId: newId(), patch: { ...stored.patch, place: 'facility' } },
        edited,
        device.op('update', edited.recordId, 1, { place: 'facility' }, 'pnc_visit'),
        v1,
        day('2026-03-09'),
        day('2026-03-10', { weightGrams: 2600 }),
        day('2026-03-07'),
        { ...storedDay, opId: newId(), patch: { ...storedDay.patch, sscHours: 20 } },
        day('2026-03-10', { sscHours: 18 }),
        day('2026-03-09', {}, kmc2.episodeId),
        day('2026-03-10', { sscHours: 16 }, kmc2.episodeId),
      ];
      return { ops, labels, episodeIds: [kmc.episodeId, kmc2.episodeId], birthIds: births.map((b) => b.id) };
    }

    /** What the batch wrote, named by label: visits, their contacts, KMC days, audit and change-log rows. */
    async function written(run: Awaited<ReturnType<typeof scenario>>) {
      const visits = await t.db.query<{ id: string; version: number; place: string }>(
        `select id, version, place from pnc_visits where birth_id = any($1::uuid[]) order by id`,
        [run.birthIds],
      );
      const days = await t.db.query<{
        e: number;
        log_date: string;
        ssc_hours: number;
        version: number;
        sync_id: string;
      }>(
        `select array_position($1::uuid[], episode_id) as e, log_date::text, ssc_hours, version,
                sync_id::text
           from kmc_daily_logs where episode_id = any($1::uuid[]) order by e, log_date`,
        [run.episodeIds],
      );
      const ids = visits.map((v) => v.id);
      const state = {
        visits: visits.map((v) => [run.labels.get(v.id), v.version, v.place]).sort(),
        contacts: await count('select count(*) as n from pnc_contacts where visit_id = any($1::uuid[])', [
          ids,
        ]),
        audit: await count(
          "select count(*) as n from audit_log where entity_type = 'pnc_visit' and entity_id::text = any($1::text[])",
          [ids],
        ),
        dayAudit: await count(
          "select count(*) as n from audit_log where entity_type = 'kmc_daily_log' and entity_id::text like any($1)",
          [run.episodeIds.map((e) => `${e}:%`)],
        ),
        changes: await count(
          'select count(*) as n from sync_changes where record_id::text = any($1::text[])',
          [ids],
        ),
        days: days.map((d) => [d.e, d.log_date, d.ssc_hours, d.version]),
      };
      // The transaction that created each visit or day: its first change-log row's (`pg_current_xact_id`,
      // the top transaction's: a row's xmin would name its savepoint's).
      const created = await t.db.query<{ id: string; tx: string }>(
        `select distinct on (record_id) record_id::text as id, tx::text as tx from sync_changes
          where record_id::text = any($1::text[]) order by record_id, seq`,
        [[...ids, ...days.map((d) => d.sync_id)]],
      );
      const txOf = (names: string[]) =>
        new Set(created.filter((c) => names.includes(run.labels.get(c.id)!)).map((c) => c.tx));
      // The second baby's two days follow each other in the batch: one group (the first baby's 10 March,
      // sent again, breaks the stretch before them).
      const grouped = days.filter((d) => d.e === 2);
      const txOfDay = new Map(created.map((c) => [c.id, c.tx]));
      return { state, txOf, dayTx: new Set(grouped.map((d) => txOfDay.get(d.sync_id))) };
    }

    it('gives every contact and day the answer, record and audit entry it gets when each is created alone, in one transaction per group', async () => {
      const { together, alone, answers } = await bothWays(scenario);
      expect(answers.map((r) => [r.status, r.version, r.conflicts, r.message])).toEqual([
        ['applied', 1, 0, null],
        ['applied', 1, 0, null],
        ['rejected', null, 0, 'errors.validation'],
        ['rejected', null, 0, 'errors.validation'],
        ['rejected', null, 0, 'errors.validation'],
        ['applied', 1, 1, null],
        ['applied', 1, 0, null],
        ['applied', 2, 0, null],
        ['applied', 1, 0, null],
        ['applied', 1, 0, null],
        ['rejected', null, 0, 'errors.validation'],
        ['rejected', null, 0, 'errors.validation'],
        ['applied', 1, 1, null],
        ['applied', 1, 0, null],
        ['applied', 1, 0, null],
        ['applied', 1, 0, null],
      ]);
      expect(
        answers.map((r) => (r.issues as Array<{ path: string; message: string }>).map((i) => i.message)),
      ).toEqual([
        [],
        [],
        ['pnc.contactAlreadyRecorded', 'pnc.contactAlreadyRecorded'],
        ['pnc.visitBeforeBirth', 'pnc.contactAlreadyRecorded', 'pnc.contactAlreadyRecorded'],
        ['pnc.newbornTemperatureRange'],
        ...[[], [], [], [], []],
        ['kmc.weightJump'],
        ['kmc.dayBeforeBirth'],
        ...[[], [], [], []],
      ]);
      expect(answers[4]!.issues).toEqual([
        { path: 'newborns.b3.newborn.temperatureC', message: expect.any(String) },
      ]);
      const wTogether = await written(together);
      const wAlone = await written(alone);
      expect(wTogether.state).toEqual(wAlone.state);
      expect(wTogether.state).toMatchObject({
        visits: [
          ['v1', 1, 'home'],
          ['v2', 1, 'home'],
          ['v6', 1, 'home'],
          ['v7', 2, 'facility'],
        ],
        contacts: 8,
        audit: 5,
        days: [
          [1, '2026-03-08', 12, 1],
          [1, '2026-03-09', 12, 1],
          [1, '2026-03-10', 18, 1],
          [2, '2026-03-09', 12, 1],
          [2, '2026-03-10', 16, 1],
        ],
      });
      // Grouped: the new contacts in one transaction, the new days in another; alone: one each (v1 was
      // sent twice: alone both ways).
      expect(wTogether.txOf(['v2', 'v7']).size).toBe(1);
      expect(wAlone.txOf(['v2', 'v7']).size).toBe(2);
      expect(wTogether.txOf(['v1', 'v2']).size).toBe(2);
      expect(wTogether.dayTx.size).toBe(1);
      expect(wAlone.dayTx.size).toBe(2);
    });

    it('answers a replayed batch with its first answers and writes nothing more', async () => {
      const principal = await principalOf(midwife);
      const { ops } = await scenario();
      const first = await pushOperations(t.deps, principal, ops);
      const writes = async () =>
        Promise.all(
          [
            'audit_log',
            'pnc_visits',
            'pnc_contacts',
            'kmc_daily_logs',
            'sync_changes',
            'sync_operations',
          ].map((table) => count(`select count(*) as n from ${table}`, [])),
        );
      const before = await writes();
      expect(await pushOperations(t.deps, principal, ops)).toEqual(first);
      expect(await writes()).toEqual(before);
    });
  });
});
