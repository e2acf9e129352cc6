import { describe, expect, it } from 'vitest';
import { sqlLiteral, toPgArrayLiteral } from './sql-literals';

describe('toPgArrayLiteral', () => {
  it('writes plain values bare and quotes only what must be quoted', () => {
    expect(toPgArrayLiteral([1, 2.5, null, undefined, true, false])).toBe('{1,2.5,NULL,NULL,t,f}');
    expect(toPgArrayLiteral(['abc', '', 'NULL', 'null', 'a b', 'a,b', '{x}', 'say "hi"', 'c:\\d'])).toBe(
      '{abc,"","NULL","null","a b","a,b","{x}","say \\"hi\\"","c:\\\\d"}',
    );
    expect(toPgArrayLiteral([new Date('2024-03-01T02:03:04.005Z')])).toBe('{2024-03-01T02:03:04.005Z}');
    expect(toPgArrayLiteral([{ a: 'b' }])).toBe('{"{\\"a\\":\\"b\\"}"}');
    expect(toPgArrayLiteral([])).toBe('{}');
  });
});

describe('sqlLiteral', () => {
  it('writes every value as an escape string of unknown type, doubling quotes and backslashes', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(42)).toBe("E'42'");
    expect(sqlLiteral(false)).toBe("E'false'");
    expect(sqlLiteral("it's \\ here")).toBe("E'it''s \\\\ here'");
    expect(sqlLiteral("\\'); drop table births; --")).toBe("E'\\\\''); drop table births; --'");
    expect(sqlLiteral(['a', "b'c", null])).toBe("E'{a,b''c,NULL}'");
    expect(sqlLiteral(new Date('2024-03-01T00:00:00Z'))).toBe("E'2024-03-01T00:00:00.000Z'");
    expect(sqlLiteral({ a: "x'y" })).toBe(`E'{"a":"x''y"}'`);
  });
});
