import type { Db } from '../db/db';
import { bootstrapAdmin, randomPassword } from './bootstrap';
import { DEMO_USERS, isDatabaseEmpty, seedDemo } from './demo';
import { DEMO_SEEDERS } from './demo-seeders';

export type FirstStartOptions = {
  adminPassword: string | undefined;
  /** `npm start` (OPENEENC_SEED=demo): add the demo to an empty database. */
  seedDemo: boolean;
  now: Date;
  say(line: string): void;
  seeders?: ReadonlyArray<(db: Db, now: Date) => Promise<void>>;
};

/**
 * The start-up seeding, ordered so that stopping the process at any moment (Ctrl-C during the demo
 * seed) cannot lock everyone out: the administrator is committed and its password printed before any
 * demo data is written, and the demo is one transaction, so it is either complete or absent, and a
 * start that finds it absent seeds it again.
 */
export async function firstStart(db: Db, o: FirstStartOptions): Promise<void> {
  const boot = await bootstrapAdmin(db, o.adminPassword, o.now);
  if (boot.created && boot.generated) {
    o.say(
      `First start: log in as "admin" with password  ${boot.password}  (shown only this once; you must change it).`,
    );
  } else if (boot.created) {
    o.say('First start: log in as "admin" with the password from OPENEENC_ADMIN_PASSWORD.');
  } else {
    o.say(
      'Log in as "admin" with the password set at first start (forgotten: npm run admin:reset-password).',
    );
    if (o.adminPassword)
      o.say(
        'OPENEENC_ADMIN_PASSWORD is used at the first start only; to apply it: npm run admin:reset-password.',
      );
  }
  if (!o.seedDemo || !(await isDatabaseEmpty(db))) return;
  const demoPassword = o.adminPassword ?? (boot.created ? boot.password : randomPassword());
  o.say('Seeding the demo (all or nothing: if stopped, the next start seeds it again)…');
  await seedDemo(db, demoPassword, o.now, o.seeders ?? DEMO_SEEDERS);
  o.say(
    `Seeded the demo: 2 countries, ${DEMO_USERS.length} demo users (password ${o.adminPassword ? 'from OPENEENC_ADMIN_PASSWORD' : ` ${demoPassword} `}):`,
  );
  for (const u of DEMO_USERS) o.say(`  ${u.username.padEnd(12)} ${u.role.padEnd(20)} ${u.scope}`);
}
