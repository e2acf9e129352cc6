import { describe, expect, it } from 'vitest';
import { anchorMs, anchorOf } from './contact-anchor';
import { findContactTimes } from './pnc-schedule';
import { DEFAULT_PNC_SETTINGS, KMC_FOLLOW_UP_CONTACTS, PncSettingsSchema } from './pnc-settings';

const at = { bornAtMs: 1_000, day0Ms: 500, kmcDay0Ms: 9_000 };
const def = (code: string) => DEFAULT_PNC_SETTINGS.contacts.find((c) => c.code === code)!;
// Born 8 March 2026 at 10:00 in Đà Nẵng (UTC+7).
const birth = { bornAt: '2026-03-08T03:00:00Z', birthDate: '2026-03-08', timeZone: 'Asia/Ho_Chi_Minh' };

describe('contact anchors', () => {
  it.each([
    ['birth', 'hours', 1_000],
    ['birth', 'days', 500],
    ['kmc_discharge', 'hours', 9_000],
    ['kmc_discharge', 'days', 9_000],
  ] as const)('%s, offset in %s, counts from %i', (anchor, unit, ms) => {
    expect(anchorMs(anchor, unit, at)).toBe(ms);
  });

  it('has no instant to count from before a discharge in KMC', () => {
    expect(anchorMs('kmc_discharge', 'days', { ...at, kmcDay0Ms: null })).toBeNull();
  });

  it('counts the default KMC contacts from the discharge, every other contact from the birth', () => {
    expect(KMC_FOLLOW_UP_CONTACTS.map(anchorOf)).toEqual(KMC_FOLLOW_UP_CONTACTS.map(() => 'kmc_discharge'));
    expect(
      DEFAULT_PNC_SETTINGS.contacts.filter((c) => !KMC_FOLLOW_UP_CONTACTS.includes(c)).map(anchorOf),
    ).toEqual(['birth', 'birth', 'birth', 'birth', 'birth', 'birth']);
  });

  it.each([
    ['discharged on the day of birth', '2026-03-07T17:00:00Z', '2026-03-14T17:00:00.000Z'],
    ['discharged on day 21', '2026-03-28T17:00:00Z', '2026-04-04T17:00:00.000Z'],
  ])('week 1 of a baby %s is due 7 days after the local midnight of the discharge', (_n, kmcDay0, due) => {
    expect(findContactTimes(def('k1'), { ...birth, kmcDay0 })?.dueFrom.toISOString()).toBe(due);
    // The birth-anchored contacts do not move.
    expect(findContactTimes(def('c3'), { ...birth, kmcDay0 })?.dueFrom.toISOString()).toBe(
      '2026-03-14T17:00:00.000Z',
    );
  });

  it('gives a KMC contact no window while the baby has no discharge in KMC', () => {
    expect(findContactTimes(def('k1'), birth)).toBeUndefined();
    expect(findContactTimes(def('k1'), { ...birth, kmcDay0: null })).toBeUndefined();
  });

  it('refuses the KMC discharge as the anchor of a contact that is not for babies in KMC follow-up only', () => {
    const contacts = DEFAULT_PNC_SETTINGS.contacts.map((c) =>
      c.code === 'x5' ? { ...c, anchor: 'kmc_discharge' as const } : c,
    );
    const parsed = PncSettingsSchema.safeParse({ ...DEFAULT_PNC_SETTINGS, contacts });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['contacts.2.anchor', 'pnc.settingsAnchorKmcOnly'],
    ]);
    expect(PncSettingsSchema.safeParse(DEFAULT_PNC_SETTINGS).success).toBe(true);
  });
});
