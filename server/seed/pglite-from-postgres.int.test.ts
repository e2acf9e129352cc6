import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { Db } from '../db/db';
import { copyPostgresToPglite, dependencyOrder } from '../db/pglite-from-postgres';
import { openPgliteDb } from '../db/pglite-db';
import { openPostgresDb } from '../db/postgres-db';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database';
import { getIndicatorValues } from '../features/indicators/indicators.service';
import { systemClock } from '../lib/clock';
import { migrate } from '../migrate';
import { TEST_PROGRAMME } from '../test/test-programme';
import { bootstrapAdmin } from './bootstrap';
import { generateProgramme } from './programme';

const SERVER_URL = process.env.DATABASE_URL;

describe('dependencyOrder', () => {
  it('puts each table after the tables its foreign keys point to, whatever the names', () => {
    const order = dependencyOrder(
      ['a_child', 'b_parent', 'c_grandparent', 'self'],
      [
        ['a_child', 'b_parent'],
        ['b_parent', 'c_grandparent'],
        ['self', 'self'],
      ],
    );
    expect(order).toEqual(['c_grandparent', 'b_parent', 'a_child', 'self']);
  });
});

// Needs both engines: runs in the PostgreSQL half of the tests (DATABASE_URL set).
describe.skipIf(!SERVER_URL)('a PostgreSQL data set copied into PGlite (bench:pglite-from-postgres)', () => {
  let scratch: ScratchDatabase;
  let source: Db;
  let copy: Db;
  let dir: string;
  const tables: Record<string, number> = {};

  beforeAll(async () => {
    scratch = await createScratchDatabase(SERVER_URL!, 'pglite_copy');
    source = await openPostgresDb(scratch.url);
    await migrate(source);
    await bootstrapAdmin(source, 'copy-test-password', new Date());
    await generateProgramme(source, { ...TEST_PROGRAMME, births: 600 });
    dir = mkdtempSync(path.join(tmpdir(), 'pglite-copy-'));
    const result = await copyPostgresToPglite({
      sourceUrl: scratch.url,
      pgliteDir: path.join(dir, 'pglite'),
      migrate,
      chunkBytes: 4096, // many chunks per table, to test the cut at row ends
    });
    for (const t of result.tables) tables[t.table] = t.rows;
    copy = await openPgliteDb({ dataDir: path.join(dir, 'pglite') });
  }, 300_000);

  afterAll(async () => {
    await copy?.close();
    await source?.close();
    await scratch?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has every table with the same rows, the rollups included', async () => {
    const names = await source.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by 1",
    );
    expect(tables.births).toBeGreaterThan(500);
    expect(tables.ind_newborn_rollup).toBeGreaterThan(0);
    for (const { name } of names) {
      // Each engine applied the migrations itself: compare what, not when.
      const rows =
        name === 'schema_migrations' ? '(select version, name, checksum from schema_migrations)' : name;
      const sum = `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${rows} t`;
      const [a] = await source.query<{ n: number; h: string }>(sum);
      const [b] = await copy.query<{ n: number; h: string }>(sum);
      expect({ name, ...b }).toEqual({ name, ...a });
    }
  });

  it('sets the sequences and needs no rollup rebuild', async () => {
    const seq = "select sequencename, last_value from pg_sequences where schemaname = 'public' order by 1";
    expect(await copy.query(seq)).toEqual(await source.query(seq));
    const pending = 'select part, fingerprint from indicator_rollup_state order by part';
    expect(await copy.query(pending)).toEqual(await source.query(pending));
    expect(await migrate(copy)).toBe(0);
  });

  it('gives the same indicator values on both engines', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const read = async (db: Db) => {
      const [region] = await db.query<{ id: string; path: string; name: string }>(
        "select id, path, name from org_units where kind = 'region'",
      );
      const [user] = await db.query<{ id: string }>('select id from users order by id limit 1');
      const principal = {
        userId: user!.id,
        username: 'copy-test',
        displayName: 'Copy test',
        role: 'national_manager' as const,
        locale: 'en' as const,
        scopes: [
          { id: region!.id, code: 'WPR', name: region!.name, kind: 'region' as const, path: region!.path },
        ],
      };
      return getIndicatorValues({ config, db, clock: systemClock }, principal, {
        orgUnit: region!.id,
        period: '2024',
      });
    };
    const [a, b] = [await read(source), await read(copy)];
    expect(b.indicators).toEqual(a.indicators);
    expect(a.indicators.find((i) => i.id === 'live_births')?.numerator).toBeGreaterThan(100);
  });
});
