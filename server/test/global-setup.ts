import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrate } from '../migrate';
import { openPgliteDb } from '../db/pglite-db';

export const PGLITE_TEMPLATE_ENV = 'OPENEENC_TEST_PGLITE_TEMPLATE';

/** Builds the migrated PGlite template once per test run; workers start their databases from it. */
export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const db = await openPgliteDb();
  await migrate(db);
  const blob = await db.dumpDataDir();
  await db.close();
  const dir = path.resolve('node_modules/.cache/openeenc');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await blob.arrayBuffer()));
  process.env[PGLITE_TEMPLATE_ENV] = file;
}
