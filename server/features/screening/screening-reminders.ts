import { hasOwnMessage, translate } from '../../../shared/i18n/messages';
import { formatReminderDate } from '../../../shared/pnc/reminder-text';
import { addDays } from '../../../shared/pnc/pnc-schedule';
import { DEFAULT_SCREENING_SETTINGS } from '../../../shared/screening/screening-settings';
import type { Queryable } from '../../db/db';
import type { ReminderProgramme } from '../follow-up/reminder-outbox';

/**
 * Cervical screening on the follow-up engine's reminder outbox (server/features/follow-up): the nightly
 * recall sweep and the due reminders are this programme's enqueue; the outbox claims, sends and retries
 * them exactly as postnatal reminders, with the same consent (a woman who opted out is not enqueued and
 * is cancelled at sending if she opts out meanwhile) and the same idempotency keys.
 */

/**
 * The language a client's messages go in when she has none: the country's PNC default language, read
 * once per country (`cfg`, joined on the country id, the third segment of the unit's path).
 */
const LANGUAGES = `cfg as materialized (
  select k.id::text as country_id, pnc_settings_of(k.id) ->> 'defaultLanguage' as lang
    from org_units k where k.kind = 'country')`;
const LANGUAGE = `coalesce(c.language, cfg.lang, 'vi')`;
const COUNTRY_JOIN = `left join cfg on cfg.country_id = split_part(o.path, '/', 3)`;

/**
 * Queues one SMS of `kind` per row of `recalls` (client_id, reason, basis) whose woman accepts reminders
 * and has a phone, at `$2`, under the key `screening:<kind>:<client>:<reason>:<basis>` (once per recall);
 * `standing` adds a condition on the recall row.
 */
const queueRecallSms = (kind: 'recall' | 'recall2', recalls: string, standing = '') =>
  `insert into pnc_reminders (id, idempotency_key, programme, recipient, client_id, language, payload,
                              send_after, next_attempt_at, created_at, updated_at)
   select gen_random_uuid(), 'screening:${kind}:' || a.client_id || ':' || a.reason || ':' || a.basis,
          'screening', 'client', a.client_id, ${LANGUAGE},
          json_build_object('kind', '${kind}', 'reason', a.reason, 'basis', a.basis), $2, $2, $2, $2
     from ${recalls} a join screening_clients c on c.id = a.client_id join org_units o on o.id = c.org_unit_id
     ${COUNTRY_JOIN}
    where ${standing}c.reminders_enabled and c.phone is not null
   on conflict (idempotency_key) do nothing
   returning 1`;

/**
 * Recalls every woman whose stored recall day has come, once per woman, reason and basis (the primary
 * key of `screening_recalls`: the next night adds nothing), and queues one SMS per new recall for those
 * who accept reminders. Returns how many were recalled and queued.
 */
export async function sweepRecalls(q: Queryable, now: Date, today: string) {
  const [row] = await q.query<{ recalled: number; queued: number }>(
    `with ${LANGUAGES}, added as (
       insert into screening_recalls (client_id, reason, basis, recall_on, rule_version, swept_on)
       select c.id, c.recall_reason, c.recall_basis, c.recall_on, c.rule_version, $1::date from screening_clients c
        where c.recall_on <= $1::date and (c.step <> 'screen' or c.ends_on > $1::date)
       on conflict do nothing
       returning client_id, reason, basis
     ), queued as (${queueRecallSms('recall', 'added')})
     select (select count(*) from added)::int as recalled, (select count(*) from queued)::int as queued`,
    [today, now],
  );
  return row!;
}

/**
 * The second reminder of a recall (once only): `secondReminderDays` after the sweep recorded it (a
 * country setting, 0 for none), if the recall still stands (she has not come: her stored recall is the
 * same reason and basis), queued under its own key for those who accept reminders. The recall row keeps
 * the day its second reminder's time came, so each recall is looked at once whatever the answer.
 */
export async function enqueueSecondReminders(q: Queryable, now: Date, today: string) {
  const rows = await q.query(
    `with ${LANGUAGES}, gap as (
       select k.id::text as country_id,
              coalesce((select (s.screening ->> 'secondReminderDays')::int from country_settings s
                         where s.country_id = k.id), $3::int) as days
         from org_units k where k.kind = 'country'
     ), settled as (
       update screening_recalls r set second_reminder_on = $1::date
         from screening_clients c join org_units o on o.id = c.org_unit_id
              left join gap on gap.country_id = split_part(o.path, '/', 3)
        where r.second_reminder_on is null and c.id = r.client_id
          and coalesce(gap.days, $3::int) > 0 and r.swept_on + coalesce(gap.days, $3::int) <= $1::date
       returning r.client_id, r.reason, r.basis,
                 c.recall_reason = r.reason and c.recall_basis = r.basis as standing
     )
     ${queueRecallSms('recall2', 'settled', 'a.standing and ')}`,
    [today, now, DEFAULT_SCREENING_SETTINGS.secondReminderDays],
  );
  return rows.length;
}

/** Queues a reminder for each woman whose next screen falls due within the lead time (once per due day). */
export async function enqueueDueReminders(q: Queryable, now: Date, today: string) {
  const rows = await q.query(
    `with ${LANGUAGES}
     insert into pnc_reminders (id, idempotency_key, programme, recipient, client_id, due_date, language, payload,
                                send_after, next_attempt_at, created_at, updated_at)
     select gen_random_uuid(), 'screening:due:' || c.id || ':' || c.due_on, 'screening', 'client', c.id, c.due_on,
            ${LANGUAGE}, json_build_object('kind', 'due'), $3, $3, $3, $3
       from screening_clients c join org_units o on o.id = c.org_unit_id ${COUNTRY_JOIN}
      where c.step = 'screen' and c.due_on > $1::date and c.due_on <= $2::date and c.due_on < c.ends_on
        and c.reminders_enabled and c.phone is not null
     on conflict (idempotency_key) do nothing
     returning 1`,
    [today, addDays(today, DEFAULT_SCREENING_SETTINGS.reminderLeadDays), now],
  );
  return rows.length;
}

type ClientNow = {
  phone: string | null;
  enabled: boolean;
  station: string;
  step: string;
  due_on: string | null;
  recall_reason: string | null;
  recall_basis: string | null;
};

export const SCREENING_REMINDERS: ReminderProgramme = {
  id: 'screening',
  enqueue: async (q, now) => {
    const today = now.toISOString().slice(0, 10);
    const { recalled, queued } = await sweepRecalls(q, now, today);
    return {
      recalled,
      recallMessages: queued,
      secondReminders: await enqueueSecondReminders(q, now, today),
      due: await enqueueDueReminders(q, now, today),
    };
  },
  resolve: async (q, r) => {
    const [c] = await q.query<ClientNow>(
      `select c.phone, c.reminders_enabled as enabled, o.name as station, c.step, c.due_on::text, c.recall_reason,
              c.recall_basis
         from screening_clients c join org_units o on o.id = c.org_unit_id where c.id = $1`,
      [r.client_id],
    );
    if (!c) return { kind: 'cancelled', reason: 'client removed' };
    if (!c.enabled) return { kind: 'cancelled', reason: 'client opted out' };
    if (!c.phone) return { kind: 'skipped', reason: 'no phone recorded' };
    const recall = r.payload.kind === 'recall' || r.payload.kind === 'recall2';
    // Still about what it was queued for: the same recall, or the same due day.
    const current = recall
      ? c.recall_reason === r.payload.reason && c.recall_basis === r.payload.basis
      : c.step === 'screen' && c.due_on === r.due_date;
    if (!current) return { kind: 'cancelled', reason: 'screened, treated or rescheduled since' };
    const key =
      r.payload.kind === 'recall2'
        ? 'screening.reminderRecallSecond'
        : recall
          ? 'screening.reminderRecall'
          : 'screening.reminderDue';
    const language = hasOwnMessage(r.language, key) ? r.language : 'en';
    const body = translate(language, key, {
      station: c.station,
      date: r.due_date ? formatReminderDate(r.due_date) : '',
    });
    return { kind: 'send', to: c.phone, body, language };
  },
};
