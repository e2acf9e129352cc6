/**
 * `npm run import -- births <file.csv> [--mode all_or_nothing|valid_only] [--allow-before] [--as <username>]
 *   [--lang <language code>] [--errors <report.csv>]`
 *
 * Imports a birth CSV in-process into the configured database (DATABASE_URL, or the PGlite folder under
 * DATA_DIR: stop the server first, PGlite allows one process), with the same service as the web import.
 * Prints progress lines and the report. Without --as the import runs as the system (no scope checks,
 * audited as a command-line import); with --as it runs with that user's role and scope.
 * Exit code 0 = every row imported or already present, 1 = problems in the file, 2 = could not run.
 */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Principal } from '../shared/auth/principal';
import type { Role } from '../shared/auth/roles';
import { BIRTH_IMPORT_MODES, type BirthImportMode } from '../shared/births/birth-import.schema';
import { toCsvDocument } from '../shared/csv/csv-writer';
import { AppError } from '../shared/errors';
import { listLanguages, translate } from '../shared/i18n/messages';
import type { Locale } from '../shared/users/user.schema';
import { ConfigError, loadConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { migrate } from '../server/migrate';
import { openDb } from '../server/db/open-db';
import { listScopes } from '../server/http/sessions.repo';
import { openBirthImport } from '../server/features/births-import/births-import.service';
import { systemClock } from '../server/lib/clock';

const USAGE =
  'usage: npm run import -- births <file.csv> [--mode all_or_nothing|valid_only] [--allow-before] [--as <username>] [--lang <language code>] [--errors <report.csv>]';

class UsageError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (!v || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return v;
}

async function principalOf(db: Db, username: string): Promise<Principal> {
  const [u] = await db.query<{
    id: string;
    username: string;
    display_name: string;
    role: Role;
    locale: Locale;
    active: boolean;
  }>('select id, username, display_name, role, locale, active from users where lower(username) = lower($1)', [
    username,
  ]);
  if (!u || !u.active) throw new UsageError(`no active user "${username}"`);
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    locale: u.locale,
    scopes: await listScopes(db, u.id),
  };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const [kind, file] = argv;
  if (kind !== 'births' || !file) throw new UsageError(USAGE);
  const mode = (option(argv, 'mode') ?? 'all_or_nothing') as BirthImportMode;
  if (!BIRTH_IMPORT_MODES.includes(mode))
    throw new UsageError(`--mode must be one of ${BIRTH_IMPORT_MODES.join(', ')}`);
  const lang: Locale = option(argv, 'lang') ?? 'en';
  const languages = listLanguages().map((l) => l.code);
  if (!languages.includes(lang)) throw new UsageError(`--lang must be one of ${languages.join(', ')}`);
  const errorsFile = option(argv, 'errors');
  const as = option(argv, 'as');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }

  const config = loadConfig(process.env);
  err(
    config.databaseUrl
      ? 'Importing into PostgreSQL (DATABASE_URL)'
      : `Importing into the embedded PGlite database in ${config.dataDir} (the server must not be running on it)`,
  );
  const db = await openDb(config);
  try {
    await migrate(db);
    const principal = as ? await principalOf(db, as) : null;
    const deps = { config, db, clock: systemClock };
    const started = performance.now();
    const job = await openBirthImport(deps, principal, createReadStream(file, { highWaterMark: 1 << 20 }), {
      mode,
      allowBefore: argv.includes('--allow-before'),
      via: 'cli',
      locale: lang,
      log: (e) => err(`unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    });
    const report = await job.run((p) => {
      const s = (performance.now() - started) / 1000;
      out(
        `${path.basename(file)}: ${Math.round((100 * p.bytes) / Math.max(size, 1))}%  rows ${p.rows}  births ${p.births}  written ${p.inserted}  already present ${p.alreadyPresent}  rejected ${p.invalid}  problems ${p.errors}  ${Math.round(p.inserted / Math.max(s, 0.001))} births/s`,
      );
    });
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    out('');
    out(
      `${report.mode}: ${report.rows} rows, ${report.births} births; written ${report.inserted}, already present ${report.alreadyPresent}, rejected ${report.invalid}; ${report.errors} problems; ${report.committed ? 'committed' : 'NOTHING WRITTEN'} (${(report.elapsedMs / 1000).toFixed(1)} s, sha256 ${report.fileSha256})`,
    );
    if (report.fatal) out(`stopped: ${t(report.fatal.message, report.fatal.params)}`);
    for (const i of report.issues.slice(0, 50))
      out(`  row ${i.row}${i.column ? `, ${i.column}` : ''}: ${t(i.message, i.params)}`);
    if (report.errors > 50)
      out(
        `  … ${report.errors - 50} more${errorsFile ? ` in ${errorsFile}` : ' (use --errors <file> to save them all)'}`,
      );
    if (errorsFile) {
      const rows = report.issues.map((i) => [i.row, i.column, i.birthId ?? '', t(i.message, i.params)]);
      writeFileSync(errorsFile, toCsvDocument(['row', 'column', 'birth_id', 'message'], rows));
    }
    return report.errors > 0 || report.fatal ? 1 : 0;
  } catch (e) {
    if (e instanceof AppError) {
      err(translate(lang, e.message, e.params));
      for (const i of e.issues) if (i.message !== e.message) err(`  ${translate(lang, i.message, i.params)}`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof ConfigError) err(e.message);
    else err(`import failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(2);
  },
);
