import { describe, expect, it } from 'vitest';
import { csvOf, postImport } from '../features/births-import/import-test-helpers';
import { foreground } from '../lib/foreground';
import { useLogin, useTestApp } from '../test/test-app';

describe('which requests count as people waiting (the foreground gauge a bulk import gives way to)', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  it('counts an API read while it is served and lets go when it has answered', async () => {
    const before = performance.now();
    const res = await midwife.get('/api/births?limit=5');
    expect(res.statusCode).toBe(200);
    expect(foreground.seenSince(before)).toBe(true);
    expect(foreground.seenSince(performance.now() + 1)).toBe(false);
  });

  it('lets go of a request that failed (401) as well', async () => {
    const before = performance.now();
    expect((await t.anonymous().get('/api/births')).statusCode).toBe(401);
    expect(foreground.seenSince(before)).toBe(true);
    expect(foreground.seenSince(performance.now() + 1)).toBe(false);
  });

  it('does not count the birth import itself, which is the bulk work that gives way', async () => {
    const before = performance.now();
    const { status, report } = await postImport(
      midwife,
      csvOf({ id: '0193a6c4-0000-7000-8000-00000000f001' }),
    );
    expect(status).toBe(200);
    expect(report).toMatchObject({ inserted: 1, errors: 0 });
    expect(foreground.seenSince(before)).toBe(false);
  });
});
