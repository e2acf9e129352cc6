import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../migrate';
import { openPgliteDb } from '../../db/pglite-db';
import { bootstrapAdmin } from '../../seed/bootstrap';
import { verifyPassword } from '../auth/passwords';

/**
 * `npm run admin:reset-password` as an operator runs it, on an embedded database folder (DATA_DIR).
 * Always PGlite: the folder lock is what is tested besides the reset.
 */
let dataDir: string;
const pgliteDir = () => path.join(dataDir, 'pglite');
const run = (env: Record<string, string> = {}) => {
  const { DATABASE_URL: _url, OPENEENC_ADMIN_PASSWORD: _pw, ...inherited } = process.env;
  const res = spawnSync(
    path.resolve('node_modules/.bin/tsx'),
    ['server/features/users/reset-admin-password-cli.ts'],
    { env: { ...inherited, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' },
  );
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
};
const adminHash = async () => {
  const db = await openPgliteDb({ dataDir: pgliteDir() });
  try {
    const [row] = await db.query<{ password_hash: string }>(
      "select password_hash from users where username = 'admin'",
    );
    return row!.password_hash;
  } finally {
    await db.close();
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'openeenc-reset-'));
  const db = await openPgliteDb({ dataDir: pgliteDir() });
  await migrate(db);
  await bootstrapAdmin(db, 'the-first-password', new Date());
  await db.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run admin:reset-password', () => {
  it('refuses, changing nothing, while another process (the server) has the folder open', async () => {
    // The test runner stands in for a running server: alive, and not the command's process.
    writeFileSync(`${pgliteDir()}.pid`, String(process.pid));
    try {
      const res = run();
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`is in use by another OpenEENC process (pid ${process.pid})`);
      expect(res.stderr).toContain('stop the server first');
    } finally {
      rmSync(`${pgliteDir()}.pid`);
    }
    expect(await verifyPassword(await adminHash(), 'the-first-password')).toBe(true);
  });

  it('prints a new random password once; the old one stops working', async () => {
    const res = run();
    expect(res.status, res.stderr).toBe(0);
    const printed = /is now {2}(\S+) {2}/.exec(res.stdout)?.[1];
    expect(printed).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const hash = await adminHash();
    expect(await verifyPassword(hash, printed!)).toBe(true);
    expect(await verifyPassword(hash, 'the-first-password')).toBe(false);
  });

  it('takes OPENEENC_ADMIN_PASSWORD and prints no password', async () => {
    const res = run({ OPENEENC_ADMIN_PASSWORD: 'operator-chosen-1' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('now the one in OPENEENC_ADMIN_PASSWORD');
    expect(res.stdout).not.toContain('operator-chosen-1');
    expect(await verifyPassword(await adminHash(), 'operator-chosen-1')).toBe(true);
  });
});
