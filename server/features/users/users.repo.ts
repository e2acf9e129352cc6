import type { Scope } from '../../../shared/auth/principal';
import type { User } from '../../../shared/users/user.schema';
import type { Queryable } from '../../db/db';
import { andAll, escapeLike, SqlParams } from '../../db/sql-params';
import { toIso, toIsoOrNull } from '../../lib/rows';
import { listScopes } from '../../http/sessions.repo';

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: User['role'];
  profession: User['profession'];
  locale: User['locale'];
  active: boolean;
  must_change_password: boolean;
  locked_until: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const USER_COLUMNS = `u.id, u.username, u.display_name, u.role, u.profession, u.locale, u.active,
  u.must_change_password, u.locked_until, u.version, u.created_at, u.updated_at`;

function toUser(r: UserRow, scopes: Scope[]): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    profession: r.profession,
    locale: r.locale,
    active: r.active,
    mustChangePassword: r.must_change_password,
    lockedUntil: toIsoOrNull(r.locked_until),
    scopes,
    version: r.version,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export async function findUser(q: Queryable, id: string): Promise<User | undefined> {
  const [row] = await q.query<UserRow>(`select ${USER_COLUMNS} from users u where u.id = $1`, [id]);
  return row && toUser(row, await listScopes(q, row.id));
}

export async function findUserIdByUsername(q: Queryable, username: string): Promise<string | undefined> {
  const [row] = await q.query<{ id: string }>('select id from users where lower(username) = lower($1)', [
    username,
  ]);
  return row?.id;
}

export type UserListFilter = {
  scopePaths: readonly string[];
  search?: string;
  role?: string;
  orgUnitPath?: string;
  includeInactive: boolean;
};

/**
 * Users all of whose scopes lie inside the reader's subtrees: an administrator of one country never
 * sees (or edits) an account that also works in another.
 */
export async function listUsers(q: Queryable, f: UserListFilter): Promise<User[]> {
  const p = new SqlParams();
  const inScope = f.scopePaths.map((path) => `${path}%`);
  const where = [
    p.sql`not exists (select 1 from user_scopes us join org_units o on o.id = us.org_unit_id
                  where us.user_id = u.id and not (o.path like any(${inScope}::text[])))`,
  ];
  if (f.search) {
    const pattern = p.add(`%${escapeLike(f.search.toLowerCase())}%`);
    where.push(`lower(u.username) like ${pattern} or lower(u.display_name) like ${pattern}`);
  }
  if (f.role) where.push(p.sql`u.role = ${f.role}`);
  if (f.orgUnitPath)
    where.push(p.sql`exists (select 1 from user_scopes us join org_units o on o.id = us.org_unit_id
                         where us.user_id = u.id and o.path like ${`${f.orgUnitPath}%`})`);
  if (!f.includeInactive) where.push('u.active');
  const rows = await q.query<UserRow>(
    `select ${USER_COLUMNS} from users u where ${andAll(where)} order by u.username limit 1000`,
    p.values,
  );
  const scopes = await q.query<Scope & { user_id: string }>(
    `select us.user_id, o.id, o.code, o.name, o.kind, o.path from user_scopes us
       join org_units o on o.id = us.org_unit_id where us.user_id = any($1::uuid[]) order by o.path`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) =>
    toUser(
      r,
      scopes.filter((s) => s.user_id === r.id).map(({ user_id: _, ...s }) => s),
    ),
  );
}

export async function replaceScopes(
  q: Queryable,
  userId: string,
  orgUnitIds: readonly string[],
): Promise<void> {
  await q.query('delete from user_scopes where user_id = $1', [userId]);
  await q.query('insert into user_scopes (user_id, org_unit_id) select $1, unnest($2::uuid[])', [
    userId,
    [...new Set(orgUnitIds)],
  ]);
}
