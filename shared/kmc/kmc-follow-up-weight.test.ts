import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PNC_SETTINGS,
  isKmcFollowUpContact,
  KMC_FOLLOW_UP_CONTACTS,
  kmcFollowUpContacts,
  PncSettingsSchema,
} from '../pnc/pnc-settings';
import { isKmcWeekly } from './kmc-follow-up-weight';

describe('KMC follow-up by weight (issue 16: weekly until 2,000 g)', () => {
  it.each([
    [null, 2000, true],
    [1499, 2000, true],
    [1999, 2000, true],
    [2000, 2000, false],
    [2001, 2000, false],
    [2499, 2500, true],
    [2500, 2500, false],
  ] as const)('a baby known at %s g with the threshold at %s g is weekly: %s', (grams, below, weekly) => {
    expect(isKmcWeekly(grams, below)).toBe(weekly);
  });

  it('the default: weeks 1–12, the odd weeks for babies under the threshold only, the even weeks for all', () => {
    expect(DEFAULT_PNC_SETTINGS.kmcWeeklyBelowGrams).toBe(2000);
    expect(KMC_FOLLOW_UP_CONTACTS.map((c) => [c.code, c.onlyForMarkers[0]])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((w) => [
        `k${w}`,
        w % 2 === 0 ? 'kmc_follow_up' : 'kmc_follow_up_weekly',
      ]),
    );
    expect(KMC_FOLLOW_UP_CONTACTS.every(isKmcFollowUpContact)).toBe(true);
    expect(PncSettingsSchema.safeParse(DEFAULT_PNC_SETTINGS).success).toBe(true);
  });

  it('every third week from the threshold; every week whatever the weight', () => {
    const forAll = (every: number) =>
      kmcFollowUpContacts(undefined, every)
        .filter((c) => c.onlyForMarkers[0] === 'kmc_follow_up')
        .map((c) => c.code);
    expect(forAll(3)).toEqual(['k3', 'k6', 'k9', 'k12']);
    expect(forAll(1)).toHaveLength(12);
  });

  it('refuses a threshold out of 1,000–4,000 g with its message', () => {
    const r = PncSettingsSchema.safeParse({ ...DEFAULT_PNC_SETTINGS, kmcWeeklyBelowGrams: 999 });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['kmcWeeklyBelowGrams', 'pnc.kmcWeeklyBelowGramsRange'],
    ]);
  });
});
