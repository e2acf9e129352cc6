import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { FollowUp, Worklist } from '../../../shared/pnc/pnc.schema';
import { DEFAULT_PNC_SETTINGS } from '../../../shared/pnc/pnc-settings';
import { orgUnitIdOf } from '../../seed/demo';
import { idSeries } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import {
  C01,
  dischargeInKmc,
  kmcVisit,
  PREVIOUS_RELEASE_CONTACTS,
  recordBirth,
} from '../pnc/pnc-test-helpers';
import { enqueueMotherReminders } from '../pnc/reminders/reminder-job';

// The KMC follow-up contacts count from the discharge in KMC (its local midnight in Đà Nẵng, UTC+7),
// not from the birth. Clock: 2026-03-10T08:00Z (15:00 local).
const newId = idSeries('a100');
/** Local midnight (Đà Nẵng) of a date, as the API writes instants. */
const midnight = (date: string) => new Date(`${date}T00:00:00+07:00`).toISOString();

describe('KMC follow-up contacts count from the discharge in KMC', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const commune = useLogin(t, 'pnc.hc1'); // the PNC worker of C01
  const start = new Date('2026-03-10T08:00:00Z');
  afterEach(() => t.clock.set(start));

  /** A baby of 1,800 g born on `bornOn`, in KMC from half an hour later, discharged in KMC on `dischargedOn`. */
  const dischargedInKmc = async (bornOn: string, dischargedOn: string) => {
    const birth = await recordBirth(midwife, {
      bornAt: `${bornOn}T10:00:00+07:00`,
      communeId: C01,
      gestationalAgeWeeks: 33,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1800 })],
    });
    const episodeId = await dischargeInKmc(midwife, {
      id: newId(),
      newbornId: birth.newborns[0]!.id,
      startedAt: `${bornOn}T10:30:00+07:00`,
      dischargedOn,
      weightGrams: 1850,
    });
    return { birth, newbornId: birth.newborns[0]!.id, episodeId };
  };
  /** The baby's KMC contacts on the commune's worklist, with their windows. */
  const worklistKmc = async (newbornId: string) => {
    const res = await commune.get(`/api/pnc/worklist?orgUnit=${C01}&limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<Worklist>()
      .items.filter((i) => i.newbornId === newbornId && /^k\d+$/.test(i.contactCode))
      .map((i) => ({ code: i.contactCode, section: i.section, dueFrom: i.dueFrom, expiresAt: i.expiresAt }));
  };
  /** The baby's KMC contacts on its follow-up page. */
  const pageKmc = async (birthId: string, newbornId: string) => {
    const res = await commune.get(`/api/pnc/births/${birthId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<FollowUp>()
      .subjects.find((s) => s.newbornId === newbornId)!
      .contacts.filter((c) => /^k\d+$/.test(c.code));
  };
  /** Due instants of the view pnc_contact_facts (the indicators' SQL), by contact. */
  const viewDue = async (newbornId: string) =>
    Object.fromEntries(
      (
        await t.db.query<{ contact_code: string; due_from: Date; expires_at: Date }>(
          `select contact_code, due_from, expires_at from pnc_contact_facts
            where subject_id = $1 and contact_code ~ '^k[0-9]+$'`,
          [newbornId],
        )
      ).map((r) => [r.contact_code, new Date(r.due_from).toISOString()]),
    );

  it('discharged on the day of birth: week 1 is due 7 days after the birth, which is also the discharge', async () => {
    const { birth, newbornId } = await dischargedInKmc('2026-03-08', '2026-03-08');
    expect(await worklistKmc(newbornId)).toEqual([
      { code: 'k1', section: 'upcoming', dueFrom: midnight('2026-03-15'), expiresAt: midnight('2026-03-22') },
    ]);
    const page = await pageKmc(birth.id, newbornId);
    expect(page.map((c) => c.code)).toEqual([
      'k1',
      'k2',
      'k3',
      'k4',
      'k5',
      'k6',
      'k7',
      'k8',
      'k9',
      'k10',
      'k11',
      'k12',
    ]);
    expect(page.at(-1)).toMatchObject({ dueFrom: midnight('2026-05-31'), expiresAt: midnight('2026-06-07') });
  });

  it('discharged on day 21: no week is lost on the ward; week 1 is due 7 days after the discharge', async () => {
    const { birth, newbornId } = await dischargedInKmc('2026-02-17', '2026-03-10');
    // Counted from the birth, weeks 1–2 would have expired and week 3 be due today.
    expect(await worklistKmc(newbornId)).toEqual([
      { code: 'k1', section: 'upcoming', dueFrom: midnight('2026-03-17'), expiresAt: midnight('2026-03-24') },
    ]);
    const page = await pageKmc(birth.id, newbornId);
    expect(page.map((c) => [c.code, c.status])).toEqual(
      ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11', 'k12'].map((k) => [k, 'upcoming']),
    );
    expect(page[1]).toMatchObject({ dueFrom: midnight('2026-03-24'), overdueAt: midnight('2026-03-27') });
    expect(page.at(-1)).toMatchObject({ expiresAt: midnight('2026-06-09') });
    // The view the indicators read counts from the same instant (generated from the same anchor).
    expect(await viewDue(newbornId)).toEqual(Object.fromEntries(page.map((c) => [c.code, c.dueFrom])));

    // The mother is reminded of week 1 the day before it is due, from the discharge.
    t.clock.set(new Date('2026-03-16T08:00:00Z'));
    await enqueueMotherReminders(t.db, t.clock.now());
    const reminders = await t.db.query<{ contact_code: string; due_from: Date }>(
      'select contact_code, due_from from pnc_reminders where birth_id = $1',
      [birth.id],
    );
    expect(reminders.map((r) => [r.contact_code, new Date(r.due_from).toISOString()])).toEqual([
      ['k1', midnight('2026-03-17')],
    ]);
  });

  it('a corrected discharge date moves the windows of the contacts not yet recorded; a recorded one keeps its record', async () => {
    const { birth, newbornId, episodeId } = await dischargedInKmc('2026-03-08', '2026-03-10');
    const visit = await commune.post('/api/pnc/visits', {
      id: newId(),
      ...kmcVisit(birth, 'k1', '2026-03-10T07:00:00Z'),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const before = await pageKmc(birth.id, newbornId);
    expect(before[0]).toMatchObject({ code: 'k1', status: 'done', dueFrom: midnight('2026-03-17') });
    expect(before[1]).toMatchObject({ code: 'k2', status: 'upcoming', dueFrom: midnight('2026-03-24') });

    // Any writer of the discharge (the trigger on kmc_episodes re-derives the follow-up).
    await t.db.query("update kmc_episodes set discharged_on = '2026-03-09' where id = $1", [episodeId]);
    const after = await pageKmc(birth.id, newbornId);
    expect(after[0]).toMatchObject({
      code: 'k1',
      status: 'done',
      dueFrom: midnight('2026-03-16'),
      recorded: { doneAt: '2026-03-10T07:00:00.000Z' },
    });
    expect(after[1]).toMatchObject({ code: 'k2', status: 'upcoming', dueFrom: midnight('2026-03-23') });
    expect((await viewDue(newbornId)).k2).toBe(midnight('2026-03-23'));
    // Week 1 is recorded: only week 2 onwards can come up on the worklist.
    expect((await worklistKmc(newbornId)).map((r) => r.code)).toEqual([]);
  });

  it('a baby in KMC follow-up who dies has no KMC contact left', async () => {
    const { birth, newbornId } = await dischargedInKmc('2026-03-08', '2026-03-08');
    expect((await worklistKmc(newbornId)).length).toBe(1);
    // Died at home: the referral outcome path is the PNC one; here, the record of the birth says so.
    await t.db.query("update newborns set discharge_status = 'died' where id = $1", [newbornId]);
    expect(await worklistKmc(newbornId)).toEqual([]);
    expect((await pageKmc(birth.id, newbornId)).every((c) => c.status === 'cancelled')).toBe(true);
  });

  it('upgrades a database of the previous release: open KMC follow-ups count from the discharge, records untouched', async () => {
    const { birth, newbornId } = await dischargedInKmc('2026-02-17', '2026-03-10');
    const visit = await commune.post('/api/pnc/visits', {
      id: newId(),
      ...kmcVisit(birth, 'k1', '2026-03-10T07:00:00Z'),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    // The previous release: no discharge on the follow-up, and a country schedule stored without anchors.
    const vn = orgUnitIdOf('VN');
    const stored = {
      ...DEFAULT_PNC_SETTINGS,
      contacts: PREVIOUS_RELEASE_CONTACTS.map(({ anchor: _a, ...c }) => c),
    };
    await t.db.query(
      `insert into country_settings (country_id, pnc, pnc_version, updated_at) values ($1, $2::jsonb, 1, now())
       on conflict (country_id) do update set pnc = excluded.pnc`,
      [vn, JSON.stringify(stored)],
    );
    await t.db.query('update pnc_subjects set kmc_day0 = null where id = $1', [newbornId]);
    const [recorded] = await t.db.query<{ row: string }>(
      'select row_to_json(c)::text as row from pnc_contacts c where subject_id = $1',
      [newbornId],
    );
    // Then the re-derivation of migration 0078 (its data statements).
    const migration = readFileSync(
      new URL('../../db/migrations/0078_kmc_follow_up_from_discharge.sql', import.meta.url),
      'utf8',
    );
    const updates = migration
      .split(/;\n/)
      .map((x) => x.replace(/^(--.*\n|\s*\n)*/g, '').trim())
      .filter((x) => x.startsWith('update '));
    expect(updates).toHaveLength(2);
    for (const u of updates) await t.db.query(u);

    const [settings] = await t.db.query<{ pnc: typeof DEFAULT_PNC_SETTINGS }>(
      'select pnc from country_settings where country_id = $1',
      [vn],
    );
    expect(settings!.pnc.contacts.map((c) => c.anchor ?? null)).toEqual(
      PREVIOUS_RELEASE_CONTACTS.map((c) => c.anchor ?? null),
    );
    const page = await pageKmc(birth.id, newbornId);
    expect(page.slice(0, 2)).toMatchObject([
      {
        code: 'k1',
        status: 'done',
        dueFrom: midnight('2026-03-17'),
        recorded: { doneAt: '2026-03-10T07:00:00.000Z' },
      },
      { code: 'k2', status: 'upcoming', dueFrom: midnight('2026-03-24') },
    ]);
    expect(
      (
        await t.db.query<{ row: string }>(
          'select row_to_json(c)::text as row from pnc_contacts c where subject_id = $1',
          [newbornId],
        )
      )[0],
    ).toEqual(recorded);
  });
});
