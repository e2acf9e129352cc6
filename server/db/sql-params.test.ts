import { describe, expect, it } from 'vitest';
import { andAll, escapeLike, SqlParams } from './sql-params';

describe('SqlParams', () => {
  it('numbers each interpolated value after the parameters the statement already holds', () => {
    const p = new SqlParams(['scope%']);
    const text = p.sql`a.status = ${'open'} and a.at >= ${'2026-01-01'}::date`;
    expect(text).toBe('a.status = $2 and a.at >= $3::date');
    expect(p.add(50)).toBe('$4');
    expect(p.values).toEqual(['scope%', 'open', '2026-01-01', 50]);
  });

  it('sends a value that holds SQL or a `?` as a parameter, never as text', () => {
    const p = new SqlParams();
    expect(p.sql`a.name = ${"x' or '1'='1"} and b = ${'?'}`).toBe('a.name = $1 and b = $2');
    expect(p.values).toEqual(["x' or '1'='1", '?']);
  });

  it('leaves the caller’s array alone', () => {
    const initial = ['a'];
    new SqlParams(initial).add('b');
    expect(initial).toEqual(['a']);
  });
});

describe('andAll', () => {
  it('joins conditions with and, each in parentheses so that an `or` stays inside its condition', () => {
    expect(andAll(['a = $1 or b = $1', 'c'])).toBe('(a = $1 or b = $1) and (c)');
  });

  it('is true when there is no condition', () => {
    expect(andAll([])).toBe('true');
  });
});

describe('escapeLike', () => {
  it('makes %, _ and backslash match themselves', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
