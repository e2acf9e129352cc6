import { ConfigError, loadConfig, type Config } from '../config';
import type { Db } from '../db/db';
import { openDb } from '../db/open-db';

/**
 * The body of every `npm run <job>` script meant for cron: load the config, open the database, run the
 * job once, print its result as one JSON line, close the database. A configuration error prints only its
 * message (the operator's fix); anything else its stack; both exit 1 so cron reports the failure.
 * `checkConfig` refuses a run the configuration cannot serve, before the database is opened.
 */
export function runCronJob(
  job: (config: Config, db: Db) => Promise<unknown>,
  checkConfig: (config: Config) => void = () => {},
): void {
  const main = async (): Promise<void> => {
    const config = loadConfig();
    checkConfig(config);
    const db = await openDb(config);
    try {
      process.stdout.write(`${JSON.stringify(await job(config, db))}\n`);
    } finally {
      await db.close();
    }
  };
  main().catch((err) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}
