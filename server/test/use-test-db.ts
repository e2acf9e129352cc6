import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from './test-db';

/**
 * In a test file or describe block: a database of its own ({@link createTestDb}) for its tests, with the
 * probe tables `setupSql` creates, and dropped after them. The object is filled in when the tests start;
 * use it inside hooks and tests only. (Kept out of test-db.ts, which the benchmarks import outside vitest.)
 */
export function useTestDb(setupSql?: string): TestDb {
  const t = {} as TestDb;
  beforeAll(async () => {
    Object.assign(t, await createTestDb());
    if (setupSql) await t.db.execScript(setupSql);
  });
  afterAll(() => t.drop?.());
  return t;
}
