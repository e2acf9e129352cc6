import type { PGlite } from '@electric-sql/pglite';
import { pgErrorCode } from './db';
import { MAX_PREPARED_TEXTS, statementName } from './prepared-names';
import { sqlLiteral } from './sql-literals';

/**
 * A prepared text is planned again after this long: PGlite has no autovacuum, so a generic plan made
 * while the register was small would otherwise stay for the life of the process (re-planning costs a
 * few milliseconds, once per text per period).
 */
const MAX_PLAN_AGE_MS = 10 * 60_000;

const UNDEFINED_PREPARED_STATEMENT = '26000';

/**
 * Prepared statements on PGlite, at the SQL level: PGlite sends every query as an unnamed statement, so
 * each run of the indicator engine's statement was parsed and planned again inside WebAssembly (about
 * 3.5 ms of a 4 ms facility request, for 0.5 ms of reading). Here a text is `PREPARE`d once and then run
 * by `EXECUTE` with its parameters written as literals (a utility statement takes no bound parameters).
 * The generic plan is forced for that one statement only: SET, EXECUTE and RESET go in one simple-query
 * message, which PGlite runs whole before any other query, and an error rolls the SET back with it.
 * Past the limit of prepared texts the least recently used one is deallocated.
 */
export function pglitePreparedRunner(pg: PGlite, maxPlanAgeMs = MAX_PLAN_AGE_MS) {
  // Insertion order is recency: a used text moves to the end, the first one is the next to go.
  const statements = new Map<string, { ready: Promise<void>; at: number }>();
  const prepare = (name: string, sql: string, drop: string[]) => {
    // One message, so that no EXECUTE of these names can run between the statements.
    const ready = pg
      .exec(`${drop.map((d) => `deallocate "${d}"; `).join('')}prepare "${name}" as ${sql}`)
      .then(() => {});
    statements.set(name, { ready, at: Date.now() });
    // A text that fails to prepare (a syntax error) is not kept: the next call reports it again.
    ready.catch(() => {
      if (statements.get(name)?.ready === ready) statements.delete(name);
    });
    return ready;
  };
  const prepared = async (name: string, sql: string) => {
    const known = statements.get(name);
    if (known) {
      statements.delete(name);
      statements.set(name, known);
      // PGlite runs messages in the order they were sent, so a re-PREPARE follows the first one.
      if (Date.now() - known.at >= maxPlanAgeMs) return prepare(name, sql, [name]);
      return known.ready;
    }
    const evicted = statements.size >= MAX_PREPARED_TEXTS ? statements.keys().next().value : undefined;
    if (evicted) statements.delete(evicted);
    return prepare(name, sql, evicted ? [evicted] : []);
  };

  return async <T>(sql: string, params: readonly unknown[] = []): Promise<T[]> => {
    const name = statementName(sql);
    await prepared(name, sql);
    const args = params.length ? `(${params.map(sqlLiteral).join(', ')})` : '';
    try {
      const results = await pg.exec(
        `set plan_cache_mode = force_generic_plan; execute "${name}"${args}; reset plan_cache_mode`,
      );
      return results[1]!.rows as T[];
    } catch (err) {
      // Deallocated for a newer text between this call's PREPARE and its EXECUTE: run it unprepared.
      if (pgErrorCode(err) !== UNDEFINED_PREPARED_STATEMENT) throw err;
      return (await pg.query<T>(sql, params as unknown[])).rows;
    }
  };
}
