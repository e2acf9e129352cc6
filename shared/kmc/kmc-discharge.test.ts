import { describe, expect, it } from 'vitest';
import { DEFAULT_EENC_SETTINGS } from '../births/eenc-settings';
import { applyLogChecks, dischargeFromLog, type LogDay } from './kmc-discharge';

const rule = DEFAULT_EENC_SETTINGS;
const days = (start: number, weights: Array<number | null>, temps: Array<number | null> = []): LogDay[] =>
  weights.map((w, i) => ({
    date: `2026-03-${String(start + i).padStart(2, '0')}`,
    weightGrams: w,
    lowestTemperatureC: temps[i] ?? null,
  }));

describe('discharge checks read from the daily log', () => {
  it.each([
    ['four weights on consecutive days, each higher', [1800, 1810, 1830, 1850], true],
    ['a day weighed no more than the day before', [1800, 1810, 1810, 1850], false],
    ['a fall two days ago', [1900, 1880, 1890, 1900], false],
    ['three weights only (3 days of gain need 4)', [null, 1810, 1830, 1850], null],
    ['a day not weighed between gains', [1800, null, 1830, 1850], null],
    ['a fall beside an unweighed day', [1800, null, 1830, 1820], false],
    ['nothing weighed', [null, null], null],
  ] as const)('weight gain: %s → %s', (_, weights, expected) => {
    const got = dischargeFromLog(days(5, [...weights]), '2026-03-20', rule).weightGain3Days;
    expect(got.value).toBe(expected);
    if (weights.some((w) => w !== null)) expect(got.days).toHaveLength(4);
  });

  it('reads the days ending on the last day weighed on or before the discharge day, with their weights', () => {
    const logs = days(5, [1900, 1800, 1810, 1830, 1850, 1700]);
    // Discharged on the 9th: the 10th's fall is after it and not read.
    expect(dischargeFromLog(logs, '2026-03-09', rule).weightGain3Days).toEqual({
      value: true,
      days: [
        { date: '2026-03-06', value: 1800 },
        { date: '2026-03-07', value: 1810 },
        { date: '2026-03-08', value: 1830 },
        { date: '2026-03-09', value: 1850 },
      ],
    });
    expect(dischargeFromLog(logs, '2026-03-10', rule).weightGain3Days.value).toBe(false);
    // The number of days is the country's setting.
    expect(
      dischargeFromLog(logs, '2026-03-09', { ...rule, kmcWeightGainDays: 4 }).weightGain3Days.value,
    ).toBe(false);
  });

  it.each([
    ['three days from 36.5 to 37.4 °C', [36.5, 36.8, 37.4], true],
    ['one at 36.4 °C (mild hypothermia)', [36.6, 36.4, 36.8], false],
    ['one at 37.5 °C (fever)', [36.6, 37.5, 36.8], false],
    ['a day without a temperature', [36.6, null, 36.8], null],
    ['a day without a temperature and one low', [35.9, null, 36.8], false],
  ] as const)('temperature stable: %s → %s', (_, temps, expected) => {
    const got = dischargeFromLog(days(5, [null, null, null], [...temps]), '2026-03-20', rule);
    expect(got.temperatureStable.value).toBe(expected);
  });

  it('takes the normal range from the settings', () => {
    const logs = days(5, [null, null, null], [36.3, 36.3, 36.3]);
    expect(dischargeFromLog(logs, '2026-03-20', rule).temperatureStable.value).toBe(false);
    expect(
      dischargeFromLog(logs, '2026-03-20', { ...rule, kmcNormalTemperatureMinC: 36 }).temperatureStable.value,
    ).toBe(true);
  });
});

describe('answers against the log', () => {
  const fromLog = dischargeFromLog(
    days(5, [1800, 1790, 1800, 1810], [36.6, 36.7, 36.8, 36.8]),
    '2026-03-20',
    rule,
  );
  const checks = { weightGain3Days: true, temperatureStable: true };

  it('refuses a yes the log contradicts without a reason, naming the days', () => {
    const { issues } = applyLogChecks(checks, {}, fromLog);
    expect(issues).toEqual([
      {
        path: 'checks.weightGain3Days',
        message: 'kmc.logSaysNo',
        params: { days: '2026-03-05: 1800, 2026-03-06: 1790, 2026-03-07: 1800, 2026-03-08: 1810' },
      },
    ]);
  });

  it('records the answer with the reason and what the log said', () => {
    const got = applyLogChecks(checks, { weightGain3Days: 'weighed on another scale' }, fromLog);
    expect(got.issues).toEqual([]);
    expect(got.checks).toEqual(checks);
    expect(got.recorded).toEqual({
      weightGain3Days: { fromLog: false, overrideReason: 'weighed on another scale' },
      temperatureStable: { fromLog: true, overrideReason: null },
    });
  });

  it("takes the log's answer for a blank one, and refuses a reason where the log agrees", () => {
    const blank = applyLogChecks({ weightGain3Days: null, temperatureStable: null }, {}, fromLog);
    expect(blank.checks).toEqual({ weightGain3Days: false, temperatureStable: true });
    expect(applyLogChecks(checks, { temperatureStable: 'why not' }, fromLog).issues).toContainEqual({
      path: 'overrideReasons.temperatureStable',
      message: 'kmc.overrideOnlyIfLogDisagrees',
    });
  });
});
