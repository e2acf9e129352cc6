import { describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { Worklist } from '../../../shared/pnc/pnc.schema';
import type { ScreeningClientDetail } from '../../../shared/screening/screening.schema';
import { idSeries } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { type ClaimedReminder, runOutbox } from '../follow-up/reminder-outbox';
import type { OutgoingMessage, ReminderSender } from '../follow-up/reminder-senders';
import { C01, H01 } from '../pnc/pnc-test-helpers';
import { SCREENING_REMINDERS } from './screening-reminders';
import { buildScreeningClient, buildScreeningEvent, NO_SCREENING_FINDINGS } from './screening-test-builders';

// Clock of the test app: 2026-03-10T08:00Z.
const newId = idSeries('a000');

const woman = (o: Record<string, unknown> = {}) =>
  buildScreeningClient({
    id: newId(),
    orgUnitId: C01,
    name: 'Hồ Thị Nga',
    birthYear: 1988,
    phone: '0905 333 444',
    hivStatus: 'negative',
    language: 'vi',
    ...o,
  });
const positiveHpv = () =>
  buildScreeningEvent({
    id: newId(),
    sampleBy: 'provider',
    takenOn: '2026-01-20',
    placeId: C01,
    result: 'positive',
    resultOn: '2026-02-01',
  });

class Phone implements ReminderSender {
  readonly name = 'phone';
  sent: OutgoingMessage[] = [];
  async send(m: OutgoingMessage) {
    this.sent.push(m);
    return { providerMessageId: m.idempotencyKey };
  }
}

describe('screening recall sweep and reminders on the follow-up outbox', () => {
  const t = useTestApp();
  const [worker, midwife] = useLogins(t, 'pnc.hc1', 'midwife.dn');

  const positiveUntreated = async (o: Record<string, unknown> = {}) => {
    const c = (await worker.post('/api/screening/clients', woman(o))).json<ScreeningClientDetail>();
    const res = await worker.post(`/api/screening/clients/${c.id}/events`, positiveHpv());
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ScreeningClientDetail>();
  };
  const rowsOf = async (table: string, id: string) =>
    (
      await t.db.query<{ n: number }>(`select count(*)::int as n from ${table} where client_id = $1`, [id])
    )[0]!.n;

  it('recalls a positive woman untreated 4 weeks after her result once, not every night', async () => {
    const c = await positiveUntreated();
    expect(c).toMatchObject({ step: 'treat', recallReason: 'positive_untreated', recalledOn: null });
    await SCREENING_REMINDERS.enqueue(t.db, t.clock.now());
    expect(await rowsOf('screening_recalls', c.id)).toBe(1);
    expect(await rowsOf('pnc_reminders', c.id)).toBe(1);
    // The next night (the app's clock stays, so the session does too).
    const second = await SCREENING_REMINDERS.enqueue(t.db, new Date(t.clock.now().getTime() + 86_400_000));
    expect(await rowsOf('screening_recalls', c.id)).toBe(1);
    expect(await rowsOf('pnc_reminders', c.id)).toBe(1);
    expect(second.recalled).toBe(0);
    const read = (await worker.get(`/api/screening/clients/${c.id}`)).json<ScreeningClientDetail>();
    expect(read.recalledOn).toBe('2026-03-01');
  });

  it('keeps consent: a woman who declined reminders is recalled on the list but gets no SMS', async () => {
    const c = await positiveUntreated({ remindersEnabled: false, name: 'Mai Thị Bé' });
    await SCREENING_REMINDERS.enqueue(t.db, t.clock.now());
    expect(await rowsOf('screening_recalls', c.id)).toBe(1);
    expect(await rowsOf('pnc_reminders', c.id)).toBe(0);
  });

  it('sends the recall through the shared outbox in her language, without name or result', async () => {
    const c = await positiveUntreated({ name: 'Cao Thị Xuân', phone: '0905 999 000' });
    const phone = new Phone();
    await runOutbox({ db: t.db, clock: t.clock, sender: phone, config: t.deps.config }, { owner: 'test' }, [
      SCREENING_REMINDERS,
    ]);
    const mine = phone.sent.filter((m) => m.to === '0905 999 000');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.language).toBe('vi');
    expect(mine[0]!.body).toContain('mời chị quay lại');
    expect(mine[0]!.body).not.toMatch(/Xuân|dương tính|HPV/);
    const [row] = await t.db.query<{ status: string; programme: string }>(
      'select status, programme from pnc_reminders where client_id = $1',
      [c.id],
    );
    expect(row).toEqual({ status: 'sent', programme: 'screening' });
  });

  it('sends a second reminder once, 14 days after a recall she has not answered, and none if she came', async () => {
    const night = (days: number) => new Date(t.clock.now().getTime() + days * 86_400_000);
    const keysOf = async (id: string) =>
      (
        await t.db.query<{ key: string }>(
          'select idempotency_key as key from pnc_reminders where client_id = $1',
          [id],
        )
      )
        .map((r) => r.key.split(':')[1])
        .sort();
    const stays = await positiveUntreated({ name: 'Lý Thị Hoa' });
    const comes = await positiveUntreated({ name: 'Đỗ Thị Thu' });
    const declined = await positiveUntreated({ name: 'Vũ Thị Yến', remindersEnabled: false });
    await SCREENING_REMINDERS.enqueue(t.db, night(0));
    expect(await keysOf(stays.id)).toEqual(['recall']);
    // Day 13: not yet. She who came is treated meanwhile.
    expect((await SCREENING_REMINDERS.enqueue(t.db, night(13))).secondReminders).toBe(0);
    const event = comes.events[0]!;
    const findings = Object.fromEntries(
      Object.keys(NO_SCREENING_FINDINGS).map((k) => [k, event[k as keyof typeof event]]),
    );
    const treated = await worker.put(`/api/screening/events/${event.id}`, {
      ...findings,
      version: event.version,
      treatment: 'thermal_ablation',
      treatedOn: '2026-03-10',
    });
    expect(treated.statusCode, treated.body).toBe(200);
    // Day 14: the second reminder of the recall that still stands; the next nights add nothing.
    await SCREENING_REMINDERS.enqueue(t.db, night(14));
    await SCREENING_REMINDERS.enqueue(t.db, night(15));
    await SCREENING_REMINDERS.enqueue(t.db, night(40));
    expect(await keysOf(stays.id)).toEqual(['recall', 'recall2']);
    expect(await keysOf(comes.id)).toEqual(['recall']);
    expect(await keysOf(declined.id)).toEqual([]);
    const [settled] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from screening_recalls where client_id = any($1::uuid[])
          and second_reminder_on = '2026-03-24'`,
      [[stays.id, comes.id, declined.id]],
    );
    expect(settled!.n).toBe(3);
    const [second] = await t.db.query<ClaimedReminder>(
      `select id, idempotency_key, programme, recipient, birth_id, contact_code, user_id, client_id,
              due_date::text, due_from, language, payload, attempts
         from pnc_reminders where client_id = $1 and idempotency_key like 'screening:recall2:%'`,
      [stays.id],
    );
    const answer = await SCREENING_REMINDERS.resolve(t.db, second!, night(14));
    expect(answer).toMatchObject({ kind: 'send', body: expect.stringContaining('nhắc lại') });
  });

  it('offers screening at the six-week postnatal contact to an eligible mother only', async () => {
    const birthAt = async (age: number) => {
      const raw = buildBirthRaw({
        facilityId: H01,
        mother: { recordNumber: `SCR-${age}`, age, communeId: C01, name: `Mẹ ${age}`, phone: '0905 000 777' },
        delivery: { bornAt: '2026-01-24T08:00:00+07:00', babyCount: 1 },
        newborns: [buildNewbornRaw()],
      });
      const res = await midwife.post('/api/births', raw);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const older = await birthAt(34);
    const younger = await birthAt(24);
    const list = (await worker.get(`/api/pnc/worklist?orgUnit=${C01}&limit=200`)).json<Worklist>();
    const sixWeeks = (birthId: string) =>
      list.items.find((i) => i.birthId === birthId && i.kind === 'mother' && i.contactNumber === 4);
    expect(sixWeeks(older)).toMatchObject({ screeningOffer: true });
    expect(sixWeeks(younger)).toMatchObject({ screeningOffer: false });
    expect(list.items.filter((i) => i.contactNumber !== 4).every((i) => !i.screeningOffer)).toBe(true);
  });
});
