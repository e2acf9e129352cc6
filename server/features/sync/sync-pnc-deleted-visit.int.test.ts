import { describe, expect, it } from 'vitest';
import type { FollowUp, Worklist } from '../../../shared/pnc/pnc.schema';
import { newId } from '../../../shared/ids';
import { useLogin, useTestApp } from '../../test/test-app';
import { C01, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import { Device, pullPages, push, visitFlat } from './sync-test-helpers';

// The test clock stands at 2026-03-10T08:00Z (15:00 in Đà Nẵng).
const bornAt = '2026-03-08T10:00:00+07:00';

/**
 * A postnatal contact deleted (recorded in error) is due again: back on the worklist, and on the device of
 * the commune's worker who follows the mother up, through the next pull (migration 0138).
 */
describe('a deleted postnatal contact sends its follow-up again', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const worker = useLogin(t, 'pnc.hc1');

  /** The contact codes of the mother's rows on the commune's worklist. */
  const dueFor = async (birthId: string) => {
    const res = await worker.get(`/api/pnc/worklist?orgUnit=${C01}&limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<Worklist>()
      .items.filter((i) => i.birthId === birthId && i.kind === 'mother')
      .map((i) => i.contactCode);
  };
  /** What a pull from `cursor` sends of the birth: its follow-up's visits, and the ids removed. */
  const pulled = async (cursor: string, birthId: string) => {
    const { pages, cursor: next } = await pullPages(worker, cursor);
    const followUps = pages.flatMap((p) => p.followUps).filter((f) => f.birthId === birthId);
    return { followUps, removed: pages.flatMap((p) => p.removed), cursor: next };
  };

  it.each(['online', 'through a push'])(
    'deleted %s: due again on the worklist and the follow-up pulled with it',
    async (how) => {
      // The mother lives in commune C01, where the worker follows her up; the birth is at the hospital.
      const birth = await recordBirth(midwife, { bornAt, communeId: C01 });
      expect(await dueFor(birth.id)).toContain('c2');
      const id = newId();
      const device = new Device();
      const [created] = await push(midwife, [
        device.op(
          'create',
          id,
          0,
          visitFlat(wellVisit(birth, 'c2', '2026-03-10T09:00:00+07:00')),
          'pnc_visit',
        ),
      ]);
      expect(created).toMatchObject({ status: 'applied', version: 1 });
      expect(await dueFor(birth.id)).not.toContain('c2');
      const before = await pulled((await pullPages(worker)).cursor, birth.id);
      const contactOf = (f: FollowUp) => f.visits.map((v) => v.id);
      expect(before.followUps.map(contactOf).at(-1) ?? [id]).toEqual([id]);

      if (how === 'online')
        expect((await midwife.delete(`/api/pnc/visits/${id}?version=1`)).statusCode).toBe(204);
      else
        expect(await push(midwife, [device.op('delete', id, 1, {}, 'pnc_visit')])).toMatchObject([
          { status: 'applied', version: null },
        ]);

      expect(await dueFor(birth.id)).toContain('c2');
      const after = await pulled(before.cursor, birth.id);
      expect(after.removed).toContain(id);
      // The follow-up comes again, without the contact, as the worker reads it online.
      expect(after.followUps.length).toBeGreaterThanOrEqual(1);
      const online = (await worker.get(`/api/pnc/births/${birth.id}`)).json<FollowUp>();
      expect(after.followUps.at(-1)).toEqual(online);
      expect(contactOf(online)).toEqual([]);
    },
  );
});
