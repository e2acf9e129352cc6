import { describe, expect, it } from 'vitest';
import { DEFAULT_EENC_SETTINGS } from '../births/eenc-settings';
import { PNC_THRESHOLDS } from '../pnc/pnc-rules';
import { meetsGraduation, pmaWeeksOn } from './kmc-graduation';
import { DEFAULT_SPECIAL_CARE, needsSpecialCare } from './kmc-rule';

describe('post-menstrual age', () => {
  it('adds the completed weeks since birth to the completed weeks of gestation', () => {
    expect(pmaWeeksOn(32, '2026-01-01', '2026-01-01')).toBe(32);
    expect(pmaWeeksOn(32, '2026-01-01', '2026-01-07')).toBe(32);
    expect(pmaWeeksOn(32, '2026-01-01', '2026-01-08')).toBe(33);
    expect(pmaWeeksOn(32, '2026-01-01', '2026-02-26')).toBe(40);
    expect(pmaWeeksOn(null, '2026-01-01', '2026-03-01')).toBeNull();
  });
});

describe('graduation criterion (defaults 2,500 g or 40 weeks)', () => {
  it.each([
    [2499, 39, false],
    [2500, 39, true],
    [2499, 40, true],
    [null, 40, true],
    [2600, null, true],
    [null, 39, false],
    [null, null, false],
  ] as const)('%s g at %s weeks: %s', (grams, weeks, met) => {
    expect(meetsGraduation(DEFAULT_EENC_SETTINGS, grams, weeks)).toBe(met);
  });

  it("follows the country's numbers", () => {
    const own = { kmcGraduationGrams: 2000, kmcGraduationPmaWeeks: 37 };
    expect([
      meetsGraduation(own, 1999, 36),
      meetsGraduation(own, 2000, 36),
      meetsGraduation(own, null, 37),
    ]).toEqual([false, true, true]);
  });
});

describe('special-care thresholds as a setting', () => {
  it('defaults to the verified postnatal danger-sign numbers (1,500 g, 32 weeks)', () => {
    expect(DEFAULT_SPECIAL_CARE).toEqual({
      kmcSpecialCareBelowGrams: PNC_THRESHOLDS.newbornVeryLowWeightGrams,
      kmcSpecialCareBelowWeeks: PNC_THRESHOLDS.newbornVeryPretermWeeks,
    });
  });

  it("marks by the country's thresholds at their boundaries", () => {
    const own = { kmcSpecialCareBelowGrams: 1800, kmcSpecialCareBelowWeeks: 34 };
    const at = (g: number, w: number) =>
      needsSpecialCare({ outcome: 'live_birth', birthWeightGrams: g }, w, own);
    expect([at(1799, 38), at(1800, 38), at(2500, 33), at(2500, 34)]).toEqual([true, false, true, false]);
    expect(needsSpecialCare({ outcome: 'live_birth', birthWeightGrams: 1700 }, 38)).toBe(false);
  });
});
