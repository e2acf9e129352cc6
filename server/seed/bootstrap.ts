import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db';
import { writeAudit } from '../features/audit/audit.repo';
import { hashPassword } from '../features/auth/passwords';
import { uuidV5 } from '../lib/uuid-v5';

export const ROOT_REGION = { code: 'WPR', name: 'Western Pacific Region', timezone: 'Asia/Manila' } as const;
export const ROOT_REGION_ID = uuidV5('org-unit:WPR');
export const ADMIN_ID = uuidV5('user:admin');

export function randomPassword(): string {
  // 18 random bytes in base64url: 24 characters, ~144 bits, no ambiguous quoting in shells.
  return randomBytes(18).toString('base64url');
}

export type BootstrapResult = { created: false } | { created: true; password: string; generated: boolean };

/**
 * On an empty database: the region root and the first administrator `admin`. Its password comes from
 * OPENEENC_ADMIN_PASSWORD, or is random, printed once, and must be changed at first login.
 * There is no fixed default password.
 */
export async function bootstrapAdmin(
  db: Db,
  adminPassword: string | undefined,
  now: Date,
): Promise<BootstrapResult> {
  const [existing] = await db.query<{ n: number }>('select count(*) as n from users');
  if (Number(existing?.n) > 0) return { created: false };
  const generated = adminPassword === undefined;
  const password = adminPassword ?? randomPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into org_units (id, code, name, kind, level, parent_id, path, timezone, created_at, updated_at)
       values ($1, $2, $3, 'region', 1, null, $4, $5, $6, $6) on conflict do nothing`,
      [ROOT_REGION_ID, ROOT_REGION.code, ROOT_REGION.name, `/${ROOT_REGION_ID}/`, ROOT_REGION.timezone, now],
    );
    const [root] = await tx.query<{ id: string }>(
      "select id from org_units where kind = 'region' order by created_at limit 1",
    );
    await tx.query(
      `insert into users (id, username, display_name, role, locale, password_hash, must_change_password, created_at, updated_at)
       values ($1, 'admin', 'Administrator', 'system_admin', 'en', $2, $3, $4, $4)`,
      [ADMIN_ID, hash, generated, now],
    );
    await tx.query('insert into user_scopes (user_id, org_unit_id) values ($1, $2)', [ADMIN_ID, root!.id]);
    await writeAudit(tx, {
      actor: null,
      action: 'create',
      entityType: 'user',
      entityId: ADMIN_ID,
      orgUnitId: root!.id,
      details: { bootstrap: true },
    });
  });
  return { created: true, password, generated };
}
