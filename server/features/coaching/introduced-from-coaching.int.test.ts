import { describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../../shared/births/birth-builders';
import type { FacilityAssessments } from '../../../shared/assessments/assessment.schema';
import type { Course } from '../../../shared/coaching/coaching.schema';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { newId } from '../../../shared/ids';
import { addUserLike } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { DN, HC_H as HC, LC, VN } from '../../test/demo-units';

/**
 * The ladder's "introduced" from the first completed coaching (migration 0086, docs/coaching.md): a
 * country setting, off by default. Liên Chiểu (VN-DN-LC-H) has no recorded date and no demo course; Hải
 * Châu (VN-DN-HC-H) recorded 2016-05-01. The births-in-EENC-facilities counts must follow at the next
 * query, through the rollups (whole months of 2025) and the province above.
 */

describe('EENC "introduced" from the first completed coaching', () => {
  const t = useTestApp();
  const [coach, national] = useLogins(t, 'coach.dn', 'national.vn');
  const courses: Record<'atLc' | 'atHc', Course> = {} as never;

  async function setFromCoaching(on: boolean) {
    const { version, coverageYears } = (await national.get(`/api/coaching/settings/${VN}`)).json() as {
      version: number;
      coverageYears: number;
    };
    const res = await national.put(`/api/coaching/settings/${VN}`, {
      version,
      coverageYears,
      introducedFromCoaching: on,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ introducedFromCoaching: on });
  }
  async function ladderOf(facility: string) {
    const res = await national.get(`/api/assessments?facility=${facility}`);
    expect(res.statusCode, res.body).toBe(200);
    const { ladder } = res.json() as FacilityAssessments;
    return { on: ladder?.steps.find((s) => s.step === 'introduced')?.date, from: ladder?.introducedFrom };
  }
  /** Deliveries in EENC facilities in 2025 (numerator), read through the API as the dashboard does. */
  async function birthsInEenc(unit: string) {
    const res = await national.get(
      `/api/indicators/values?orgUnit=${unit}&period=2025&indicators=births_in_eenc_facilities`,
    );
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as ValuesResponse).indicators[0]!.numerator!;
  }
  async function deliveriesAt(facility: string, from: string) {
    const [row] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from births where facility_id = $1 and birth_date between $2 and '2025-12-31'`,
      [facility, from],
    );
    return row!.n;
  }
  let lcWorker = '';
  /** A midwife of Liên Chiểu's delivery room since 2020 (written directly: no demo lead is scoped there). */
  async function workerAt(facility: string) {
    if (lcWorker) return lcWorker;
    lcWorker = newId();
    await t.db.query(
      `insert into health_workers (id, country_id, name, cadre) values ($1, $2, 'LC midwife', 'midwife')`,
      [lcWorker, VN],
    );
    await t.db.query(
      `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from)
       values ($1, $2, $3, 'delivery_room', '2020-01-01')`,
      [newId(), lcWorker, facility],
    );
    return lcWorker;
  }
  /** A course at a venue ending on a day, with the worker as participant (not yet completed). */
  async function course(venueId: string, endsOn: string, workerId: string): Promise<Course> {
    const res = await coach.post('/api/coaching/courses', {
      venueId,
      module: 'eenc_routine',
      startsOn: endsOn,
      endsOn,
      days: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as Course;
    const added = await coach.post(`/api/coaching/courses/${id}/participants`, { workerIds: [workerId] });
    expect(added.statusCode, added.body).toBe(200);
    return added.json() as Course;
  }
  async function setCompleted(c: Course, workerId: string, completed: boolean) {
    const current = (await coach.get(`/api/coaching/courses/${c.id}`)).json() as Course;
    const p = current.participantList.find((x) => x.worker.id === workerId)!;
    const res = await coach.put(`/api/coaching/courses/${c.id}/participants/${workerId}`, {
      version: p.version,
      daysAttended: completed ? 1 : 0,
      completed,
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('off (the default): a completed course changes nothing', async () => {
    // The test demo has no births: five at Liên Chiểu in 2025, around the course dates below.
    await addUserLike(t.db, { username: 'midwife.lc', like: 'midwife.dn', scopeId: LC });
    const midwife = await t.login('midwife.lc');
    for (const [i, day] of ['2025-02-10', '2025-06-29', '2025-07-15', '2025-09-20', '2025-12-30'].entries()) {
      const birth = buildBirthRaw({
        facilityId: LC,
        mother: { recordNumber: `LC-2025-${i}` },
        delivery: { bornAt: `${day}T10:00:00+07:00` },
      });
      const res = await midwife.post('/api/births', birth);
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await national.get(`/api/coaching/settings/${VN}`)).json()).toMatchObject({
      introducedFromCoaching: false,
    });
    const before = { lc: await birthsInEenc(LC), dn: await birthsInEenc(DN) };
    expect(before.lc).toBe(0);
    const worker = await workerAt(LC);
    const c = await course(LC, '2025-06-30', worker);
    courses.atLc = c;
    await setCompleted(c, worker, true);
    expect(await ladderOf(LC)).toEqual({ on: null, from: null });
    expect({ lc: await birthsInEenc(LC), dn: await birthsInEenc(DN) }).toEqual(before);
    await setCompleted(c, worker, false);
  });

  it('on: completing the first course moves the facility to "introduced" and the births follow', async () => {
    const dn = await birthsInEenc(DN);
    await setFromCoaching(true);
    // The course of the first test is no longer completed: nothing yet.
    expect(await ladderOf(LC)).toEqual({ on: null, from: null });
    const worker = await workerAt(LC);
    const c = courses.atLc;
    await setCompleted(c, worker, true);
    expect(await ladderOf(LC)).toEqual({ on: '2025-06-30', from: 'coaching' });
    const expected = await deliveriesAt(LC, '2025-06-30');
    expect(expected).toBeGreaterThan(0);
    expect(await birthsInEenc(LC)).toBe(expected);
    expect(await birthsInEenc(DN)).toBe(dn + expected);

    // Withdrawn: back to nothing.
    await setCompleted(c, worker, false);
    expect(await ladderOf(LC)).toEqual({ on: null, from: null });
    expect(await birthsInEenc(LC)).toBe(0);
    expect(await birthsInEenc(DN)).toBe(dn);
  });

  it("counts a course its worker completed elsewhere, from the posting on the course's last day", async () => {
    const worker = await workerAt(LC);
    const elsewhere = await course(HC, '2025-09-15', worker);
    courses.atHc = elsewhere;
    await setCompleted(elsewhere, worker, true);
    expect(await ladderOf(LC)).toEqual({ on: '2025-09-15', from: 'coaching' });
    expect(await birthsInEenc(LC)).toBe(await deliveriesAt(LC, '2025-09-15'));
    // Hải Châu recorded 2016-05-01: the earlier recorded date wins over its course.
    expect(await ladderOf(HC)).toEqual({ on: '2016-05-01', from: 'recorded' });

    // Posted at Liên Chiểu only from 2025-10-01 (a corrected start): the completion counts at no facility of hers.
    const [posting] = await t.db.query<{ id: string; active_from: string }>(
      `select id, active_from::text from health_worker_postings where worker_id = $1 and ended_on is null`,
      [worker],
    );
    await t.db.query(`update health_worker_postings set active_from = '2025-10-01' where id = $1`, [
      posting!.id,
    ]);
    expect(await ladderOf(LC)).toEqual({ on: null, from: null });
    expect(await birthsInEenc(LC)).toBe(0);
    await t.db.query(`update health_worker_postings set active_from = $2 where id = $1`, [
      posting!.id,
      posting!.active_from,
    ]);
    expect(await ladderOf(LC)).toEqual({ on: '2025-09-15', from: 'coaching' });
  });

  it('takes the earlier of the recorded date and the coaching, and follows a re-dated course', async () => {
    await t.db.query(`update org_units set eenc_introduced_on = '2025-11-01' where id = $1`, [LC]);
    expect(await ladderOf(LC)).toEqual({ on: '2025-09-15', from: 'coaching' });
    await t.db.query(`update org_units set eenc_introduced_on = '2025-03-01' where id = $1`, [LC]);
    expect(await ladderOf(LC)).toEqual({ on: '2025-03-01', from: 'recorded' });
    expect(await birthsInEenc(LC)).toBe(await deliveriesAt(LC, '2025-03-01'));
    await t.db.query(`update org_units set eenc_introduced_on = null where id = $1`, [LC]);
    await t.db.query(
      `update coaching_courses set ends_on = '2025-08-01', starts_on = '2025-08-01' where id = $1`,
      [courses.atHc.id],
    );
    expect(await ladderOf(LC)).toEqual({ on: '2025-08-01', from: 'coaching' });
    expect(await birthsInEenc(LC)).toBe(await deliveriesAt(LC, '2025-08-01'));
  });

  it('off again: back to the recorded date, and the counts equal a recount from the records', async () => {
    await setFromCoaching(false);
    expect(await ladderOf(LC)).toEqual({ on: null, from: null });
    expect(await birthsInEenc(LC)).toBe(0);
    await setFromCoaching(true);
    expect(await birthsInEenc(DN)).toBeGreaterThan(0);
    const kept = await birthsInEenc(DN);
    await t.db.query(
      "select indicator_refresh_facilities(array(select id from org_units where kind in ('facility', 'commune')))",
    );
    expect(await birthsInEenc(DN)).toBe(kept);
    const table = await t.db.query('select * from facility_eenc_status_current order by facility_id');
    await t.db.query('select facility_status_refresh(null)');
    expect(await t.db.query('select * from facility_eenc_status_current order by facility_id')).toEqual(
      table,
    );
  });
});
