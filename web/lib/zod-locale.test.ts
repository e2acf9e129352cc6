import { describe, expect, it } from 'vitest';
import { loadZodLocale, zodLocaleNameOf } from './zod-locale';

describe("zod's messages are loaded for the chosen language only", () => {
  it.each([
    ['vi', 'vi'],
    ['en', 'en'],
    ['fr-CA', 'fr-CA'],
    ['fr-BE', 'fr'],
    ['zh', 'zh-CN'],
    ['xx', 'en'],
  ])('%s reads zod file %s', (code, name) => {
    expect(zodLocaleNameOf(code)).toBe(name);
  });

  it('loads Vietnamese messages for vi', async () => {
    const { localeError } = await loadZodLocale('vi');
    const message = localeError({ code: 'invalid_type', expected: 'string', input: 1 } as never);
    expect(typeof message === 'string' ? message : message?.message).toMatch(/Đầu vào không hợp lệ/);
  });
});
