import type { PGlite } from '@electric-sql/pglite';
import { MAX_PREPARED_TEXTS, statementName } from './prepared-names';
import { sqlLiteral } from './sql-literals';

/**
 * A prepared text is planned again after this long: PGlite has no autovacuum, so a generic plan made
 * while the register was small would otherwise stay for the life of the process (re-planning costs a
 * few milliseconds, once per text per period).
 */
const MAX_PLAN_AGE_MS = 10 * 60_000;

/**
 * Prepared statements on PGlite, at the SQL level: PGlite sends every query as an unnamed statement, so
 * each run of the indicator engine's statement was parsed and planned again inside WebAssembly (about
 * 3.5 ms of a 4 ms facility request, for 0.5 ms of reading). Here a text is `PREPARE`d once and then run
 * by `EXECUTE` with its parameters written as literals (a utility statement takes no bound parameters).
 * The generic plan is forced for that one statement only: SET, EXECUTE and RESET go in one simple-query
 * message, which PGlite runs whole before any other query, and an error rolls the SET back with it.
 *
 * The returned function gives undefined when the text is past the limit of prepared texts (the caller
 * then runs it as usual).
 */
export function pglitePreparedRunner(pg: PGlite, maxPlanAgeMs = MAX_PLAN_AGE_MS) {
  const statements = new Map<string, { ready: Promise<void>; at: number }>();
  const prepare = (name: string, sql: string, again: boolean) => {
    // One message, so that no EXECUTE of this name can run between the two statements.
    const ready = pg
      .exec(`${again ? `deallocate "${name}"; ` : ''}prepare "${name}" as ${sql}`)
      .then(() => {});
    statements.set(name, { ready, at: Date.now() });
    // A text that fails to prepare (a syntax error) is not kept: the next call reports it again.
    ready.catch(() => statements.delete(name));
    return ready;
  };
  return async <T>(sql: string, params: readonly unknown[] = []): Promise<T[] | undefined> => {
    const name = statementName(sql);
    const known = statements.get(name);
    if (!known && statements.size >= MAX_PREPARED_TEXTS) return undefined;
    // PGlite runs messages in the order they were sent, so a re-PREPARE follows the first one.
    if (!known) await prepare(name, sql, false);
    else if (Date.now() - known.at >= maxPlanAgeMs) await prepare(name, sql, true);
    else await known.ready;
    const args = params.length ? `(${params.map(sqlLiteral).join(', ')})` : '';
    const results = await pg.exec(
      `set plan_cache_mode = force_generic_plan; execute "${name}"${args}; reset plan_cache_mode`,
    );
    return results[1]!.rows as T[];
  };
}
