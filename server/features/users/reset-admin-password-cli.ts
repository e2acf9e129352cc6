import { ConfigError, loadConfig } from '../../config';
import { DataDirInUseError } from '../../db/data-dir-lock';
import { migrate } from '../../migrate';
import { openDb } from '../../db/open-db';
import { systemClock } from '../../lib/clock';
import { AdminResetError, resetAdminPassword } from './admin-password';

/**
 * `npm run admin:reset-password`: a new password for `admin`, in the database the server uses
 * (DATABASE_URL, or the PGlite folder under DATA_DIR, which needs the server stopped). Takes
 * OPENEENC_ADMIN_PASSWORD when set, otherwise prints a random one once.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  try {
    await migrate(db);
    const reset = await resetAdminPassword(db, config.adminPassword, systemClock.now());
    const say = (line: string) => process.stdout.write(`${line}\n`);
    if (reset.generated)
      say(
        `The password of "admin" is now  ${reset.password}  (shown only this once; it must be changed at the next login).`,
      );
    else say('The password of "admin" is now the one in OPENEENC_ADMIN_PASSWORD.');
    say(
      `Its sessions were ended and the account unlocked${reset.reactivated ? ' and reactivated' : ''}; the change is in the audit log.`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  const known =
    err instanceof ConfigError || err instanceof DataDirInUseError || err instanceof AdminResetError;
  process.stderr.write(
    `${known ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
