import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../shared/pnc/pnc.schema';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { kmcLogId } from '../../../shared/sync/record-shapes';
import type { PullResponse, SyncConflict } from '../../../shared/sync/sync.schema';
import { newId } from '../../../shared/ids';
import { useLogin, useTestApp } from '../../test/test-app';
import { recordBirth, wellVisit } from '../pnc/pnc-test-helpers';
import {
  Device,
  kmcDayFlat as logDay,
  pullRecords,
  push,
  startKmcBaby,
  visitFlat,
} from './sync-test-helpers';

// The test clock stands at 2026-03-10T08:00Z (15:00 in Đà Nẵng).
const bornAt = '2026-03-08T10:00:00+07:00';

describe('sync of postnatal contacts and KMC log days (same push, pull, merge and inbox as births)', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const lead = useLogin(t, 'lead.dn');
  const nurse = useLogin(t, 'nurse.hc');
  const communeWorker = useLogin(t, 'pnc.hc1');

  const followUp = async (birthId: string) =>
    (await midwife.get(`/api/pnc/births/${birthId}`)).json<FollowUp>();
  const openItems = async (recordId: string) =>
    (await lead.get('/api/sync/conflicts'))
      .json<{ items: SyncConflict[] }>()
      .items.filter((i) => i.recordId === recordId);

  async function syncedVisit() {
    const birth = await recordBirth(midwife, { bornAt });
    const id = newId();
    const flat = visitFlat(wellVisit(birth, 'c2', '2026-03-10T09:00:00+07:00'));
    const op = new Device().op('create', id, 0, flat, 'pnc_visit');
    const [r] = await push(midwife, [op]);
    expect(r).toMatchObject({ status: 'applied', version: 1, conflicts: 0 });
    return { birth, id, flat, op, newbornKey: `newborns.${birth.newborns[0]!.id}` };
  }

  it('records a postnatal contact once from a push, with its findings derived as the visit route does', async () => {
    const birth = await recordBirth(midwife, { bornAt });
    const id = newId();
    const flat = visitFlat(wellVisit(birth, 'c2', '2026-03-10T09:00:00+07:00'));
    // A feverish baby: the rules find a danger sign and open a referral case.
    flat[`newborns.${birth.newborns[0]!.id}.temperatureC`] = 38.6;
    const op = new Device().op('create', id, 0, flat, 'pnc_visit');
    const first = await push(midwife, [op]);
    expect(first[0]).toMatchObject({ status: 'applied', version: 1 });
    expect(await push(midwife, [op])).toEqual(first);
    expect((await followUp(birth.id)).visits.map((v) => v.id)).toEqual([id]);
    const contacts = await t.db.query<{ danger_signs: string[]; referral_status: string | null }>(
      "select danger_signs, referral_status from pnc_contacts where visit_id = $1 and kind = 'newborn'",
      [id],
    );
    expect(contacts).toEqual([{ danger_signs: ['fever'], referral_status: 'open' }]);
  });

  it('merges fields two devices changed on a visit, and puts one both changed in the same inbox', async () => {
    const { id, newbornKey } = await syncedVisit();
    const [a, b] = [new Device(), new Device()];
    const results = await push(midwife, [
      a.op('update', id, 1, { 'mother.pulseBpm': 90, [`${newbornKey}.weightGrams`]: 3200 }, 'pnc_visit'),
      b.op('update', id, 1, { 'mother.systolic': 124, [`${newbornKey}.weightGrams`]: 3260 }, 'pnc_visit'),
    ]);
    expect(results.map((r) => [r.status, r.version, r.conflicts])).toEqual([
      ['applied', 2, 0],
      ['applied', 3, 1],
    ]);
    const stored = await t.db.query<{ kind: string; observations: Record<string, unknown> }>(
      'select kind, observations from pnc_contacts where visit_id = $1 order by kind',
      [id],
    );
    expect(stored.map((s) => [s.kind, s.observations.pulseBpm ?? s.observations.weightGrams])).toEqual([
      ['mother', 90],
      ['newborn', 3200],
    ]);
    expect(stored[0]!.observations.systolic).toBe(124);
    const [item] = await openItems(id);
    expect(item).toMatchObject({
      recordType: 'pnc_visit',
      kind: 'field',
      path: `${newbornKey}.weightGrams`,
      baseValue: 3150,
      serverValue: 3200,
      deviceValue: 3260,
    });
    const res = await lead.post(`/api/sync/conflicts/${item!.id}/resolve`, { resolution: 'take_device' });
    // The lead of the hospital has no postnatal write right: the resolution is refused and the item stays.
    expect(res.statusCode).toBe(403);
    const took = await midwife.post(`/api/sync/conflicts/${item!.id}/resolve`, { resolution: 'take_device' });
    expect(took.json()).toMatchObject({ status: 'resolved', resolution: 'take_device' });
    const [newborn] = await t.db.query<{ w: number }>(
      "select (observations ->> 'weightGrams')::int as w from pnc_contacts where visit_id = $1 and kind = 'newborn'",
      [id],
    );
    expect(newborn!.w).toBe(3260);
  });

  it('refuses a visit value out of range with the field named by the baby id, and a change of its birth', async () => {
    const { id, newbornKey } = await syncedVisit();
    const d = new Device();
    const [hot, moved] = await push(midwife, [
      d.op('update', id, 1, { [`${newbornKey}.temperatureC`]: 45 }, 'pnc_visit'),
      d.op('update', id, 1, { birthId: newId() }, 'pnc_visit'),
    ]);
    expect(hot).toMatchObject({ status: 'rejected', code: 'validation_failed' });
    expect(hot!.issues.map((i) => i.path)).toEqual([`${newbornKey}.temperatureC`]);
    expect(moved).toMatchObject({ status: 'rejected', issues: [{ path: 'birthId' }] });
  });

  it('pulls the visits of the working set and of the change log, only in the reader scope', async () => {
    const { id, newbornKey } = await syncedVisit();
    const first = await pullRecords(midwife);
    expect(first.records.get(id)).toMatchObject({ recordType: 'pnc_visit', version: 1 });
    expect(first.records.get(id)!.flat[`${newbornKey}.weightGrams`]).toBe(3150);
    await push(midwife, [new Device().op('update', id, 1, { place: 'facility' }, 'pnc_visit')]);
    const next = await pullRecords(midwife, first.cursor);
    // The change, and nothing else new. On PostgreSQL the cursor's floor is the whole server's oldest
    // open transaction (docs/offline.md): while another test database holds one, records the first pull
    // had are sent again, at the version it had.
    const news = [...next.records.values()].filter((r) => first.records.get(r.id)?.version !== r.version);
    expect(news.map((r) => [r.id, r.version, r.flat.place])).toEqual([[id, 2, 'facility']]);
    expect((await pullRecords(nurse)).records.has(id)).toBe(false);
    await midwife.delete(`/api/pnc/visits/${id}?version=2`);
    // The removal is there (others may be sent again, as above).
    expect([...(await pullRecords(midwife, next.cursor)).removed]).toContain(id);
  });

  const babyInKmc = () => startKmcBaby(midwife, bornAt);

  it('logs a KMC day from a push; two devices logging the same day meet in the merge, not in a second day', async () => {
    const { newbornId, episodeId } = await babyInKmc();
    const id = kmcLogId(episodeId, '2026-03-09');
    const [a, b] = [new Device(), new Device()];
    const results = await push(midwife, [
      a.op('create', id, 0, logDay(episodeId, '2026-03-09', { sscHours: 14 }), 'kmc_log'),
      b.op(
        'create',
        id,
        0,
        logDay(episodeId, '2026-03-09', { sscHours: 16, lowestTemperatureC: 36.6 }),
        'kmc_log',
      ),
      a.op('update', id, 1, { feeding: 'mixed' }, 'kmc_log'),
    ]);
    expect(results.map((r) => [r.status, r.version, r.conflicts])).toEqual([
      ['applied', 1, 0],
      ['applied', 1, 1],
      ['applied', 2, 0],
    ]);
    const baby = (await midwife.get(`/api/kmc/babies/${newbornId}`)).json<KmcEpisode>();
    expect(baby.logs.map((l) => [l.date, l.sscHours, l.feeding, l.version])).toEqual([
      ['2026-03-09', 14, 'mixed', 2],
    ]);
    expect(await openItems(id)).toMatchObject([
      { recordType: 'kmc_log', path: 'sscHours', serverValue: 14, deviceValue: 16 },
    ]);
    const pulled = await pullRecords(midwife);
    expect(pulled.records.get(id)).toMatchObject({ recordType: 'kmc_log', version: 2 });
    expect(pulled.records.get(id)!.flat).toMatchObject({ episodeId, date: '2026-03-09', feeding: 'mixed' });
  });

  it('refuses a KMC weight jump until confirmed, and a deletion of a day', async () => {
    const { episodeId } = await babyInKmc();
    const id = kmcLogId(episodeId, '2026-03-09');
    const d = new Device();
    const [jump] = await push(midwife, [
      d.op('create', id, 0, logDay(episodeId, '2026-03-09', { weightGrams: 2600 }), 'kmc_log'),
    ]);
    expect(jump).toMatchObject({ status: 'rejected', issues: [{ path: 'weightGrams' }] });
    const [confirmed, removed] = await push(midwife, [
      d.op(
        'create',
        id,
        0,
        logDay(episodeId, '2026-03-09', { weightGrams: 2600, confirmWeightJump: true }),
        'kmc_log',
      ),
      d.op('delete', id, 1, {}, 'kmc_log'),
    ]);
    expect(confirmed).toMatchObject({ status: 'applied', version: 1 });
    expect(removed).toMatchObject({
      status: 'rejected',
      code: 'validation_failed',
      issues: [{ path: 'kind' }],
    });
  });
  it("sends the contacts a commune's postnatal worker recorded offline (pnc.write, no birth register rights), and refuses a birth from them", async () => {
    // The mother lives in commune VN-DN-HC-C01, the worker's area; the birth is at the hospital.
    const birth = await recordBirth(midwife, { bornAt });
    const id = newId();
    const device = new Device();
    const visit = device.op(
      'create',
      id,
      0,
      visitFlat(wellVisit(birth, 'c2', '2026-03-10T09:00:00+07:00')),
      'pnc_visit',
    );
    const aBirth = device.op('create', newId(), 0, { facilityId: birth.facilityId as string }, 'birth');
    const [sent, refused] = await push(communeWorker, [visit, aBirth]);
    expect(sent).toMatchObject({ status: 'applied', version: 1, conflicts: 0 });
    expect(refused).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect((await followUp(birth.id)).visits.map((v) => v.id)).toEqual([id]);
    // Pull answers (no birth documents: the worker may not read the register) and the inbox is open.
    const pulled = await communeWorker.get('/api/sync/pull?limit=50');
    expect(pulled.statusCode).toBe(200);
    expect(pulled.json<PullResponse>().births).toEqual([]);
    expect((await communeWorker.get('/api/sync/conflicts')).statusCode).toBe(200);
  });

  it('refuses push, pull and the inbox to a role that may sync no record type (a partner viewer)', async () => {
    const partner = await t.login('partner.who');
    const op = new Device().op('create', newId(), 0, {}, 'birth');
    expect((await partner.post('/api/sync/push', { ops: [op] })).statusCode).toBe(403);
    expect((await partner.get('/api/sync/pull')).statusCode).toBe(403);
    expect((await partner.get('/api/sync/conflicts')).statusCode).toBe(403);
  });
});
