import { ConfigError, loadConfig } from '../../config';
import { openDb } from '../../db/open-db';
import { systemClock } from '../../lib/clock';
import { runMonthlyPushes } from './dhis2-monthly-push';

/** `npm run dhis2:monthly-push`: one run of the monthly DHIS2 push (for cron, when DHIS2_PUSH_INTERVAL_MINUTES=0). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.dhis2) throw new ConfigError('DHIS2_URL is not set: there is no DHIS2 to send to.');
  const db = await openDb(config);
  try {
    const outcomes = await runMonthlyPushes({ config, db, clock: systemClock });
    process.stdout.write(`${JSON.stringify(outcomes)}\n`);
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
