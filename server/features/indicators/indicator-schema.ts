import { loadIndicators, type MeasureRegistry } from '../../../shared/indicators/definitions';
import type { Db, Queryable } from '../../db/db';
import {
  dropSql,
  generateSchemaParts,
  listInstalledObjects,
  objectsOf,
  ROLLUP_LOCK,
  type SchemaObject,
} from './indicator-rollup-sql';
import { listRollups } from './indicator-day-rollup';
import type { RolledUpSource } from './indicator-sources';

/**
 * The generated rollup schema in the database (indicator-rollup-sql.ts writes it): each part (a source's
 * rollup, the shared objects) installed when its SQL changed, with what it created recorded so that it can
 * be dropped; and rebuilt online, facility by facility, while the server answers and accepts births.
 */
/** Installed parts of the generated schema: fingerprint of each part's SQL and the objects it created. */
const STATE_TABLE_SQL = `create table if not exists indicator_rollup_state (
  part text primary key,
  fingerprint text not null,
  objects jsonb not null,
  measures jsonb not null,
  installed_at timestamptz not null default now()
);`;

type StateRow = { part: string; fingerprint: string; objects: SchemaObject[] };

export type SchemaOptions = {
  /** The measures (default: the indicator library). */
  registry?: MeasureRegistry;
  /** The rolled-up sources (default: the registered ones). */
  sources?: readonly RolledUpSource[];
};

const SERVICE_POINTS = `kind in ('facility', 'commune')`;

/**
 * Installs the parts of the generated schema whose SQL changed (a source's rollup when its measures or
 * SQL changed; the shared objects when the list of sources did), drops the parts no longer generated, and
 * marks every facility of a reinstalled rollup pending (empty until `rebuildPendingRollups` counts it).
 * DDL only, in one short transaction. Returns the reinstalled sources. Other parts are left untouched,
 * with their counts.
 */
export async function installIndicatorSchema(db: Db, opts: SchemaOptions = {}): Promise<RolledUpSource[]> {
  const registry = opts.registry ?? loadIndicators().registry;
  const parts = generateSchemaParts(registry, opts.sources);
  return db.transaction(async (tx) => {
    // Several servers starting at once: one installs, the others then find nothing to do.
    if (db.engine === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK + 1]);
    await tx.execScript(STATE_TABLE_SQL);
    const state = new Map(
      (await tx.query<StateRow>('select part, fingerprint, objects from indicator_rollup_state')).map((r) => [
        r.part,
        r,
      ]),
    );
    const changed = parts.filter((p) => state.get(p.part)?.fingerprint !== p.fingerprint);
    const gone = [...state.values()].filter((r) => !parts.some((p) => p.part === r.part));
    if (changed.length === 0 && gone.length === 0) return [];
    // Without any state (a database from before it was kept), whatever carries the rollup prefix goes.
    const toDrop =
      state.size === 0
        ? await listInstalledObjects(tx)
        : [...changed.map((p) => p.part), ...gone.map((r) => r.part)].flatMap(
            (part) => state.get(part)?.objects ?? [],
          );
    // Writers wait while triggers are swapped: the tables first, in the order writers write them and
    // rebuild chunks read them (see `lockTriggerTables`), before any rollup object.
    await lockTriggerTables(tx, [...toDrop, ...changed.flatMap((p) => objectsOf(p.sql))], 'access exclusive');
    if (toDrop.length) await tx.execScript(dropSql(toDrop));
    for (const r of gone) await tx.query('delete from indicator_rollup_state where part = $1', [r.part]);
    for (const p of changed) {
      await tx.execScript(p.sql);
      if (p.source)
        await tx.query(
          `insert into ${p.source.pendingTable} (facility_id) select id from org_units where ${SERVICE_POINTS}`,
        );
      await tx.query(
        `insert into indicator_rollup_state (part, fingerprint, objects, measures) values ($1, $2, $3::jsonb, $4::jsonb)
         on conflict (part) do update set fingerprint = excluded.fingerprint, objects = excluded.objects,
           measures = excluded.measures, installed_at = now()`,
        [
          p.part,
          p.fingerprint,
          JSON.stringify(objectsOf(p.sql)),
          JSON.stringify(p.measures.map((m) => ({ id: m.id, stored: m.stored }))),
        ],
      );
    }
    return changed.flatMap((p) => (p.source ? [p.source] : []));
  });
}

/**
 * Locks the tables the generated triggers are on, sorted (births before newborns, as writers write
 * them). The install takes them exclusively before touching rollup objects; a rebuild chunk takes them
 * shared before its rollup lock, so that neither waits for the other while holding what the other needs.
 */
async function lockTriggerTables(
  tx: Queryable,
  objects: readonly SchemaObject[],
  mode: 'access exclusive' | 'access share',
): Promise<void> {
  const tables = [...new Set(objects.flatMap((o) => (o.kind === 'trigger' && o.on ? [o.on] : [])))].sort();
  if (tables.length) await tx.query(`lock table ${tables.join(', ')} in ${mode} mode`);
}

/** The sources whose rollup has facilities still to count (a rebuild in progress or interrupted). */
export async function listRebuildingSources(
  q: Queryable,
  sources: readonly RolledUpSource[] = listRollups(),
): Promise<RolledUpSource[]> {
  if (sources.length === 0) return [];
  const [row] = await q.query<Record<string, boolean>>(
    `select ${sources.map((s, i) => `exists (select 1 from ${s.pendingTable}) as p${i}`).join(', ')}`,
  );
  return sources.filter((_, i) => row?.[`p${i}`]);
}

export type RebuildProgress = { source: string; done: number; total: number };
export type RebuildOptions = {
  log?: (line: string) => void;
  /** Facilities per transaction (default 1): births at them, and rollup rows they share, wait for it. */
  chunk?: number;
  sources?: readonly RolledUpSource[];
  /**
   * After each chunk, wait this many times as long as the chunk took (default 0): a background rebuild
   * leaves the database to the server's requests part of the time, at the cost of a longer rebuild.
   */
  pause?: number;
  /** Called after each committed chunk (tests write records between chunks). */
  betweenChunks?: (p: RebuildProgress) => Promise<void>;
};

/**
 * Counts the pending facilities of each rolled-up source into its rollup, a chunk of facilities per short
 * transaction, while the server answers (the engine counts a source from its records while it has
 * pending facilities) and accepts births (a birth is counted once, by its trigger or by its facility's
 * chunk: the pending row is the lock between them, see `lockPending` in indicator-rollup-sql.ts).
 * Facilities a writer holds are skipped and taken at a later turn. Several runners may share the work
 * (servers starting together). Resumable: an interrupted rebuild leaves its pending facilities.
 */
export async function rebuildPendingRollups(db: Db, opts: RebuildOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const chunk = opts.chunk ?? 1;
  const generated = generateSchemaParts(loadIndicators().registry).flatMap((p) => objectsOf(p.sql));
  for (const s of opts.sources ?? listRollups()) {
    const [count] = await db.query<{ n: number }>(`select count(*)::int as n from ${s.pendingTable}`);
    const total = count?.n ?? 0;
    if (total === 0) continue;
    await analyzeIfFilled(db, s);
    const started = Date.now();
    let done = 0;
    for (;;) {
      const chunkStarted = Date.now();
      const n = await db.transaction(async (tx) => {
        await lockTriggerTables(tx, generated, 'access share');
        // Shared, like writers: org-unit moves (exclusive) wait, so the paths read here stay right.
        await tx.query('select pg_advisory_xact_lock_shared($1)', [ROLLUP_LOCK]);
        // JIT compilation of these wide statements costs far more than it saves.
        await tx.query("select set_config('jit', 'off', true)");
        const rows = await tx.query<{ id: string; path: string | null }>(
          `with c as (select facility_id from ${s.pendingTable} order by facility_id limit $1 for update skip locked),
                d as (delete from ${s.pendingTable} q using c where q.facility_id = c.facility_id returning q.facility_id)
           select d.facility_id as id, o.path from d left join org_units o on o.id = d.facility_id`,
          [chunk],
        );
        const present = rows.filter((r) => r.path !== null);
        if (present.length)
          await tx.query(`select ind_${s.id}_rebuild($1::uuid[], $2::text[])`, [
            present.map((r) => r.id),
            present.map((r) => r.path),
          ]);
        return rows.length;
      });
      if (n === 0) {
        if ((await listRebuildingSources(db, [s])).length === 0) break;
        // Only facilities held by writers (or another runner) are left: their turn comes shortly.
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      done += n;
      log(`rollups: ${s.id} ${done}/${total} facilities, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      await opts.betweenChunks?.({ source: s.id, done, total });
      if (opts.pause) await new Promise((r) => setTimeout(r, (Date.now() - chunkStarted) * opts.pause!));
    }
  }
}

/**
 * Fresh statistics first: PGlite has no autovacuum, and a table bulk-loaded since its last ANALYZE gets
 * the planner's default guesses, which can turn a chunk's recount into a scan per facility. Never on
 * empty tables: statistics saying "empty" make PGlite (one session, plans cached for its life) plan key
 * lookups (foreign-key checks included) as scans that grow with every record written.
 */
async function analyzeIfFilled(q: Queryable, s: RolledUpSource): Promise<void> {
  const [row] = await q.query<{ any: boolean }>(`select exists (select 1 from ${s.recordTable}) as any`);
  if (row?.any) await q.query(`analyze ${s.recordTable}, org_units`);
}

/** A rollup's tables (a day rollup has no disaggregation table). */
const rollupTablesOf = (s: RolledUpSource) =>
  [s.table, s.disaggTable, s.pendingTable].filter(Boolean).join(', ');

/** Empties the rollups of these sources and marks every facility pending (a repair, then rebuilt online). */
export async function markRollupsPending(
  db: Db,
  sources: readonly RolledUpSource[] = listRollups(),
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
    for (const s of sources) {
      await tx.query(`truncate ${rollupTablesOf(s)}`);
      await tx.query(
        `insert into ${s.pendingTable} (facility_id) select id from org_units where ${SERVICE_POINTS}`,
      );
    }
  });
}

/**
 * Recomputes every rollup from the records in the caller's transaction, in chunks of facilities (bounded
 * memory, progress). Used after bulk generation (which skips rollup upkeep); writers wait until it commits.
 */
export async function rebuildRollups(
  q: Queryable,
  log: (line: string) => void = () => {},
  chunk = 150,
): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
  await q.query("select set_config('jit', 'off', true)");
  const sources = listRollups();
  if (sources.length === 0) return;
  await q.query(`truncate ${sources.map(rollupTablesOf).join(', ')}`);
  for (const s of sources) await analyzeIfFilled(q, s);
  const facilities = await q.query<{ id: string; path: string }>(
    `select id, path from org_units where ${SERVICE_POINTS} order by path`,
  );
  const started = Date.now();
  for (let i = 0; i < facilities.length; i += chunk) {
    const part = facilities.slice(i, i + chunk);
    const ids = part.map((f) => f.id);
    const paths = part.map((f) => f.path);
    for (const s of sources)
      await q.query(`select ind_${s.id}_apply($1::uuid[], $2::text[], 1, true, true)`, [ids, paths]);
    log(
      `rollups: ${Math.min(i + chunk, facilities.length)}/${facilities.length} facilities, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
}

/**
 * Recounts these facilities in the rollups of these sources from the records, in the caller's transaction,
 * and passes the difference to every ancestor (as a settings change does): after a bulk write made with
 * rollup upkeep off (`openeenc.rollups`), the rollups are exact again at its commit. Writers wait for the
 * commit (the lock that rebuilds take), so that none is counted twice or missed.
 */
export async function refreshFacilityRollups(
  q: Queryable,
  sources: readonly RolledUpSource[],
  facilityIds: readonly string[],
): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
  for (const s of sources) await q.query(`select ind_${s.id}_refresh_main($1::uuid[])`, [facilityIds]);
}

/** Below this many records in the sources to rebuild, the rebuild is done before the server starts. */
const INLINE_REBUILD_RECORDS = 20_000;

/**
 * After migrations (server/migrate.ts): installs what changed in the generated schema, then
 * counts the pending facilities: at once when the sources to rebuild hold few records, else online in
 * the background, the server answering meanwhile (docs/indicators.md). Returns whether anything changed.
 */
export async function syncIndicatorSchema(db: Db, log: (line: string) => void = () => {}): Promise<boolean> {
  const changed = await installIndicatorSchema(db);
  for (const s of changed) log(`indicators: ${s.id} rollup installed`);
  const rebuilding = await listRebuildingSources(db);
  if (rebuilding.length === 0) return changed.length > 0;
  const [row] = await db.query<{ n: number }>(
    `select (${rebuilding.map((s) => `(select count(*) from (select 1 from ${s.recordTable} limit ${INLINE_REBUILD_RECORDS}) x)`).join(' + ')})::int as n`,
  );
  if ((row?.n ?? 0) < INLINE_REBUILD_RECORDS) {
    await rebuildPendingRollups(db, { sources: rebuilding, chunk: 500 });
    return true;
  }
  log(
    `indicators: rebuilding ${rebuilding.map((s) => s.id).join(', ')} online (counted from the records meanwhile)`,
  );
  void rebuildPendingRollups(db, { log, sources: rebuilding, pause: 1 }).then(
    () => log('indicators: rollups rebuilt'),
    (err: unknown) =>
      log(
        `indicators: rollup rebuild stopped (${err instanceof Error ? err.message : String(err)}); it resumes at the next start`,
      ),
  );
  return true;
}
