import { describe, expect, it } from 'vitest';
import { Cutoff, KMC_PRESETS } from '../births/eenc-settings';
import { assessKmc, kmcPresetOf, kmcRuleSnapshot } from './kmc-rule';

/**
 * The register records gestational age in completed weeks, so 31+6 is 31 weeks and 32+0 is 32: the
 * boundaries of issue 16 in the unit the rule reads.
 */
const W = { '31+6': 31, '32+0': 32, '36+6': 36, '37+0': 37, term: 39 } as const;

type Case = [
  label: string,
  grams: number | null,
  weeks: number | null,
  eligible: boolean | null,
  special: boolean | null,
];

const EENC_CASES: Case[] = [
  ['1,499 g at term', 1499, W.term, true, true],
  ['1,500 g at term', 1500, W.term, true, false],
  ['1,999 g at term', 1999, W.term, true, false],
  ['2,000 g at term (at or below)', 2000, W.term, true, false],
  ['2,499 g at term', 2499, W.term, false, false],
  ['2,500 g at term', 2500, W.term, false, false],
  ['3,000 g at 31+6 (weight only; special care)', 3000, W['31+6'], false, true],
  ['3,000 g at 32+0', 3000, W['32+0'], false, false],
  ['3,000 g at 36+6', 3000, W['36+6'], false, false],
  ['3,000 g at 37+0', 3000, W['37+0'], false, false],
  ['weight missing, at term', null, W.term, null, null],
  ['weight missing, 31+6', null, W['31+6'], null, true],
  ['1,800 g, age missing', 1800, null, true, null],
  ['2,200 g, age missing (the age is not part of this rule)', 2200, null, false, null],
  ['1,400 g, age missing', 1400, null, true, true],
];

const WHO_CASES: Case[] = [
  ['1,499 g at term', 1499, W.term, true, true],
  ['1,500 g at term', 1500, W.term, true, false],
  ['1,999 g at term', 1999, W.term, true, false],
  ['2,000 g at term', 2000, W.term, true, false],
  ['2,499 g at term', 2499, W.term, true, false],
  ['2,500 g at term (below, not at)', 2500, W.term, false, false],
  ['3,000 g at 31+6', 3000, W['31+6'], true, true],
  ['3,000 g at 32+0', 3000, W['32+0'], true, false],
  ['3,000 g at 36+6', 3000, W['36+6'], true, false],
  ['3,000 g at 37+0', 3000, W['37+0'], false, false],
  ['weight missing, at term', null, W.term, null, null],
  ['weight missing, 36+6', null, W['36+6'], true, null],
  ['weight missing, 31+6', null, W['31+6'], true, true],
  ['2,600 g, age missing', 2600, null, null, null],
  ['2,200 g, age missing', 2200, null, true, null],
  ['both missing', null, null, null, null],
];

describe('KMC rule vectors at every boundary of issue 16', () => {
  it.each(EENC_CASES)('EENC preset (≤ 2,000 g): %s', (_l, grams, weeks, eligible, special) => {
    expect(assessKmc({ outcome: 'live_birth', birthWeightGrams: grams }, weeks, KMC_PRESETS.eenc)).toEqual({
      eligible,
      specialCare: special,
    });
  });

  it.each(WHO_CASES)(
    'WHO 2022 preset (< 37 weeks or < 2,500 g): %s',
    (_l, grams, weeks, eligible, special) => {
      expect(
        assessKmc({ outcome: 'live_birth', birthWeightGrams: grams }, weeks, KMC_PRESETS.who2022),
      ).toEqual({
        eligible,
        specialCare: special,
      });
    },
  );

  it('marks no stillborn baby, however small', () => {
    expect(
      assessKmc({ outcome: 'fresh_stillbirth', birthWeightGrams: 900 }, 27, KMC_PRESETS.who2022),
    ).toEqual({
      eligible: null,
      specialCare: null,
    });
  });

  it('takes numeric thresholds, not only the presets: "below 1,800 g or at most 34 weeks"', () => {
    const own = {
      kmcMaxWeightGrams: 1800,
      kmcWeightCutoff: Cutoff.below,
      kmcMaxGestationalWeeks: 34,
      kmcWeeksCutoff: Cutoff.atOrBelow,
    };
    const at = (g: number, w: number) =>
      assessKmc({ outcome: 'live_birth', birthWeightGrams: g }, w, own).eligible;
    expect([at(1799, 39), at(1800, 39), at(3000, 34), at(3000, 35)]).toEqual([true, false, true, false]);
    expect(kmcPresetOf(own)).toBe('custom');
  });
});

describe('naming the rule a setting is', () => {
  it('recognises both presets, and ignores the weeks comparison when there is no weeks cut-off', () => {
    expect(kmcPresetOf(KMC_PRESETS.eenc)).toBe('eenc');
    expect(kmcPresetOf({ ...KMC_PRESETS.eenc, kmcWeeksCutoff: Cutoff.atOrBelow })).toBe('eenc');
    expect(kmcPresetOf(KMC_PRESETS.who2022)).toBe('who2022');
    expect(kmcPresetOf({ ...KMC_PRESETS.who2022, kmcMaxWeightGrams: 2400 })).toBe('custom');
  });

  it('keeps the numbers with the preset in the snapshot a closed episode stores', () => {
    expect(kmcRuleSnapshot(KMC_PRESETS.who2022)).toEqual({ preset: 'who2022', ...KMC_PRESETS.who2022 });
  });
});
