import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UuidSet } from './uuid-set';

describe('UuidSet', () => {
  it('remembers every id added and nothing else, across growth', () => {
    const set = new UuidSet();
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    for (const id of ids) expect(set.add(id)).toBe(true);
    expect(set.size).toBe(20_000);
    for (const id of ids) expect(set.has(id)).toBe(true);
    for (let i = 0; i < 20_000; i++) expect(set.has(randomUUID())).toBe(false);
  });
  it('answers false when an id is added again, in any letter case', () => {
    const set = new UuidSet();
    expect(set.add('6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b')).toBe(true);
    expect(set.add('6F1C2A4E-3B5D-4C7E-9A8B-1C2D3E4F5A6B')).toBe(false);
    expect(set.size).toBe(1);
  });
  it('tells apart sequential ids that differ only in their last digits', () => {
    const set = new UuidSet();
    for (let i = 0; i < 5000; i++)
      expect(set.add(`00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`)).toBe(true);
    expect(set.size).toBe(5000);
  });
  it('holds the nil id like any other', () => {
    const set = new UuidSet();
    expect(set.has('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(set.add('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(set.add('00000000-0000-0000-0000-000000000000')).toBe(false);
  });
});
