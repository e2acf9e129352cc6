import { describe, expect, it } from 'vitest';
import { bandOf, type ChecklistAnswer, scoreChecklist, unknownItems } from './checklist-scoring';
import { CHECKLISTS, type ChecklistDefinition, currentChecklists, findChecklist } from './checklists';

const tiny: ChecklistDefinition = {
  id: 'tiny',
  version: 1,
  module: 'eenc_routine',
  name: { en: 'Tiny', vi: 'Nhỏ' },
  domains: [
    {
      code: 'a',
      label: { en: 'A', vi: 'A' },
      items: [
        { code: 'a1', label: { en: '', vi: '' } },
        { code: 'a2', label: { en: '', vi: '' } },
      ],
    },
    { code: 'b', label: { en: 'B', vi: 'B' }, items: [{ code: 'b1', label: { en: '', vi: '' } }] },
  ],
};

describe('checklist scoring: yes 2, partial 1, no 0, not applicable left out', () => {
  it.each<[string, Record<string, ChecklistAnswer>, number, number, number | null]>([
    ['all yes', { a1: 'yes', a2: 'yes', b1: 'yes' }, 6, 6, 100],
    ['partial credit', { a1: 'partial', a2: 'yes', b1: 'no' }, 3, 6, 50],
    ['not applicable leaves the maximum', { a1: 'yes', a2: 'na', b1: 'partial' }, 3, 4, 75],
    ['an item without an answer is not applicable', { a1: 'no' }, 0, 2, 0],
    ['nothing applies: no percentage', { a1: 'na', a2: 'na', b1: 'na' }, 0, 0, null],
  ])('%s', (_n, answers, total, max, percent) => {
    expect(scoreChecklist(tiny, answers)).toMatchObject({ total, max, percent });
  });

  it('scores each domain apart', () => {
    expect(scoreChecklist(tiny, { a1: 'yes', a2: 'no', b1: 'na' }).domains).toEqual({
      a: { total: 2, max: 4, percent: 50 },
      b: { total: 0, max: 0, percent: null },
    });
  });

  it('rounds to one decimal: 2 of 3 items yes is 66.7 %', () => {
    expect(scoreChecklist(tiny, { a1: 'yes', a2: 'yes', b1: 'no' }).percent).toBe(66.7);
  });
});

describe('bands at their boundaries (defaults < 50, 50–79, ≥ 80)', () => {
  const s = { lowBandPercent: 50, passingPercent: 80 };
  it.each([
    [49.9, 'low'],
    [50, 'middle'],
    [79.9, 'middle'],
    [80, 'high'],
    [100, 'high'],
    [null, null],
  ] as const)('%s %% is %s', (p, band) => expect(bandOf(p, s)).toBe(band));

  it("follows the country's numbers", () =>
    expect(bandOf(85, { lowBandPercent: 60, passingPercent: 90 })).toBe('middle'));
});

describe('checklist definitions', () => {
  it('have the verified shape: breathing baby 5 domains and 24 items, not breathing 7 domains', () => {
    const breathing = findChecklist('eenc_breathing', 1)!;
    expect(breathing.domains).toHaveLength(5);
    expect(breathing.domains.flatMap((d) => d.items)).toHaveLength(24);
    expect(findChecklist('eenc_not_breathing', 1)!.domains).toHaveLength(7);
  });

  it('name each item once within a checklist, with both languages', () => {
    for (const c of CHECKLISTS) {
      const items = c.domains.flatMap((d) => d.items);
      expect(new Set(items.map((i) => i.code)).size, c.id).toBe(items.length);
      expect(items.every((i) => i.label.en && i.label.vi)).toBe(true);
    }
  });

  it('offer the latest version of each for recording, and name unknown items', () => {
    expect(currentChecklists().map((c) => c.id)).toEqual(['eenc_breathing', 'eenc_not_breathing', 'kmc']);
    expect(unknownItems(tiny, { a1: 'yes', zz: 'no' })).toEqual(['zz']);
  });
});
