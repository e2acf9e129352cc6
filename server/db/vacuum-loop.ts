import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db';

/**
 * Every `minutes` (0 = never), vacuums the tables that need it (PGlite; on PostgreSQL, which has
 * autovacuum, the Db does nothing). One run at a time; the log line names tables and the time taken,
 * never data. Returns a stop function.
 */
export function startVacuumLoop(db: Db, minutes: number, log: FastifyBaseLogger): () => void {
  if (minutes <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const started = performance.now();
    db.vacuumTablesThatNeedIt()
      .then((tables) => {
        if (tables.length)
          log.info({ tables, ms: Math.round(performance.now() - started) }, 'vacuumed the embedded database');
      })
      .catch((err: unknown) => log.error({ err }, 'vacuum of the embedded database failed'))
      .finally(() => {
        running = false;
      });
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
