import { describe, expect, it } from 'vitest';
import { kmcFollowUpPlanOf, withKmcFollowUpPlan } from './kmc-follow-up-plan';
import { DEFAULT_PNC_SETTINGS, isKmcFollowUpContact, kmcFollowUpContacts } from './pnc-settings';

describe('the KMC follow-up plan of the settings page', () => {
  it('reads the default as weekly under 2,000 g, every 2 weeks, 12 weeks', () => {
    expect(kmcFollowUpPlanOf(DEFAULT_PNC_SETTINGS)).toEqual({
      plan: { weeklyBelowGrams: 2000, weeks: 12, laterEveryWeeks: 2 },
      matches: true,
    });
  });

  it('writes a plan back as the schedule’s KMC contacts, the other contacts kept in place', () => {
    const r = withKmcFollowUpPlan(DEFAULT_PNC_SETTINGS, {
      weeklyBelowGrams: 1800,
      weeks: 9,
      laterEveryWeeks: 3,
    });
    if (!('settings' in r)) throw new Error(JSON.stringify(r.issues));
    expect(r.settings.kmcWeeklyBelowGrams).toBe(1800);
    expect(r.settings.contacts.filter((c) => !isKmcFollowUpContact(c))).toEqual(
      DEFAULT_PNC_SETTINGS.contacts.filter((c) => !isKmcFollowUpContact(c)),
    );
    expect(kmcFollowUpPlanOf(r.settings)).toEqual({
      plan: { weeklyBelowGrams: 1800, weeks: 9, laterEveryWeeks: 3 },
      matches: true,
    });
  });

  it('says when the KMC contacts were edited otherwise (through the API)', () => {
    const edited = {
      ...DEFAULT_PNC_SETTINGS,
      contacts: DEFAULT_PNC_SETTINGS.contacts.map((c) => (c.code === 'k4' ? { ...c, remind: false } : c)),
    };
    expect(kmcFollowUpPlanOf(edited).matches).toBe(false);
    const weeklyForAll = {
      ...DEFAULT_PNC_SETTINGS,
      contacts: [
        ...DEFAULT_PNC_SETTINGS.contacts.filter((c) => !isKmcFollowUpContact(c)),
        ...kmcFollowUpContacts(undefined, 1),
      ],
    };
    expect(kmcFollowUpPlanOf(weeklyForAll)).toMatchObject({ plan: { laterEveryWeeks: 1 }, matches: true });
  });

  it('refuses bad input field by field, with the messages of the catalogue', () => {
    const issues = (input: Record<string, unknown>) => {
      const r = withKmcFollowUpPlan(DEFAULT_PNC_SETTINGS, {
        weeklyBelowGrams: 2000,
        weeks: 12,
        laterEveryWeeks: 2,
        ...input,
      } as never);
      return 'issues' in r ? r.issues.map((i) => [i.path, i.message]) : [];
    };
    expect(issues({ weeklyBelowGrams: Number.NaN })).toEqual([
      ['weeklyBelowGrams', 'pnc.kmcWeeklyBelowGramsRange'],
    ]);
    expect(issues({ weeklyBelowGrams: null })).toEqual([
      ['weeklyBelowGrams', 'pnc.kmcWeeklyBelowGramsRange'],
    ]);
    expect(issues({ weeks: 17 })).toEqual([['weeks', 'pnc.kmcFollowUpWeeksRange']]);
    expect(issues({ weeks: 2.5 })).toEqual([['weeks', 'pnc.kmcFollowUpWeeksRange']]);
    expect(issues({ laterEveryWeeks: 5 })).toEqual([['laterEveryWeeks', 'pnc.kmcLaterEveryRange']]);
    // 6 other contacts + 16 weeks = 22 fit; with 4 more contacts, 16 weeks do not.
    expect(issues({ weeks: 16 })).toEqual([]);
    const crowded = {
      ...DEFAULT_PNC_SETTINGS,
      contacts: [
        ...DEFAULT_PNC_SETTINGS.contacts,
        ...['y1', 'y2', 'y3', 'y4'].map((code) => ({ ...DEFAULT_PNC_SETTINGS.contacts[2]!, code })),
      ],
    };
    const r = withKmcFollowUpPlan(crowded, { weeklyBelowGrams: 2000, weeks: 16, laterEveryWeeks: 2 });
    expect('issues' in r ? r.issues : []).toEqual([{ path: 'weeks', message: 'pnc.kmcFollowUpTooMany' }]);
  });
});
