import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { migrate } from './migrate';
import { openDb } from './db/open-db';
import { startVacuumLoop } from './db/vacuum-loop';
import type { AppDeps } from './deps';
import { deleteExpiredSessions } from './http/sessions.repo';
import { startReminderLoop } from './features/pnc/reminders/reminder-job';
import { createSender } from './features/pnc/reminders/senders';
import { systemClock } from './lib/clock';
import { bootstrapAdmin, randomPassword } from './seed/bootstrap';
import { DEMO_USERS, isDatabaseEmpty, seedDemo } from './seed/demo';
import { DEMO_SEEDERS } from './seed/demo-seeders';

/** Loads configuration, opens and migrates the database, seeds on first start, and listens. */
async function main(): Promise<void> {
  // `npm start` passes --seed-demo: the demo is for trying OpenEENC out; `npm run serve` never seeds it.
  const env = process.argv.includes('--seed-demo') ? { OPENEENC_SEED: 'demo', ...process.env } : process.env;
  const config = loadConfig(env);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `OpenEENC: opening ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
  );
  const db = await openDb(config);
  await migrate(db, say);
  const deps: AppDeps = { config, db, clock: systemClock };

  const boot = await bootstrapAdmin(db, config.adminPassword, systemClock.now());
  let demoPassword: string | undefined;
  if (config.seed === 'demo' && (await isDatabaseEmpty(db))) {
    demoPassword = config.adminPassword ?? (boot.created ? boot.password : randomPassword());
    await seedDemo(db, demoPassword, systemClock.now(), DEMO_SEEDERS);
    say(`seeded the demo: 2 countries, ${DEMO_USERS.length} demo users`);
  }

  const app = await buildApp(deps);
  const cleanup = setInterval(
    () => void deleteExpiredSessions(db, systemClock.now()).catch(() => {}),
    3_600_000,
  );
  cleanup.unref();
  const stopVacuum = startVacuumLoop(db, config.pgliteVacuumMinutes, app.log);
  const stopReminders = startReminderLoop(
    { db, clock: systemClock, sender: createSender(config), config },
    config.pncReminderIntervalSeconds,
    (err) => app.log.error({ err }, 'pnc reminder job failed'),
  );
  const shutdown = async () => {
    clearInterval(cleanup);
    stopVacuum();
    stopReminders();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  say('');
  say(`OpenEENC is running at ${url}  (API docs: ${url}/api/docs)`);
  if (boot.created && boot.generated) {
    say(
      `First start: log in as "admin" with password  ${boot.password}  (shown only this once; you must change it).`,
    );
  } else if (boot.created) {
    say('First start: log in as "admin" with the password from OPENEENC_ADMIN_PASSWORD.');
  } else {
    say('Log in as "admin" with the password set at first start (or ask an administrator to reset it).');
  }
  if (demoPassword) {
    say(
      `Demo users (password ${config.adminPassword ? 'from OPENEENC_ADMIN_PASSWORD' : ` ${demoPassword} `}):`,
    );
    for (const u of DEMO_USERS) say(`  ${u.username.padEnd(12)} ${u.role.padEnd(20)} ${u.scope}`);
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else
    process.stderr.write(
      `OpenEENC failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(1);
});
