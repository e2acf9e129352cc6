import { localDate } from '../../../../shared/births/local-date';
import { DAY_MS } from '../../../../shared/pnc/pnc-schedule';
import { PNC_FOLLOW_UP_DAYS } from '../../../../shared/pnc/pnc-settings';
import { motherReminderText, workerReminderText } from '../../../../shared/pnc/reminder-text';
import type { Queryable } from '../../../db/db';
import { ContactAnchor } from '../../../../shared/pnc/contact-anchor';
import { sqlLiteral } from '../../../db/sql-literals';
import { contactAppliesSql } from '../../indicators/indicator-sources';
import { anchorSql } from '../../indicators/pnc-anchor.sql';
import { PNC_WORKER_ROLES } from '../pnc-worklist';
import { pncSettingsAt } from '../pnc-settings.service';
import {
  type ClaimedReminder,
  deliverOutbox,
  type ReminderJobDeps,
  type ReminderProgramme,
  type ResolvedReminder,
  runOutbox,
} from '../../follow-up/reminder-outbox';

export type { ReminderJobDeps };

/**
 * The postnatal programme of the reminder outbox (server/features/follow-up/reminder-outbox.ts): which
 * mothers' reminders and workers' digests to enqueue, and who a claimed message goes to.
 */

/**
 * Births whose reminded contacts (entries with `remind`) may fall due within the lead time after `$1`
 * (plus `$2` hours), with their subjects and the contact's due time. For contacts counted from the
 * birth, births are found by `birth_date` (index), one narrow range per contact definition; subjects by
 * primary key. For contacts counted from the discharge in KMC, the babies by that discharge
 * (`kmc_day0`, partial index).
 */
const DUE_CONTACTS = `
with cfg as materialized (
  select c.id as country_id, s ->> 'defaultLanguage' as default_language, (s ->> 'reminderLeadHours')::int as lead_h
    from org_units c cross join lateral pnc_settings_of(c.id) as s where c.kind = 'country'
), e as materialized (
  select e.*, cfg.default_language, cfg.lead_h from pnc_schedule_entries e join cfg using (country_id) where e.remind
), b as materialized (
  select e.country_id, e.code, e.number, e.stage, e.for_mother, e.for_newborn, e.only_for_markers, e.anchor,
         e.due_from_day0, e.due_from_h, e.default_language, e.lead_h, b.id as birth_id
    from e
    join births b
      on b.birth_date between ($1::timestamptz - make_interval(hours => e.due_from_h + 48))::date
                          and ($1::timestamptz + make_interval(hours => e.lead_h + $2::int - e.due_from_h + 48))::date
   where e.anchor = ${sqlLiteral(ContactAnchor.birth)}
), s as (
  select b.*, s.id as subject_id, s.kind, s.commune_id, s.assigned_unit_id, s.country_id as s_country, s.live_born,
         s.alive, s.deceased,
         s.risk_markers, s.danger_found, s.done_codes, s.pair_danger, s.day0, s.born_at, s.kmc_day0
    from b join pnc_subjects s on s.id = b.birth_id
  union all
  select b.*, s.id, s.kind, s.commune_id, s.assigned_unit_id, s.country_id, s.live_born, s.alive, s.deceased,
         s.risk_markers,
         s.danger_found, s.done_codes, s.pair_danger, s.day0, s.born_at, s.kmc_day0
    from b join newborns n on n.birth_id = b.birth_id join pnc_subjects s on s.id = n.id
  union all
  select e.country_id, e.code, e.number, e.stage, e.for_mother, e.for_newborn, e.only_for_markers, e.anchor,
         e.due_from_day0, e.due_from_h, e.default_language, e.lead_h, s.birth_id,
         s.id, s.kind, s.commune_id, s.assigned_unit_id, s.country_id, s.live_born, s.alive, s.deceased, s.risk_markers,
         s.danger_found, s.done_codes, s.pair_danger, s.day0, s.born_at, s.kmc_day0
    from e
    join pnc_subjects s
      on s.kmc_day0 between $1::timestamptz - make_interval(hours => e.due_from_h + 48)
                        and $1::timestamptz + make_interval(hours => e.lead_h + $2::int - e.due_from_h + 48)
   where e.anchor = ${sqlLiteral(ContactAnchor.kmcDischarge)}
), due as (
  select s.*, ${anchorSql('s.anchor', 's.due_from_day0')} + s.due_from_h * interval '1 hour' as due_from
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

/** Who the message goes to and what it says, from the records as they are now. */
async function resolve(q: Queryable, r: ClaimedReminder, now: Date): Promise<ResolvedReminder> {
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
      count: Number(r.payload.count ?? 0),
      risky: Number(r.payload.risky ?? 0),
      dueDate: r.due_date!,
    });
    return { kind: 'send', to: w.phone, ...text };
  }
  const [b] = await q.query<{
    phone: string | null;
    facility_path: string;
    facility_name: string;
    timezone: string;
    birth_date: string;
    commune_id: string | null;
    commune_name: string | null;
    enabled: boolean | null;
    pending: boolean;
    reached: boolean | null;
  }>(
    `select b.mother_phone as phone, f.path as facility_path, f.name as facility_name, f.timezone, b.birth_date,
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
  const dueDate = localDate(new Date(r.due_from!), b.timezone);
  const text = motherReminderText(settings, r.language, {
    contactNumber: def?.number ?? null,
    // The baby's day of life the contact is due on (a KMC contact counts from the discharge, not the birth).
    contactDay: (Date.parse(dueDate) - Date.parse(b.birth_date)) / DAY_MS,
    dueDate,
    station: reached ? b.commune_name! : b.facility_name,
  });
  return { kind: 'send', to: b.phone, ...text };
}

/** Delivers claimed postnatal messages (the outbox's delivery, for this programme alone). */
export const deliverReminders = (deps: ReminderJobDeps, opts: { owner: string; limit?: number }) =>
  deliverOutbox(deps, opts, [PNC_REMINDERS]);

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

/** The postnatal programme on the shared outbox: mothers' reminders, workers' digests, tidy counts. */
export const PNC_REMINDERS: ReminderProgramme = {
  id: 'pnc',
  enqueue: async (q, now) => ({
    mothers: await enqueueMotherReminders(q, now),
    workers: await enqueueWorkerReminders(q, now, PNC_WORKER_ROLES),
  }),
  resolve,
  tidy: purgeOldCounts,
};

/** One run of the job for postnatal reminders alone (`npm run pnc:reminders`, tests). */
export async function runReminderJob(
  deps: ReminderJobDeps,
  opts: { owner: string; batch?: number; maxBatches?: number },
) {
  const { enqueued, delivered } = await runOutbox(deps, opts, [PNC_REMINDERS]);
  return { enqueued: enqueued.pnc as { mothers: number; workers: number }, delivered };
}
