import { describe, expect, it } from 'vitest';
import { localMidnight, worklistDay } from './pnc-schedule';
import { DEFAULT_PNC_SETTINGS, type PncSettings } from './pnc-settings';
import {
  clockOf,
  compareKeys,
  compileSchedule,
  rowKey,
  sectionBySchedule,
  subjectRows,
  type WorklistSubject,
} from './pnc-worklist-core';

const SECTION = { 1: 'due_today', 2: 'overdue', 3: 'upcoming' } as const;

const subject = (o: Partial<WorklistSubject> = {}): WorklistSubject => ({
  id: 's1',
  birthId: 'b1',
  kind: 'newborn',
  birthOrder: 1,
  viaFacility: true,
  viaCommune: true,
  handedOver: true,
  bornAtMs: Date.parse('2026-03-08T03:00:00Z'),
  day0Ms: Date.parse('2026-03-07T17:00:00Z'),
  kmcDay0Ms: null,
  active: true,
  markers: [],
  dangerFound: false,
  doneCodes: [],
  openReferralCodes: [],
  pairDanger: false,
  pairRisk: 0,
  ...o,
});

describe('worklist core', () => {
  const now = new Date('2026-03-10T08:00:00Z');
  const day = worklistDay(now, 'Asia/Ho_Chi_Minh', 7);
  const schedule = compileSchedule(DEFAULT_PNC_SETTINGS);

  it('puts every contact in the same section as worklistSection, for births over 90 days and every hour', () => {
    const settings: PncSettings = DEFAULT_PNC_SETTINGS;
    for (let h = 0; h < 90 * 24; h += 7) {
      const bornAtMs = now.getTime() - h * 3_600_000;
      const day0Ms = localMidnight(
        new Date(bornAtMs + 7 * 3_600_000).toISOString().slice(0, 10),
        'Asia/Ho_Chi_Minh',
      ).getTime();
      // Markers for which every contact applies, the weekly KMC follow-up included, counted from a
      // discharge in KMC 10 days after the birth.
      const markers = ['kmc', 'kmc_follow_up', 'kmc_follow_up_weekly'] as const;
      const kmcDay0Ms = day0Ms + 10 * 24 * 3_600_000;
      const rows = subjectRows(
        subject({ bornAtMs, day0Ms, kmcDay0Ms, markers: [...markers] }),
        schedule,
        clockOf(now, day),
      );
      for (const def of settings.contacts) {
        const expected = sectionBySchedule(def, { bornAtMs, day0Ms, kmcDay0Ms }, now, day);
        const row = rows.find((r) => r.def.code === def.code);
        expect(row ? SECTION[row.sec as 1 | 2 | 3] : null, `${def.code} at ${h} h`).toBe(expected);
      }
    }
  });

  it.each([
    ['only the first-day contact at the facility of a pair handed over', { viaCommune: false }, ['c1']],
    ['the commune’s contacts after discharge', { viaFacility: false }, ['c2', 'c3']],
    [
      'a pair no one took over stays with the facility',
      { viaCommune: false, handedOver: false },
      ['c1', 'c2', 'c3'],
    ],
    ['a pair no one took over is not the commune’s', { viaFacility: false, handedOver: false }, []],
    ['a baby who died has no pending contact', { active: false }, []],
    ['contacts done are not listed', { doneCodes: ['c1', 'c2'] }, ['c3']],
    [
      'a baby discharged in KMC on the day of birth under the weekly threshold has its first KMC contact a week later',
      {
        markers: ['kmc_follow_up', 'kmc_follow_up_weekly'],
        kmcDay0Ms: Date.parse('2026-03-07T17:00:00Z'),
      },
      ['c1', 'c2', 'c3', 'k1'],
    ],
    [
      'a baby discharged in KMC at or over the weekly threshold has no week-1 contact (fortnightly)',
      { markers: ['kmc_follow_up'], kmcDay0Ms: Date.parse('2026-03-07T17:00:00Z') },
      ['c1', 'c2', 'c3'],
    ],
    [
      'a baby in KMC follow-up without its discharge date has no KMC contact yet',
      { markers: ['kmc_follow_up'] },
      ['c1', 'c2', 'c3'],
    ],
    [
      'a baby discharged in KMC tomorrow has no KMC contact within the week',
      { markers: ['kmc_follow_up'], kmcDay0Ms: Date.parse('2026-03-10T17:00:00Z') },
      ['c1', 'c2', 'c3'],
    ],
  ] as const)('%s', (_name, o, codes) => {
    const rows = subjectRows(subject(o as Partial<WorklistSubject>), schedule, clockOf(now, day));
    expect(rows.map((r) => r.def.code)).toEqual(codes);
  });

  it('lists an open referral first, even when its contact was done or the baby died', () => {
    const rows = subjectRows(
      subject({ doneCodes: ['c2'], openReferralCodes: ['c2'], active: false }),
      schedule,
      clockOf(now, day),
    );
    expect(rows.map((r) => `${r.def.code}:${r.sec}`)).toEqual(['c2:0']);
  });

  it('orders by section, danger, risk markers, then due time', () => {
    const rows = [
      subject({ id: 'a', birthId: 'a' }),
      subject({ id: 'b', birthId: 'b', pairRisk: 2 }),
      subject({ id: 'c', birthId: 'c', pairDanger: true }),
      subject({ id: 'd', birthId: 'd', bornAtMs: Date.parse('2026-03-07T20:00:00Z') }),
    ].flatMap((s) => subjectRows(s, schedule, clockOf(now, day)).filter((r) => r.def.code === 'c2'));
    rows.sort((x, y) => compareKeys(rowKey(x), rowKey(y)));
    expect(rows.map((r) => r.subject.id)).toEqual(['c', 'b', 'd', 'a']);
  });
});
