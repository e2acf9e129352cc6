import type { Profession, Role } from '../../shared/auth/roles';
import { toSearchText } from '../../shared/org-units/search-text';
import type { Locale } from '../../shared/users/user.schema';
import type { Db, Queryable } from '../db/db';
import { dbInTransaction } from '../db/db-in-transaction';
import { writeAudit } from '../features/audit/audit.repo';
import { hashPassword } from '../features/auth/passwords';
import { uuidV5 } from '../lib/uuid-v5';
import { ROOT_REGION_ID } from './bootstrap';
import { DEMO_COUNTRIES, type DemoUnit } from './demo-org-units';

export const orgUnitIdOf = (code: string) => uuidV5(`org-unit:${code}`);
export const userIdOf = (username: string) => uuidV5(`user:${username}`);

/** One demo account per role, scoped where such a person works. */
export const DEMO_USERS: ReadonlyArray<{
  username: string;
  displayName: string;
  role: Role;
  scope: string;
  locale: Locale;
  profession?: Profession;
}> = [
  {
    username: 'admin.vn',
    displayName: 'Quản trị hệ thống Việt Nam',
    role: 'system_admin',
    scope: 'VN',
    locale: 'vi',
  },
  {
    username: 'national.vn',
    displayName: 'Nguyễn Thị Lan (Vụ Sức khỏe Bà mẹ - Trẻ em)',
    role: 'national_manager',
    scope: 'VN',
    locale: 'vi',
  },
  {
    username: 'national.la',
    displayName: 'Khamphet Sisavath (MCH Centre)',
    role: 'national_manager',
    scope: 'LA',
    locale: 'en',
  },
  {
    username: 'province.dn',
    displayName: 'Trần Văn Minh (Sở Y tế Đà Nẵng)',
    role: 'provincial_manager',
    scope: 'VN-DN',
    locale: 'vi',
  },
  {
    username: 'lead.dn',
    displayName: 'BS. Lê Thị Hoa (Trưởng nhóm EENC)',
    role: 'hospital_lead',
    scope: 'VN-DN-H01',
    locale: 'vi',
  },
  {
    username: 'midwife.dn',
    displayName: 'NHS. Phạm Thị Mai',
    role: 'clinician',
    profession: 'midwife',
    scope: 'VN-DN-H01',
    locale: 'vi',
  },
  {
    username: 'nurse.hc',
    displayName: 'ĐD. Võ Thị Thu',
    role: 'clinician',
    profession: 'nurse',
    scope: 'VN-DN-HC-H',
    locale: 'vi',
  },
  {
    username: 'coach.dn',
    displayName: 'Hoàng Văn Nam (Giảng viên EENC)',
    role: 'coach',
    scope: 'VN-DN',
    locale: 'vi',
  },
  {
    username: 'pnc.hc1',
    displayName: 'YS. Đặng Thị Hương (Trạm Y tế Hải Châu I)',
    role: 'pnc_worker',
    scope: 'VN-DN-HC-C01',
    locale: 'vi',
  },
  {
    username: 'partner.who',
    displayName: 'WHO WPRO Newborn Team',
    role: 'partner_viewer',
    scope: 'WPR',
    locale: 'en',
  },
];

async function insertTree(
  q: Queryable,
  units: DemoUnit[],
  parent: { id: string; path: string; level: number; timezone: string },
  now: Date,
) {
  for (const u of units) {
    const id = orgUnitIdOf(u.code);
    const path = `${parent.path}${id}/`;
    const timezone = u.timezone ?? parent.timezone;
    await q.query(
      `insert into org_units (id, code, name, kind, level, parent_id, path, facility_level, provides_births, timezone,
         births_per_year, eenc_introduced_on, eenc_team_formed_on, created_at, updated_at, search_text)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) on conflict (id) do nothing`,
      [
        id,
        u.code,
        u.name,
        u.kind,
        parent.level + 1,
        parent.id,
        path,
        u.facilityLevel ?? null,
        u.providesBirths ?? false,
        timezone,
        u.birthsPerYear ?? null,
        u.eencIntroducedOn ?? null,
        u.eencTeamFormedOn ?? null,
        now,
        toSearchText(u.name),
      ],
    );
    if (u.children) await insertTree(q, u.children, { id, path, level: parent.level + 1, timezone }, now);
  }
}

/** True when only the bootstrap region exists: the demo is added to empty databases only. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>("select count(*) as n from org_units where kind <> 'region'");
  return Number(row?.n) === 0;
}

/**
 * The small demo: org units of two countries and one user per role, all sharing `password`.
 * Later features add their demo records through `extraSeeders`. All of it is one transaction: a start
 * interrupted while seeding leaves no demo at all, and the next start seeds it again.
 */
export async function seedDemo(
  db: Db,
  password: string,
  now: Date,
  extraSeeders: ReadonlyArray<(db: Db, now: Date) => Promise<void>> = [],
): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await insertTree(
      tx,
      DEMO_COUNTRIES,
      { id: ROOT_REGION_ID, path: `/${ROOT_REGION_ID}/`, level: 1, timezone: 'Asia/Manila' },
      now,
    );
    for (const u of DEMO_USERS) {
      const id = userIdOf(u.username);
      await tx.query(
        `insert into users (id, username, display_name, role, profession, locale, password_hash, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8) on conflict (id) do nothing`,
        [id, u.username, u.displayName, u.role, u.profession ?? null, u.locale, hash, now],
      );
      const scopeId = u.scope === 'WPR' ? ROOT_REGION_ID : orgUnitIdOf(u.scope);
      await tx.query(
        'insert into user_scopes (user_id, org_unit_id) values ($1, $2) on conflict do nothing',
        [id, scopeId],
      );
    }
    await writeAudit(tx, {
      actor: null,
      action: 'import',
      entityType: 'demo',
      details: { users: DEMO_USERS.length },
    });
    const inTx = dbInTransaction(db.engine, tx);
    for (const seed of extraSeeders) await seed(inTx, now);
  });
}
