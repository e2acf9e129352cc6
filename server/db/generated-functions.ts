import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db';

/** Any constant: instances starting at once install one after the other. */
const GENERATED_SQL_LOCK = 4_242_020;

/**
 * Installs SQL functions generated from code (name → `create or replace function …`) whose text
 * changed since the last install, recorded in `generated_sql_state` under `<group>:<name>`. A
 * function the database lacks is installed whatever the record says. `onChanged` runs in the same
 * transaction for each function that replaced an earlier generated version (not on the first install,
 * which replaces a migration's declaration of the same rule), to re-derive what was computed with it.
 */
export async function syncGeneratedFunctions(
  db: Db,
  group: string,
  functions: Readonly<Record<string, string>>,
  onChanged: (tx: Queryable, name: string) => Promise<void> = async () => {},
): Promise<string[]> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [GENERATED_SQL_LOCK]);
    const stored = await tx.query<{ name: string; fingerprint: string }>(
      'select name, fingerprint from generated_sql_state where name like $1',
      [`${group}:%`],
    );
    const before = new Map(stored.map((r) => [r.name, r.fingerprint]));
    const installed: string[] = [];
    for (const [name, sql] of Object.entries(functions)) {
      const key = `${group}:${name}`;
      const fingerprint = createHash('sha256').update(sql).digest('hex');
      const exists = await tx.query('select 1 from pg_proc where proname = $1', [name]);
      if (before.get(key) === fingerprint && exists.length > 0) continue;
      await tx.execScript(sql);
      await tx.query(
        `insert into generated_sql_state (name, fingerprint, installed_at) values ($1, $2, now())
         on conflict (name) do update set fingerprint = excluded.fingerprint, installed_at = now()`,
        [key, fingerprint],
      );
      installed.push(name);
      if (before.has(key)) await onChanged(tx, name);
    }
    return installed;
  });
}
