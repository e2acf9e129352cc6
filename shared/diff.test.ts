import { describe, expect, it } from 'vitest';
import { canonicalJson, diffDocuments } from './diff';

describe('diffDocuments', () => {
  it('lists changed leaves with dotted paths, including inside arrays', () => {
    const before = { mother: { age: 27, name: 'A' }, newborns: [{ weight: 3100, flags: [] }] };
    const after = {
      mother: { age: 28, name: 'A' },
      newborns: [{ weight: 3100, flags: ['ssc_short'] }, { weight: 2900 }],
    };
    expect(diffDocuments(before, after)).toEqual([
      { path: 'mother.age', before: 27, after: 28 },
      { path: 'newborns.0.flags.0', before: null, after: 'ssc_short' },
      { path: 'newborns.1', before: null, after: { weight: 2900 } },
    ]);
  });
  it('is empty for equal documents', () => {
    expect(diffDocuments({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });
});

describe('canonicalJson', () => {
  it('ignores key order at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
