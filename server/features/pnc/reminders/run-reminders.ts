import { hostname } from 'node:os';
import { ConfigError, loadConfig } from '../../../config';
import { openDb } from '../../../db/open-db';
import { systemClock } from '../../../lib/clock';
import { runReminderJob } from './reminder-job';
import { createSender } from '../../follow-up/reminder-senders';

/** `npm run pnc:reminders`: one run of the reminder job (for cron, when PNC_REMINDER_INTERVAL_SECONDS=0). */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  try {
    const result = await runReminderJob(
      { db, clock: systemClock, sender: createSender(config), config },
      { owner: `${hostname()}-${process.pid}` },
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
