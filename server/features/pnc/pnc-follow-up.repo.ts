import type { FollowUp } from '../../../shared/pnc/pnc.schema';
import type { Queryable } from '../../db/db';

/** The statements of the follow-up page: a mother's reminder preferences, reminders, a worker's profile. */

export type PreferencesRow = { language: string | null; reminders_enabled: boolean; version: number };
export type WorkerProfileRow = { phone: string | null; reminders_enabled: boolean; version: number };
export type ReminderRow = {
  recipient: 'mother' | 'worker';
  contact_code: string | null;
  status: FollowUp['reminders'][number]['status'];
  attempts: number;
  send_after: Date;
  sent_at: Date | null;
  last_error: string | null;
};

export async function findPreferences(q: Queryable, birthId: string): Promise<PreferencesRow | undefined> {
  const [row] = await q.query<PreferencesRow>(
    'select language, reminders_enabled, version from pnc_preferences where birth_id = $1',
    [birthId],
  );
  return row;
}

/** Inserts the preferences at version 1, or raises their version. */
export async function savePreferences(
  q: Queryable,
  p: { birthId: string; language: string | null; remindersEnabled: boolean; at: Date; userId: string },
): Promise<void> {
  await q.query(
    `insert into pnc_preferences (birth_id, language, reminders_enabled, version, created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3, 1, $4, $4, $5, $5)
     on conflict (birth_id) do update set language = excluded.language, reminders_enabled = excluded.reminders_enabled,
       version = pnc_preferences.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [p.birthId, p.language, p.remindersEnabled, p.at, p.userId],
  );
}

export function listRemindersOfBirth(q: Queryable, birthId: string): Promise<ReminderRow[]> {
  return q.query<ReminderRow>(
    `select recipient, contact_code, status, attempts, send_after, sent_at, last_error
       from pnc_reminders where birth_id = $1 order by send_after, recipient`,
    [birthId],
  );
}

export async function findWorkerProfile(
  q: Queryable,
  userId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<WorkerProfileRow | undefined> {
  const [row] = await q.query<WorkerProfileRow>(
    `select phone, reminders_enabled, version from pnc_worker_profiles where user_id = $1${opts.forUpdate ? ' for update' : ''}`,
    [userId],
  );
  return row;
}

/** Inserts the worker's profile at version 1, or raises its version. */
export async function saveWorkerProfile(
  q: Queryable,
  p: { userId: string; phone: string | null; remindersEnabled: boolean; at: Date },
): Promise<void> {
  await q.query(
    `insert into pnc_worker_profiles (user_id, phone, reminders_enabled, version, created_at, updated_at)
     values ($1, $2, $3, 1, $4, $4)
     on conflict (user_id) do update set phone = excluded.phone, reminders_enabled = excluded.reminders_enabled,
       version = pnc_worker_profiles.version + 1, updated_at = excluded.updated_at`,
    [p.userId, p.phone, p.remindersEnabled, p.at],
  );
}
