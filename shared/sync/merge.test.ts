import { describe, expect, it } from 'vitest';
import { applyPatch, patchBetween } from './flat-record';
import { mergePatch } from './merge';

const N = 'newborns.n1';
const base = {
  'mother.age': 27,
  'mother.parity': 1,
  [`${N}.birthOrder`]: 1,
  [`${N}.birthWeightGrams`]: 3100,
};

describe('mergePatch', () => {
  it.each([
    ['takes a field only the device changed', base, { 'mother.age': 30 }, { 'mother.age': 30 }, []],
    [
      'keeps a field only the server changed',
      { ...base, 'mother.parity': 2 },
      { 'mother.age': 30 },
      { 'mother.age': 30 },
      [],
    ],
    [
      'is no conflict when both wrote the same value',
      { ...base, 'mother.age': 30 },
      { 'mother.age': 30 },
      {},
      [],
    ],
    [
      'keeps the server value and reports a field both changed differently',
      { ...base, 'mother.age': 31 },
      { 'mother.age': 30 },
      {},
      [{ path: 'mother.age', base: 27, server: 31, device: 30 }],
    ],
    ['removes a newborn the server left as it was', base, { [N]: null }, { [N]: null }, []],
    [
      'refuses to remove a newborn the server changed',
      { ...base, [`${N}.birthWeightGrams`]: 2900 },
      { [N]: null },
      {},
      [{ path: N, base: 'present', server: 'present', device: null }],
    ],
  ])('%s', (_name, server, patch, apply, conflicts) => {
    expect(mergePatch(base, server, patch)).toEqual({ apply, conflicts });
  });

  it('without a base, reports every field where server and device differ (never a silent overwrite)', () => {
    expect(mergePatch(null, base, { 'mother.age': 30, 'mother.parity': 1 })).toEqual({
      apply: {},
      conflicts: [{ path: 'mother.age', base: null, server: 27, device: 30 }],
    });
  });
});

describe('patchBetween and applyPatch', () => {
  it('round-trips an edit, including a removed newborn', () => {
    const after = { 'mother.age': 28, 'mother.parity': 1 };
    const patch = patchBetween(base, after);
    expect(patch).toEqual({ 'mother.age': 28, [N]: null });
    expect(applyPatch(base, patch)).toEqual(after);
  });
});
