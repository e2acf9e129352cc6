import { describe, expect, it } from 'vitest';
import { scalarText } from './scalar-text';

describe('scalarText', () => {
  it.each([
    ['text', 'text'],
    [42, '42'],
    [-1.5, '-1.5'],
    [false, 'false'],
    [10n, '10'],
    [new Date('2026-03-01T00:00:00Z'), '2026-03-01T00:00:00.000Z'],
    [{ a: [1, null] }, '{"a":[1,null]}'],
    [undefined, ''],
  ])('writes %o as %s', (value, text) => {
    expect(scalarText(value)).toBe(text);
  });
});
