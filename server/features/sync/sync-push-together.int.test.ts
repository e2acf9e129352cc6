import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal';
import { newId } from '../../../shared/ids';
import type { SyncOp } from '../../../shared/sync/sync.schema';
import { findSessionPrincipal, hashToken } from '../../http/sessions.repo';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { pushOperations } from './sync-push.service';
import { Device, HC_H, newBirthFlat, push } from './sync-test-helpers';

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

  it('gives every operation the answer, record and audit entry it gets when each create is applied alone', async () => {
    const principal = await principalOf(midwife);
    const together = await scenario();
    const alone = await scenario();
    const rTogether = await pushOperations(t.deps, principal, together.ops);
    const rAlone = await pushOperations(t.deps, principal, alone.ops, { together: false });
    const answers = withoutOpIds(named(rTogether, together.labels));
    expect(answers).toEqual(withoutOpIds(named(rAlone, alone.labels)));
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
});
