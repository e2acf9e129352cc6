import type { PGlite } from '@electric-sql/pglite';

/**
 * What autovacuum would do, for PGlite, which has none (single-user PostgreSQL): VACUUM (ANALYZE) the
 * tables whose dead row versions (left by edits, deletions and the rollups' upserts) exceed autovacuum's
 * default threshold (50 + 20 % of the live rows), or whose changes since the last ANALYZE exceed 50 + 10 %.
 * Without it, tables and indexes only grow, and scans read ever more pages.
 *
 * The statistics counters are flushed first (PGlite otherwise keeps them in its backend). VACUUM holds
 * PGlite's one connection while it runs: milliseconds for a hospital's register, 13 s for the newborns of
 * 4 million births never vacuumed before (docs/decisions.md). Returns the tables it vacuumed.
 */
export async function vacuumTablesThatNeedIt(pg: PGlite): Promise<string[]> {
  await pg.query('select pg_stat_force_next_flush()');
  const { rows } = await pg.query<{ name: string }>(
    `select quote_ident(schemaname) || '.' || quote_ident(relname) as name
       from pg_stat_user_tables
      where n_dead_tup > 50 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup
      order by n_dead_tup desc, relname`,
  );
  for (const { name } of rows) await pg.exec(`vacuum (analyze) ${name}`);
  return rows.map((r) => r.name);
}
