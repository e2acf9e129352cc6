import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { dhis2Periods } from './dhis2-export';

describe('dhis2Periods', () => {
  it("splits a standard period into the data set's periods", () => {
    expect(dhis2Periods('2025', 'Monthly').map((p) => p.id)).toEqual([
      '202501',
      '202502',
      '202503',
      '202504',
      '202505',
      '202506',
      '202507',
      '202508',
      '202509',
      '202510',
      '202511',
      '202512',
    ]);
    expect(dhis2Periods('2025', 'Quarterly').map((p) => p.id)).toEqual([
      '2025Q1',
      '2025Q2',
      '2025Q3',
      '2025Q4',
    ]);
    expect(dhis2Periods('2025Q2', 'Monthly').map((p) => p.id)).toEqual(['202504', '202505', '202506']);
    expect(dhis2Periods('202504', 'Monthly').map((p) => p.id)).toEqual(['202504']);
    expect(dhis2Periods('2025', 'Yearly').map((p) => p.id)).toEqual(['2025']);
  });
  it('refuses a period shorter than the period type, a custom range and a type OpenEENC cannot fill', () => {
    const problem = (period: string, type: string) => {
      try {
        dhis2Periods(period, type);
        return null;
      } catch (e) {
        return e instanceof AppError ? e.issues.map((i) => i.message) : e;
      }
    };
    expect(problem('202504', 'Quarterly')).toEqual(['dhis2.periodTooShort']);
    expect(problem('2025Q1', 'Yearly')).toEqual(['dhis2.periodTooShort']);
    expect(problem('2025-01-01..2025-01-20', 'Monthly')).toEqual(['dhis2.standardPeriod']);
    expect(problem('2025', 'Weekly')).toEqual(['dhis2.periodType']);
  });
});
