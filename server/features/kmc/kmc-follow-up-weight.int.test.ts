import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { isKmcWeekly } from '../../../shared/kmc/kmc-follow-up-weight';
import type { PncSettings } from '../../../shared/pnc/pnc-settings';
import { DEFAULT_PNC_SETTINGS, kmcFollowUpContacts } from '../../../shared/pnc/pnc-settings';
import { idSeries, issuePaths } from '../../test/api-helpers';
import { VN } from '../../test/demo-units';
import { type TestClient, useTestApp } from '../../test/test-app';
import { C01, dischargeInKmc, recordBirth, wellVisit } from '../pnc/pnc-test-helpers';

// Clock: 2026-03-10T08:00Z; the babies are born on 8 March and discharged in KMC on 10 March.
const bornAt = '2026-03-08T10:00:00+07:00';
const newId = idSeries('a142');
const DAY = 86_400_000;

/**
 * Issue 16, "weekly until 2,000 g as default": the KMC follow-up contacts of the odd weeks are for
 * babies under the country's weekly threshold (`kmc_follow_up_weekly`), by the last weight known to
 * the follow-up (the discharge weight, then the latest KMC follow-up contact's), kept by migration
 * 0142's triggers and the generated `kmc_follow_up_refresh`; the even weeks for every baby in KMC
 * follow-up. The worklist, the facts the indicators and reminders read (`pnc_contact_facts`) and the
 * TypeScript rule agree.
 */
describe('KMC follow-up: weekly under the threshold, fortnightly from it', () => {
  const t = useTestApp();
  // Logged in again in each test: the first moves the clock past the sessions.
  let midwife: TestClient;
  let national: TestClient;
  beforeEach(async () => {
    midwife = await t.login('midwife.dn');
    national = await t.login('national.vn');
  });

  const inFollowUp = async (dischargeGrams: number) => {
    const b = await recordBirth(midwife, {
      bornAt,
      communeId: C01,
      gestationalAgeWeeks: 33,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1700 })],
    });
    const nb = b.newborns[0]!.id;
    await dischargeInKmc(midwife, {
      id: newId(),
      newbornId: nb,
      startedAt: '2026-03-08T10:40:00+07:00',
      dischargedOn: '2026-03-10',
      weightGrams: dischargeGrams,
    });
    return { birth: b, nb };
  };
  /** What the database keeps and derives for the baby, and the KMC contacts the facts expect. */
  const state = async (nb: string) => {
    const [n] = await t.db.query<{ grams: number | null; weekly: boolean; markers: string[] }>(
      `select n.kmc_follow_up_grams as grams, n.kmc_follow_up_weekly as weekly, s.risk_markers as markers
         from newborns n join pnc_subjects s on s.id = n.id where n.id = $1`,
      [nb],
    );
    const facts = await t.db.query<{ code: string }>(
      `select contact_code as code from pnc_contact_facts
        where subject_id = $1 and contact_code ~ '^k[0-9]+$' order by length(contact_code), contact_code`,
      [nb],
    );
    return {
      grams: n!.grams,
      weekly: n!.weekly,
      weeklyMarker: n!.markers.includes('kmc_follow_up_weekly'),
      contacts: facts.map((f) => f.code),
    };
  };
  const ALL = kmcFollowUpContacts().map((c) => c.code);
  const EVEN = ALL.filter((_, i) => (i + 1) % 2 === 0);
  const settingsView = async () =>
    (await national.get(`/api/pnc/settings?orgUnit=${VN}`)).json<{
      version: number;
      settings: PncSettings;
    }>();

  it('follows the discharge weight, then each KMC contact’s weight; deleting the contact goes back', async () => {
    const light = await inFollowUp(1850);
    expect(await state(light.nb)).toEqual({ grams: 1850, weekly: true, weeklyMarker: true, contacts: ALL });
    const heavy = await inFollowUp(2000); // the threshold itself is no longer weekly
    expect(await state(heavy.nb)).toEqual({
      grams: 2000,
      weekly: false,
      weeklyMarker: false,
      contacts: EVEN,
    });

    // Week 1: the commune worker weighs the light baby at 2,050 g. From now on, fortnightly.
    t.clock.advance(7 * DAY);
    const worker = await t.login('pnc.hc1');
    const visit = wellVisit(light.birth, 'k1', '2026-03-17T09:00:00+07:00', { mother: undefined });
    visit.newborns![0] = { ...visit.newborns![0]!, weightGrams: 2050, kmcHoursYesterday: 16 };
    const v = await worker.post('/api/pnc/visits', visit);
    expect(v.statusCode, v.body).toBe(201);
    expect(await state(light.nb)).toEqual({
      grams: 2050,
      weekly: false,
      weeklyMarker: false,
      contacts: EVEN,
    });
    // The worklist the worker sees has no week-3 contact for it (the upcoming rows read the markers).
    const rows = await worker.get(`/api/pnc/worklist?orgUnit=${C01}&limit=200`);
    const items = rows.json<{ items: { newbornId: string | null; riskMarkers: string[] }[] }>().items;
    expect(
      items
        .filter((i) => i.newbornId === light.nb)
        .every((i) => !i.riskMarkers.includes('kmc_follow_up_weekly')),
    ).toBe(true);

    // The contact was a mistake (another baby weighed): deleted, the discharge weight counts again.
    const { visitId } = v.json<{ visitId: string }>();
    const del = await worker.delete(`/api/pnc/visits/${visitId}?version=1`);
    expect(del.statusCode, del.body).toBe(204);
    expect(await state(light.nb)).toEqual({ grams: 1850, weekly: true, weeklyMarker: true, contacts: ALL });
  });

  it('re-derives the country’s babies when it moves the threshold; a bad threshold is refused whole', async () => {
    const baby = await inFollowUp(2050);
    expect((await state(baby.nb)).weekly).toBe(false);
    const before = await settingsView();
    const bad = await national.put(`/api/pnc/settings/${VN}`, {
      version: before.version,
      settings: { ...before.settings, kmcWeeklyBelowGrams: 500, upcomingDays: 14 },
    });
    expect(bad.statusCode).toBe(400);
    expect(issuePaths(bad)).toEqual(['settings.kmcWeeklyBelowGrams']);
    expect(bad.body).toContain('từ 1.000 đến 4.000 g'); // the user's language (Vietnamese here)
    expect(await settingsView()).toEqual(before); // nothing written, not even the valid field
    const ok = await national.put(`/api/pnc/settings/${VN}`, {
      version: before.version,
      settings: { ...before.settings, kmcWeeklyBelowGrams: 2100 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await state(baby.nb)).toEqual({ grams: 2050, weekly: true, weeklyMarker: true, contacts: ALL });
    // Graduation clears both markers.
    const [e] = await t.db.query<{ id: string; version: number }>(
      'select id, version from kmc_episodes where newborn_id = $1',
      [baby.nb],
    );
    const grad = await midwife.post(`/api/kmc/episodes/${e!.id}/graduation`, {
      version: e!.version,
      graduatedOn: '2026-03-10',
      weightGrams: 2500,
    });
    expect(grad.statusCode, grad.body).toBe(200);
    expect(await state(baby.nb)).toMatchObject({ weeklyMarker: false, contacts: [] });
  });

  it('the SQL rule answers as isKmcWeekly at the threshold, either side and unknown', async () => {
    const cases: Array<[number | null, number]> = [
      [null, 2000],
      [1999, 2000],
      [2000, 2000],
      [2001, 2000],
      [1499, 1500],
      [1500, 1500],
    ];
    // The compiled rule, as kmc_follow_up_refresh applies it (its `w.grams - w.below`).
    const [{ fn }] = (await t.db.query<{ fn: string }>(
      "select pg_get_functiondef('kmc_follow_up_refresh(uuid[])'::regprocedure) as fn",
    )) as [{ fn: string }];
    const rule = /kmc_follow_up_weekly = (.*)\n/.exec(fn)![1]!;
    const rows = await t.db.query<{ weekly: boolean }>(
      `select ${rule} as weekly from unnest($1::int[], $2::int[]) with ordinality as w (grams, below, i) order by i`,
      [cases.map((c) => c[0]), cases.map((c) => c[1])],
    );
    expect(rows.map((r) => r.weekly)).toEqual(cases.map(([g, b]) => isKmcWeekly(g, b)));
    expect(cases.map(([g, b]) => isKmcWeekly(g, b))).toEqual([true, true, false, false, true, false]);
  });

  it('migration 0142 splits a stored schedule still at the old default; an edited one is kept', async () => {
    const statement = readFileSync(
      new URL('../../db/migrations/0142_kmc_follow_up_by_weight.sql', import.meta.url),
      'utf8',
    ).slice(-4500);
    const upgrade = statement.slice(statement.indexOf('update country_settings'));
    const OLD = kmcFollowUpContacts(undefined, 1); // weekly whatever the weight, the previous default
    const others = DEFAULT_PNC_SETTINGS.contacts.filter((c) => !/^k\d+$/.test(c.code));
    const edited = OLD.slice(0, 8).map((c) => ({ ...c, remind: false }));
    const store = (contacts: unknown) =>
      t.db.query(
        `insert into country_settings (country_id, eenc, pnc) values ($1, '{}', $2::jsonb)
         on conflict (country_id) do update set pnc = excluded.pnc`,
        [VN, JSON.stringify({ contacts })],
      );
    const stored = async () =>
      (
        await t.db.query<{ pnc: { contacts: Array<{ code: string; onlyForMarkers: string[] }> } }>(
          'select pnc from country_settings where country_id = $1',
          [VN],
        )
      )[0]!.pnc.contacts;

    await store([...others, ...OLD]);
    await t.db.query(upgrade);
    expect(await stored()).toEqual(JSON.parse(JSON.stringify([...others, ...kmcFollowUpContacts()])));

    await store([...others, ...edited]);
    await t.db.query(upgrade);
    expect(await stored()).toEqual(JSON.parse(JSON.stringify([...others, ...edited])));
  });
});
