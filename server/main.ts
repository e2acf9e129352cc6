import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirInUseError } from './db/data-dir-lock';
import { migrate } from './migrate';
import { openDb } from './db/open-db';
import { startVacuumLoop } from './db/vacuum-loop';
import type { AppDeps } from './deps';
import { deleteExpiredSessions } from './http/sessions.repo';
import { startMonthlyPushLoop } from './features/dhis2/dhis2-monthly-push';
import { startReminderLoop } from './features/follow-up/reminder-outbox';
import { createSender } from './features/follow-up/reminder-senders';
import { PNC_REMINDERS } from './features/pnc/reminders/reminder-job';
import { SCREENING_REMINDERS } from './features/screening/screening-reminders';
import { systemClock } from './lib/clock';
import { firstStart } from './seed/first-start';

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

  await firstStart(db, {
    adminPassword: config.adminPassword,
    seedDemo: config.seed === 'demo',
    now: systemClock.now(),
    say,
  });

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
    (err) => app.log.error({ err }, 'reminder job failed'),
    [PNC_REMINDERS, SCREENING_REMINDERS],
  );
  const stopMonthlyPush = startMonthlyPushLoop(deps, config.dhis2PushIntervalMinutes, (err) =>
    app.log.error({ err }, 'dhis2 monthly push failed'),
  );
  const shutdown = async () => {
    clearInterval(cleanup);
    stopVacuum();
    stopReminders();
    stopMonthlyPush();
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
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirInUseError)
    process.stderr.write(`${err.message}\n`);
  else
    process.stderr.write(
      `OpenEENC failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(1);
});
