import { hostname } from 'node:os';
import { ConfigError, loadConfig } from '../../config';
import { openDb } from '../../db/open-db';
import { systemClock } from '../../lib/clock';
import { runOutbox } from '../follow-up/reminder-outbox';
import { createSender } from '../follow-up/reminder-senders';
import { SCREENING_REMINDERS } from './screening-reminders';

/** `npm run screening:sweep`: one run of the screening recall sweep and its reminders (for cron). */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  try {
    const result = await runOutbox(
      { db, clock: systemClock, sender: createSender(config), config },
      { owner: `${hostname()}-${process.pid}` },
      [SCREENING_REMINDERS],
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
