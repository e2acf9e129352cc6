/**
 * `npm run bench:screening` — the nightly cervical screening sweep (recalls once per woman, reason and
 * basis, with their SMS queued on the follow-up outbox, and the due reminders) over synthetic women, on
 * PostgreSQL (`BENCH_DATABASE_URL` or `DATABASE_URL`). Scale: `BENCH_SCREENING_WOMEN` (default
 * 1,000,000) over `BENCH_SCREENING_COMMUNES` communes (default 1,000). Target (issue 22): ≤ 60 s.
 * The first night recalls every woman never screened; the second must add nothing. Then one settings
 * change re-derives every woman of the country (the national manager's save waits for it).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { openPostgresDb } from '../server/db/postgres-db';
import { SCREENING_REMINDERS } from '../server/features/screening/screening-reminders';
import { rederiveCountry } from '../server/features/screening/screening-settings.service';
import { DEFAULT_SCREENING_SETTINGS, type ScreeningSettings } from '../shared/screening/screening-settings';
import { generateScreeningWomen } from '../server/features/screening/screening-programme';
import { uuidV5 } from '../server/lib/uuid-v5';
import { migrate } from '../server/migrate';
import { bootstrapAdmin, ROOT_REGION_ID } from '../server/seed/bootstrap';

const WOMEN = Number(process.env.BENCH_SCREENING_WOMEN ?? 1_000_000);
const COMMUNES = Number(process.env.BENCH_SCREENING_COMMUNES ?? 1_000);
const NOW = new Date('2026-12-06T17:00:00Z');

async function units(
  db: Awaited<ReturnType<typeof openPostgresDb>>,
): Promise<{ communes: string[]; countryPath: string }> {
  const country = uuidV5('bench:screening:country');
  const province = uuidV5('bench:screening:province');
  const add = async (
    id: string,
    parent: string,
    parentPath: string,
    kind: string,
    level: number,
    code: string,
  ) => {
    await db.query(
      `insert into org_units (id, code, name, kind, level, parent_id, path, timezone)
       values ($1, $2, $2, $3, $4, $5, $6, 'Asia/Ho_Chi_Minh')`,
      [id, code, kind, level, parent, `${parentPath}${id}/`],
    );
    return `${parentPath}${id}/`;
  };
  const countryPath = await add(country, ROOT_REGION_ID, `/${ROOT_REGION_ID}/`, 'country', 2, 'BENCH-C');
  const provincePath = await add(province, country, countryPath, 'province', 3, 'BENCH-P');
  const ids: string[] = [];
  for (let d = 0; d < Math.ceil(COMMUNES / 20); d++) {
    const district = uuidV5(`bench:screening:district:${d}`);
    const districtPath = await add(district, province, provincePath, 'district', 4, `BENCH-D${d}`);
    for (let c = d * 20; c < Math.min(COMMUNES, (d + 1) * 20); c++) {
      const id = uuidV5(`bench:screening:commune:${c}`);
      await add(id, district, districtPath, 'commune', 5, `BENCH-X${c}`);
      ids.push(id);
    }
  }
  return { communes: ids, countryPath };
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL or DATABASE_URL');
  const name = `openeenc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgresDb(u.toString(), 4);
  try {
    console.log(
      `Screening sweep benchmark — ${os.cpus().length} × CPU, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${WOMEN.toLocaleString('en')} women, ${COMMUNES} communes`,
    );
    await migrate(db);
    await bootstrapAdmin(db, 'bench-password-123', NOW);
    const { communes, countryPath } = await units(db);
    const t0 = performance.now();
    const made = await generateScreeningWomen(db, {
      communeIds: communes,
      women: WOMEN,
      today: NOW.toISOString().slice(0, 10),
    });
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(made)}`);
    await db.query('analyze');
    for (const night of ['first night', 'second night (nothing new)']) {
      const t1 = performance.now();
      const result = await SCREENING_REMINDERS.enqueue(db, NOW);
      console.log(
        `  sweep, ${night}: ${((performance.now() - t1) / 1000).toFixed(1)} s ${JSON.stringify(result)}`,
      );
    }
    // A national manager changes a rule (the HPV interval, 5 → 6 years): every woman of the country is
    // derived again in the request's transaction (screening-settings.service.ts).
    const t2 = performance.now();
    const settings: ScreeningSettings = {
      ...DEFAULT_SCREENING_SETTINGS,
      intervalYears: { ...DEFAULT_SCREENING_SETTINGS.intervalYears, hpv_dna: 6 },
    };
    const rederived = await db.transaction((tx) => rederiveCountry(tx, countryPath, settings, 2));
    console.log(
      `  settings change, every woman re-derived: ${((performance.now() - t2) / 1000).toFixed(1)} s (${rederived.toLocaleString('en')} women)`,
    );
  } finally {
    await db.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
