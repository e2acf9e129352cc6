import { describe, expect, it } from 'vitest';
import { buildBirthRaw } from '../../shared/births/birth-builders';
import { countRows, expectError } from '../test/api-helpers';
import { useLogin, useTestApp } from '../test/test-app';
import { H01 } from '../test/demo-units';

describe('requests the database or the router cannot take', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');

  it('answers 400 naming the body field that holds a NUL character, and writes nothing', async () => {
    const before = await countRows(t.db, 'births');
    const body = buildBirthRaw({
      facilityId: H01,
      mother: { recordNumber: 'NUL-1\u0000x', name: 'A\u0000' },
    });
    const res = await midwife.post('/api/births', body);
    expect(expectError(res, 400, 'validation_failed').issues).toEqual([
      { path: 'mother.recordNumber', message: 'Hãy xoá ký tự NUL vô hình khỏi giá trị này.' },
      { path: 'mother.name', message: 'Hãy xoá ký tự NUL vô hình khỏi giá trị này.' },
    ]);
    expect(await countRows(t.db, 'births')).toBe(before);
  });

  it('answers 400 naming the query or path parameter that holds a NUL character', async () => {
    const inQuery = await midwife.get('/api/births?q=ab%00c');
    expect(expectError(inQuery, 400, 'validation_failed').issues.map((i) => i.path)).toEqual(['q']);
    const inPath = await midwife.get('/api/births/%00');
    expect(expectError(inPath, 400, 'validation_failed').issues.map((i) => i.path)).toEqual(['id']);
  });

  it.each([
    ['a path parameter over the router limit', `/api/births/${'x'.repeat(150)}SECRET`],
    ['a malformed percent-encoding', '/api/births/%E0%A4%A?SECRET'],
  ])(
    'answers %s with 400 in the one error shape, with security headers, without echoing the URL',
    async (_, url) => {
      const res = await t.anonymous().get(url);
      expect(expectError(res, 400, 'bad_request').message).toBe('This address is not valid.');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body).not.toContain('SECRET');
    },
  );
});
