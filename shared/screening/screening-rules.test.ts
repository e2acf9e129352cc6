import { describe, expect, it } from 'vitest';
import { compareWorklistKeys } from '../follow-up/worklist-order';
import { NO_SCREENING_FINDINGS } from './screening-builders';
import { DEFAULT_SCREENING_SETTINGS as S, type ScreeningSettings } from './screening-settings';
import {
  ageOn,
  type ClientFacts,
  isDueOn,
  nextStepOf,
  recallOn,
  type ScreeningEventFacts,
  screeningState,
} from './screening-rules';
import { screeningKey, screeningSection } from './screening-worklist';

const TODAY = '2026-12-06';
const woman = (birthDate: string, hivPositive = false): ClientFacts => ({
  birthDate,
  birthYear: Number(birthDate.slice(0, 4)),
  hivPositive,
});
const event = (o: Partial<ScreeningEventFacts>): ScreeningEventFacts => ({
  id: 'e1',
  test: 'hpv_dna',
  takenOn: '2026-01-10',
  ...NO_SCREENING_FINDINGS,
  result: 'negative',
  resultOn: '2026-01-20',
  ...o,
});

describe('who is due (WHO 2021 defaults)', () => {
  it.each([
    ['29 the day before her 30th birthday: not due', '1996-12-07', false, false, '2026-12-07'],
    ['30 today, never screened: due', '1996-12-06', false, true, '2026-12-06'],
    ['living with HIV, 25 today: due', '2001-12-06', true, true, '2026-12-06'],
    ['living with HIV, 24: not due', '2001-12-07', true, false, '2026-12-07'],
    ['25 without HIV: not due until 30', '2001-12-06', false, false, '2031-12-06'],
    ['49 (50 tomorrow): still due', '1976-12-07', false, true, '2006-12-07'],
  ])('%s', (_label, born, hiv, due, dueOn) => {
    const st = screeningState(woman(born, hiv), [], S);
    expect(isDueOn(st, TODAY)).toBe(due);
    expect(st.dueOn).toBe(dueOn);
  });

  it('50 today: aged out, not due', () => {
    const st = screeningState(woman('1976-12-06'), [], S);
    expect(st.endsOn).toBe('2026-12-06');
    expect(isDueOn(st, TODAY)).toBe(false);
    expect(recallOn(st, TODAY)).toBeNull();
  });

  it('counts completed years', () => {
    expect(ageOn(woman('1996-12-07'), TODAY)).toBe(29);
    expect(ageOn(woman('1996-12-06'), TODAY)).toBe(30);
    expect(ageOn({ birthDate: null, birthYear: 1996, hivPositive: false }, TODAY)).toBe(30);
  });
});

describe('intervals by test and result', () => {
  it('HPV-negative at 31: next due at 36 (5 years)', () => {
    const st = screeningState(woman('1990-03-01'), [event({ takenOn: '2021-06-15' })], S);
    expect(st).toMatchObject({ step: 'screen', dueOn: '2026-06-15' });
    expect(ageOn(woman('1990-03-01'), st.dueOn!)).toBe(36);
    expect(isDueOn(st, '2026-06-14')).toBe(false);
    expect(isDueOn(st, '2026-06-15')).toBe(true);
  });

  it('living with HIV, HPV-negative at 25: next due at 28 (3 years)', () => {
    const st = screeningState(woman('2000-01-01', true), [event({ takenOn: '2025-02-01' })], S);
    expect(st.dueOn).toBe('2028-02-01');
  });

  it('VIA negative: 3 years', () => {
    expect(
      screeningState(woman('1980-01-01'), [event({ test: 'via', takenOn: '2024-05-05' })], S).dueOn,
    ).toBe('2027-05-05');
  });

  it('a next screen past the upper age ends screening', () => {
    const st = screeningState(woman('1978-01-01'), [event({ takenOn: '2024-01-01' })], S);
    expect(st).toMatchObject({ step: 'none', dueOn: null });
  });

  it('after treatment: rescreen 1 year after the treatment', () => {
    const e = event({ result: 'positive', treatment: 'thermal_ablation', treatedOn: '2026-02-10' });
    expect(screeningState(woman('1985-01-01'), [e], S)).toMatchObject({
      step: 'screen',
      dueOn: '2027-02-10',
    });
  });

  it('positive, triage negative: 2 years after triage (1 year living with HIV)', () => {
    const e = event({
      result: 'positive',
      triageMethod: 'via',
      triageResult: 'negative',
      triageOn: '2026-02-01',
    });
    expect(screeningState(woman('1985-01-01'), [e], S).dueOn).toBe('2028-02-01');
    expect(screeningState(woman('1985-01-01', true), [e], S).dueOn).toBe('2027-02-01');
  });
});

describe('what a result leads to', () => {
  const settings = (o: Partial<ScreeningSettings>) => ({ ...S, ...o });
  it.each([
    ['no result yet', event({ result: null, resultOn: null }), false, S, 'await_result'],
    ['HPV negative', event({}), false, S, 'rescreen'],
    ['HPV positive, screen-and-treat', event({ result: 'positive' }), false, S, 'treat'],
    ['HPV positive, living with HIV: triage', event({ result: 'positive' }), true, S, 'triage'],
    [
      'HPV 16 positive, HIV, genotyping as triage: treat',
      event({ result: 'positive', genotypes: ['16'] }),
      true,
      S,
      'treat',
    ],
    [
      'HPV other positive, triage set for all',
      event({ result: 'positive', genotypes: ['other'] }),
      false,
      settings({ triageHpvPositive: true }),
      'triage',
    ],
    ['VIA positive', event({ test: 'via', result: 'positive' }), false, S, 'treat'],
    ['VIA suspected cancer', event({ test: 'via', result: 'suspected_cancer' }), false, S, 'refer'],
    ['cytology positive: colposcopy', event({ test: 'cytology', result: 'positive' }), false, S, 'triage'],
    ['inadequate sample', event({ result: 'inadequate' }), false, S, 'repeat_test'],
    ['triage positive', event({ result: 'positive', triageResult: 'positive' }), true, S, 'treat'],
    ['referred', event({ result: 'suspected_cancer', treatment: 'referral' }), false, S, 'referred'],
  ] as const)('%s → %s', (_l, e, hiv, s, step) => {
    expect(nextStepOf(e, hiv, s)).toBe(step);
  });
});

describe('recall', () => {
  const positive = event({ id: 'pos', result: 'positive', takenOn: '2026-10-01', resultOn: '2026-10-08' });
  it('positive and untreated: recalled from 4 weeks after the result, on the same basis every day', () => {
    const st = screeningState(woman('1985-01-01'), [positive], S);
    expect(st.step).toBe('treat');
    expect(recallOn(st, '2026-11-04')).toBeNull();
    const first = recallOn(st, '2026-11-05');
    expect(first).toEqual({ reason: 'positive_untreated', on: '2026-11-05', basis: 'pos' });
    // The next day answers the same recall (one per client, reason and basis: the sweep stores it once).
    expect(recallOn(st, '2026-11-06')).toEqual(first);
  });

  it('treated: no recall', () => {
    const st = screeningState(
      woman('1985-01-01'),
      [{ ...positive, treatment: 'thermal_ablation', treatedOn: '2026-10-20' }],
      S,
    );
    expect(recallOn(st, TODAY)).toBeNull();
  });

  it('result not returned 3 weeks after the sample', () => {
    const st = screeningState(
      woman('1985-01-01'),
      [event({ id: 'x', result: null, resultOn: null, takenOn: '2026-11-01' })],
      S,
    );
    expect(recallOn(st, '2026-11-21')).toBeNull();
    expect(recallOn(st, '2026-11-22')).toEqual({ reason: 'result_missing', on: '2026-11-22', basis: 'x' });
  });

  it('due and never screened: recalled from the day she is due', () => {
    const st = screeningState(woman('1996-12-06'), [], S);
    expect(recallOn(st, '2026-12-05')).toBeNull();
    expect(recallOn(st, TODAY)).toEqual({ reason: 'never_screened', on: TODAY, basis: 'never' });
  });
});

describe('worklist order', () => {
  it('positive-not-treated first, then due, overdue and upcoming', () => {
    const items = [
      { clientId: 'up', step: 'screen', dueOn: '2026-12-20', endsOn: '2040-01-01' },
      { clientId: 'over', step: 'screen', dueOn: '2026-01-01', endsOn: '2040-01-01' },
      { clientId: 'due', step: 'screen', dueOn: '2026-12-01', endsOn: '2040-01-01' },
      { clientId: 'wait', step: 'await_result', dueOn: '2026-11-01', endsOn: '2040-01-01' },
      { clientId: 'treat', step: 'treat', dueOn: '2026-11-20', endsOn: '2040-01-01' },
      { clientId: 'far', step: 'screen', dueOn: '2027-06-01', endsOn: '2040-01-01' },
    ] as const;
    const ordered = items
      .map((w) => ({ w, sec: screeningSection(w, TODAY, S) }))
      .filter((x) => x.sec !== null)
      .sort((a, b) => compareWorklistKeys(screeningKey(a.w, a.sec!), screeningKey(b.w, b.sec!)))
      .map((x) => x.w.clientId);
    expect(ordered).toEqual(['treat', 'wait', 'due', 'over', 'up']);
  });
});
