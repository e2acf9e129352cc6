import { localDate } from '../../../../shared/births/local-date';
import { PNC_FOLLOW_UP_DAYS } from '../../../../shared/pnc/pnc-settings';
import { motherReminderText, workerReminderText } from '../../../../shared/pnc/reminder-text';
import type { Config } from '../../../config';
import type { Queryable } from '../../../db/db';
import type { Clock } from '../../../lib/clock';
import { contactAppliesSql } from '../../indicators/indicator-sources';
import { PNC_WORKER_ROLES } from '../pnc-worklist';
import { pncSettingsAt } from '../pnc-settings.service';
import { type ReminderSender, SendError } from './senders';

/**
 * The reminder job: (1) enqueue — one outbox row per idempotency key, so running it twice, or on
 * several instances at once, adds nothing; (2) deliver — claim rows with a lease in one statement
 * (`for update skip locked`), send with the row's key, then mark the outcome. A crash after sending
 * leaves the row claimed; when the lease runs out it is sent again under the same key, which the
 * gateway (or the file sender) recognises. Nothing lives in process memory.
 */
export type ReminderJobDeps = {
  db: Queryable;
  clock: Clock;
  sender: ReminderSender | null;
  config: Pick<Config, 'pncReminderMaxAttempts' | 'pncReminderLeaseSeconds'>;
};

/**
 * Births whose reminded contacts (entries with `remind`) may fall due within the lead time after `$1`
 * (plus `$2` hours), with
 * their subjects and the contact's due time. Births are found by `birth_date` (index), one narrow
 * range per contact definition; subjects by primary key.
 */
const DUE_CONTACTS = `
with cfg as materialized (
  select c.id as country_id, s ->> 'defaultLanguage' as default_language, (s ->> 'reminderLeadHours')::int as lead_h
    from org_units c cross join lateral pnc_settings_of(c.id) as s where c.kind = 'country'
), e as materialized (
  select e.*, cfg.default_language, cfg.lead_h from pnc_schedule_entries e join cfg using (country_id) where e.remind
), b as materialized (
  select e.country_id, e.code, e.number, e.stage, e.for_mother, e.for_newborn, e.only_for_markers, e.due_from_day0,
         e.due_from_h, e.default_language, e.lead_h, b.id as birth_id
    from e
    join births b
      on b.birth_date between ($1::timestamptz - make_interval(hours => e.due_from_h + 48))::date
                          and ($1::timestamptz + make_interval(hours => e.lead_h + $2::int - e.due_from_h + 48))::date
), s as (
  select b.*, s.id as subject_id, s.kind, s.commune_id, s.assigned_unit_id, s.country_id as s_country, s.live_born,
         s.alive, s.deceased,
         s.risk_markers, s.danger_found, s.done_codes, s.pair_danger, s.day0, s.born_at
    from b join pnc_subjects s on s.id = b.birth_id
  union all
  select b.*, s.id, s.kind, s.commune_id, s.assigned_unit_id, s.country_id, s.live_born, s.alive, s.deceased,
         s.risk_markers,
         s.danger_found, s.done_codes, s.pair_danger, s.day0, s.born_at
    from b join newborns n on n.birth_id = b.birth_id join pnc_subjects s on s.id = n.id
), due as (
  select s.*, (case when s.due_from_day0 then s.day0 else s.born_at end) + s.due_from_h * interval '1 hour' as due_from
    from s
   where s.s_country = s.country_id and s.live_born and s.alive and not s.deceased
     and not (s.code = any(s.done_codes))
     and ${contactAppliesSql({
       subject_kind: 's.kind',
       risk_markers: 's.risk_markers',
       danger_found: 's.danger_found',
       for_mother: 's.for_mother',
       for_newborn: 's.for_newborn',
       only_for_markers: 's.only_for_markers',
     })}
)`;

/** Enqueues mothers' reminders for contacts due within the country's lead time. Returns rows added. */
export async function enqueueMotherReminders(q: Queryable, now: Date): Promise<number> {
  const rows = await q.query(
    `${DUE_CONTACTS}
     insert into pnc_reminders (id, idempotency_key, recipient, birth_id, contact_code, due_from, language, send_after,
                                next_attempt_at, created_at, updated_at)
     select gen_random_uuid(), 'mother:' || d.birth_id || ':' || d.code, 'mother', d.birth_id, d.code, d.due_from,
            coalesce(p.language, d.default_language), $1, $1, $1, $1
       from (select distinct on (birth_id, code) * from due
              where due_from > $1 and due_from <= $1::timestamptz + make_interval(hours => lead_h)
              order by birth_id, code, due_from) d
       left join pnc_preferences p on p.birth_id = d.birth_id
      where p.reminders_enabled is distinct from false
     on conflict (idempotency_key) do nothing
     returning 1`,
    [now, 0],
  );
  return rows.length;
}

/**
 * Enqueues one digest per PNC worker and local due day, once that day is within the lead time: how
 * many contacts handed over to their communes fall due that day, and how many of them are risky.
 */
export async function enqueueWorkerReminders(
  q: Queryable,
  now: Date,
  roles: readonly string[],
): Promise<number> {
  const rows = await q.query(
    `${DUE_CONTACTS},
     target as (
       select d.*, cm.path as commune_path, cm.timezone,
              ((d.due_from at time zone cm.timezone)::date) as due_date
         from due d join org_units cm on cm.id = d.commune_id and cm.active
        where d.stage = 'commune' and d.assigned_unit_id = d.commune_id
          and (d.due_from at time zone cm.timezone)::date
              = (($1::timestamptz + make_interval(hours => d.lead_h)) at time zone cm.timezone)::date
     ), per_worker as (
       select distinct u.id as user_id, u.locale, t.due_date, t.due_from, t.subject_id, t.code,
              t.pair_danger or cardinality(t.risk_markers) > 0 as risky
         from target t
         join user_scopes us on us.org_unit_id = any(string_to_array(trim(both '/' from t.commune_path), '/')::uuid[])
         join users u on u.id = us.user_id and u.active and u.role = any($3::text[])
         left join pnc_worker_profiles wp on wp.user_id = u.id
        where wp.reminders_enabled is distinct from false
     ), digest as (
       select user_id, locale, due_date, min(due_from) as due_from, count(*)::int as n,
              (count(*) filter (where risky))::int as risky
         from per_worker group by user_id, locale, due_date
     )
     insert into pnc_reminders (id, idempotency_key, recipient, user_id, due_date, due_from, language, payload,
                                send_after, next_attempt_at, created_at, updated_at)
     select gen_random_uuid(), 'worker:' || user_id || ':' || due_date, 'worker', user_id, due_date, due_from, locale,
            json_build_object('count', n, 'risky', risky), $1, $1, $1, $1
       from digest
     on conflict (idempotency_key) do update set payload = excluded.payload, updated_at = excluded.updated_at
       where pnc_reminders.status = 'pending'
     returning 1`,
    [now, 24, roles],
  );
  return rows.length;
}

type ClaimedRow = {
  id: string;
  idempotency_key: string;
  recipient: 'mother' | 'worker';
  birth_id: string | null;
  contact_code: string | null;
  user_id: string | null;
  due_date: string | null;
  due_from: Date | null;
  language: string;
  payload: { count?: number; risky?: number };
  attempts: number;
};

/** Claims up to `limit` messages that are ready (or whose lease ran out), under a lease for `owner`. */
export async function claimReminders(
  q: Queryable,
  owner: string,
  now: Date,
  leaseSeconds: number,
  limit: number,
) {
  return q.query<ClaimedRow>(
    `update pnc_reminders r
        set status = 'sending', lease_owner = $1, lease_expires_at = $2::timestamptz + make_interval(secs => $3),
            attempts = r.attempts + 1, version = r.version + 1, updated_at = $2
      where r.id in (select id from pnc_reminders
                      where (status = 'pending' and next_attempt_at <= $2)
                         or (status = 'sending' and lease_expires_at <= $2)
                      order by next_attempt_at, id
                      limit $4
                      for update skip locked)
      returning r.id, r.idempotency_key, r.recipient, r.birth_id, r.contact_code, r.user_id, r.due_date, r.due_from,
                r.language, r.payload, r.attempts`,
    [owner, now, leaseSeconds, limit],
  );
}

/** Marks the outcome of a claimed message, only if this owner still holds it. */
async function finish(
  q: Queryable,
  id: string,
  owner: string,
  now: Date,
  f: {
    status: 'sent' | 'pending' | 'failed' | 'cancelled' | 'skipped';
    error?: string | null;
    providerId?: string | null;
    body?: string | null;
    retryAt?: Date;
  },
) {
  await q.query(
    `update pnc_reminders
        set status = $4, last_error = $5, provider_message_id = coalesce($6, provider_message_id),
            body = coalesce($7, body), sent_at = case when $4 = 'sent' then $3::timestamptz else sent_at end,
            next_attempt_at = coalesce($8, next_attempt_at), lease_owner = null, lease_expires_at = null,
            version = version + 1, updated_at = $3
      where id = $1 and lease_owner = $2 and status = 'sending'`,
    [id, owner, now, f.status, f.error ?? null, f.providerId ?? null, f.body ?? null, f.retryAt ?? null],
  );
}

type Resolved =
  | { kind: 'send'; to: string; body: string; language: string }
  | { kind: 'cancelled' | 'skipped'; reason: string };

/** Who the message goes to and what it says, from the records as they are now. */
async function resolve(q: Queryable, r: ClaimedRow, now: Date): Promise<Resolved> {
  if (r.recipient === 'worker') {
    const [w] = await q.query<{ active: boolean; phone: string | null; enabled: boolean | null }>(
      `select u.active, wp.phone, wp.reminders_enabled as enabled
         from users u left join pnc_worker_profiles wp on wp.user_id = u.id where u.id = $1`,
      [r.user_id],
    );
    if (!w?.active || w.enabled === false)
      return { kind: 'cancelled', reason: 'worker inactive or opted out' };
    if (!w.phone) return { kind: 'skipped', reason: 'no phone in the worker profile' };
    const [c] = await q.query<{ path: string }>(
      `select o.path from user_scopes us join org_units o on o.id = us.org_unit_id where us.user_id = $1 limit 1`,
      [r.user_id],
    );
    const settings = await pncSettingsAt(q, c?.path ?? '/');
    const text = workerReminderText(settings, r.language, {
      count: r.payload.count ?? 0,
      risky: r.payload.risky ?? 0,
      dueDate: r.due_date!,
    });
    return { kind: 'send', to: w.phone, ...text };
  }
  const [b] = await q.query<{
    phone: string | null;
    facility_path: string;
    facility_name: string;
    timezone: string;
    commune_id: string | null;
    commune_name: string | null;
    enabled: boolean | null;
    pending: boolean;
    reached: boolean | null;
  }>(
    `select b.mother_phone as phone, f.path as facility_path, f.name as facility_name, f.timezone,
            b.mother_commune_id as commune_id, c.name as commune_name, p.reminders_enabled as enabled,
            (select m.assigned_unit_id = m.commune_id from pnc_subjects m where m.id = b.id) as reached,
            exists (select 1 from pnc_contact_facts x
                     where x.subject_id = any(array(select b.id union all select n.id from newborns n where n.birth_id = b.id))
                       and x.contact_code = $2 and x.done_at is null and not x.cancelled and x.expires_at > $3) as pending
       from births b join org_units f on f.id = b.facility_id left join org_units c on c.id = b.mother_commune_id
       left join pnc_preferences p on p.birth_id = b.id
      where b.id = $1`,
    [r.birth_id, r.contact_code, now],
  );
  if (!b || !b.pending) return { kind: 'cancelled', reason: 'contact done, cancelled or expired' };
  if (b.enabled === false) return { kind: 'cancelled', reason: 'mother opted out' };
  if (!b.phone) return { kind: 'skipped', reason: 'no phone recorded' };
  const settings = await pncSettingsAt(q, b.facility_path);
  const def = settings.contacts.find((c) => c.code === r.contact_code);
  const reached = b.reached === true;
  const text = motherReminderText(settings, r.language, {
    contactNumber: def?.number ?? null,
    contactDay: def
      ? Math.floor((def.dueFrom.unit === 'days' ? def.dueFrom.value * 24 : def.dueFrom.value) / 24)
      : 0,
    dueDate: localDate(new Date(r.due_from!), b.timezone),
    station: reached ? b.commune_name! : b.facility_name,
  });
  return { kind: 'send', to: b.phone, ...text };
}

export type DeliveryStats = {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  skipped: number;
};

/** Retry after 1, 2, 4, 8… minutes (at most a day). */
export const backoffMs = (attempts: number) => Math.min(2 ** Math.max(attempts - 1, 0) * 60_000, 86_400_000);

/**
 * Delivers claimed messages one by one. A `SendError` is an outcome (retry later or failed); any other
 * error is a crash: it propagates and leaves the message claimed until its lease runs out.
 */
export async function deliverReminders(
  deps: ReminderJobDeps,
  opts: { owner: string; limit?: number },
): Promise<DeliveryStats> {
  const stats: DeliveryStats = { sent: 0, retried: 0, failed: 0, cancelled: 0, skipped: 0 };
  if (!deps.sender) return stats;
  const now = deps.clock.now();
  const claimed = await claimReminders(
    deps.db,
    opts.owner,
    now,
    deps.config.pncReminderLeaseSeconds,
    opts.limit ?? 100,
  );
  for (const r of claimed) {
    if (r.attempts > deps.config.pncReminderMaxAttempts) {
      await finish(deps.db, r.id, opts.owner, now, { status: 'failed', error: 'too many attempts' });
      stats.failed += 1;
      continue;
    }
    const target = await resolve(deps.db, r, now);
    if (target.kind !== 'send') {
      await finish(deps.db, r.id, opts.owner, now, { status: target.kind, error: target.reason });
      stats[target.kind] += 1;
      continue;
    }
    try {
      const result = await deps.sender.send({
        idempotencyKey: r.idempotency_key,
        to: target.to,
        body: target.body,
        language: target.language,
      });
      await finish(deps.db, r.id, opts.owner, deps.clock.now(), {
        status: 'sent',
        providerId: result.providerMessageId,
        body: target.body,
      });
      stats.sent += 1;
    } catch (err) {
      if (!(err instanceof SendError)) throw err;
      const retry = err.retryable && r.attempts < deps.config.pncReminderMaxAttempts;
      await finish(deps.db, r.id, opts.owner, now, {
        status: retry ? 'pending' : 'failed',
        error: err.message,
        ...(retry ? { retryAt: new Date(now.getTime() + backoffMs(r.attempts)) } : {}),
      });
      stats[retry ? 'retried' : 'failed'] += 1;
    }
  }
  return stats;
}

/**
 * Worklist counts of births whose follow-up is long over are never read again: drop them (and the
 * zero rows that edits leave behind). Any instance may run this; it is idempotent.
 */
export async function purgeOldCounts(q: Queryable, now: Date): Promise<void> {
  await q.query(
    `delete from pnc_counts where n = 0 or day0 < $1::timestamptz - interval '${PNC_FOLLOW_UP_DAYS} days'`,
    [now],
  );
}

/** One run of the job: enqueue, deliver until nothing is ready (bounded), then tidy the counts. */
export async function runReminderJob(
  deps: ReminderJobDeps,
  opts: { owner: string; batch?: number; maxBatches?: number },
) {
  const now = deps.clock.now();
  const enqueued = {
    mothers: await enqueueMotherReminders(deps.db, now),
    workers: await enqueueWorkerReminders(deps.db, now, PNC_WORKER_ROLES),
  };
  const total: DeliveryStats = { sent: 0, retried: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const s = await deliverReminders(deps, { owner: opts.owner, limit: opts.batch ?? 100 });
    const handled = s.sent + s.retried + s.failed + s.cancelled + s.skipped;
    for (const k of Object.keys(total) as (keyof DeliveryStats)[]) total[k] += s[k];
    if (handled === 0) break;
  }
  await purgeOldCounts(deps.db, now);
  return { enqueued, delivered: total };
}

/**
 * Runs the job every `intervalSeconds` in this process (main.ts). Several instances may do so at once:
 * enqueueing is idempotent and claims are exclusive, so the only thing kept here is "a run is in
 * progress", to avoid overlapping runs in one process.
 */
export function startReminderLoop(
  deps: ReminderJobDeps,
  intervalSeconds: number,
  onError: (err: unknown) => void,
): () => void {
  if (intervalSeconds <= 0 || !deps.sender) return () => {};
  const owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runReminderJob(deps, { owner })
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
