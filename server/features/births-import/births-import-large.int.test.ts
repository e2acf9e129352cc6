import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BirthImportProgress } from '../../../shared/births/birth-import.schema';
import { createTestApp, type TestApp } from '../../test/test-app';
import { writeBirthCsvFile } from './births-csv-generator';
import { postImport } from './import-test-helpers';

let t: TestApp;
let dir: string;
const BIRTHS = 16_000;

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'openeenc-import-test-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

it(
  'streams a 50 MB file into the register, reporting progress as it reads',
  { timeout: 180_000 },
  async () => {
    const file = path.join(dir, 'births-50mb.csv');
    // Long (Vietnamese, multi-byte) deviation notes make a 50 MB file out of few rows, so the test stays quick.
    await writeBirthCsvFile(file, {
      births: BIRTHS,
      seed: 50,
      facilities: [
        { code: 'VN-DN-H01', timezone: 'Asia/Ho_Chi_Minh', communes: ['VN-DN-HC-C01', 'VN-DN-LC-C02'] },
      ],
      until: t.clock.now(),
      padding: 2300,
    });
    const size = statSync(file).size;
    expect(size).toBeGreaterThanOrEqual(50 * 1024 * 1024);

    if (t.db.engine === 'pglite') {
      // Migrations never analyze the empty register: PGlite would then plan key lookups as scans for good.
      const [births] = await t.db.query<{ reltuples: number }>(
        "select reltuples from pg_class where relname = 'births'",
      );
      expect(births!.reltuples).toBe(-1);
    }
    const midwife = await t.login('midwife.dn');
    const { status, events, report } = await postImport(
      midwife,
      createReadStream(file, { highWaterMark: 64 * 1024 }),
      'valid_only',
    );
    expect(status).toBe(200);
    expect(report).toMatchObject({ births: BIRTHS, inserted: BIRTHS, errors: 0, fatal: null, bytes: size });
    const progress = events.filter((e): e is BirthImportProgress => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(10);
    // Read while it arrives: early progress lines report a part of the file, and the counts only grow.
    expect(progress[0]!.bytes).toBeLessThan(size / 2);
    expect(
      progress.every(
        (p, i) => i === 0 || (p.rows >= progress[i - 1]!.rows && p.bytes >= progress[i - 1]!.bytes),
      ),
    ).toBe(true);
    const [n] = await t.db.query<{ births: number; newborns: number }>(
      'select (select count(*)::int from births) as births, (select count(*)::int from newborns) as newborns',
    );
    expect(n!.births).toBe(BIRTHS);
    expect(n!.newborns).toBe(report.rows);
    // The planner knows the tables grew: PGlite has no autovacuum, so the import refreshed the statistics.
    if (t.db.engine === 'pglite') {
      const stats = await t.db.query<{ relname: string; reltuples: number }>(
        "select relname, reltuples from pg_class where relname in ('births', 'newborns', 'pnc_subjects') order by relname",
      );
      expect(stats.map((s) => [s.relname, Math.round(s.reltuples)])).toEqual([
        ['births', BIRTHS],
        ['newborns', report.rows],
        ['pnc_subjects', BIRTHS + report.rows],
      ]);
    }
  },
);
