import { describe, expect, it } from 'vitest';
import { INDICATORS, type IndicatorDefinition } from '../indicators/definitions';
import {
  allCoreContactsCompleted,
  anyPnc,
  dangerSignsReferred,
  exclusiveBreastfeedingAtPnc,
  type PncFact,
  pncOnTime,
} from './pnc-indicators';

// A baby born 2026-03-01T00:00Z: c1 window [0 h, 24 h), c2 [48 h, 72 h), all expire on 19 April.
const windows: Record<string, [string, string]> = {
  c1: ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'],
  c2: ['2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z'],
  c3: ['2026-03-08T00:00:00Z', '2026-03-16T00:00:00Z'],
  c4: ['2026-04-12T00:00:00Z', '2026-04-19T00:00:00Z'],
  x5: ['2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z'],
};
const fact = (subjectId: string, code: string, o: Partial<PncFact> = {}): PncFact => ({
  subjectId,
  subject: 'newborn',
  contactCode: code,
  contactNumber: code.startsWith('c') ? Number(code.slice(1)) : null,
  core: code.startsWith('c'),
  dueFrom: windows[code]![0],
  dueUntil: windows[code]![1],
  expiresAt: '2026-04-19T00:00:00Z',
  cancelled: false,
  diedInFacility: false,
  doneAt: null,
  dangerSignsFound: false,
  referred: null,
  exclusiveBfYesterday: null,
  ...o,
});
const all4 = (id: string, o: Partial<PncFact> = {}, done: Partial<Record<string, string>> = {}) =>
  ['c1', 'c2', 'c3', 'c4'].map((c) => fact(id, c, { ...o, doneAt: done[c] ?? null }));

describe('pncOnTime', () => {
  it.each([
    ['seen at 23 h: on time', { c1: '2026-03-01T23:00:00Z' }, 1],
    ['seen at exactly 24 h: late', { c1: '2026-03-02T00:00:00Z' }, 0],
    ['only contact 2 done', { c2: '2026-03-03T10:00:00Z' }, 0],
    ['never seen', {}, 0],
  ])('a baby %s → numerator %i of 1', (_name, done, numerator) => {
    expect(pncOnTime(all4('b1', {}, done), 'newborn')).toEqual({ numerator, denominator: 1 });
  });

  it('counts mothers and babies separately', () => {
    const facts = [
      ...all4('m1', { subject: 'mother' }, { c1: '2026-03-01T05:00:00Z' }),
      ...all4('b1'),
      ...all4('b2', {}, { c1: '2026-03-01T06:00:00Z' }),
    ];
    expect(pncOnTime(facts, 'mother')).toEqual({ numerator: 1, denominator: 1 });
    expect(pncOnTime(facts, 'newborn')).toEqual({ numerator: 1, denominator: 2 });
  });
});

describe('anyPnc', () => {
  it('counts a baby seen only at an extra visit, and one seen late', () => {
    const facts = [
      ...all4('b1'),
      fact('b1', 'x5', { doneAt: '2026-03-06T09:00:00Z' }),
      ...all4('b2', {}, { c3: '2026-04-01T00:00:00Z' }),
      ...all4('b3'),
    ];
    expect(anyPnc(facts, 'newborn')).toEqual({ numerator: 2, denominator: 3 });
  });
});

describe('a baby who died in the facility', () => {
  // Seen at 6 h with a danger sign and referred, then died before discharge (or during resuscitation).
  const died = { cancelled: true, diedInFacility: true };
  const facts = [
    ...all4('b1', {}, { c1: '2026-03-01T05:00:00Z' }),
    ...all4('b2', died, { c1: '2026-03-01T06:00:00Z' }).map((f) =>
      f.doneAt ? { ...f, dangerSignsFound: true, referred: true, exclusiveBfYesterday: true } : f,
    ),
  ];
  it.each([
    ['PNC on time', () => pncOnTime(facts, 'newborn'), { numerator: 1, denominator: 1 }],
    ['any PNC', () => anyPnc(facts, 'newborn'), { numerator: 1, denominator: 1 }],
    ['only breast milk', () => exclusiveBreastfeedingAtPnc(facts), { numerator: 0, denominator: 1 }],
  ])('is in no newborn cohort: %s', (_name, value, expected) => {
    expect(value()).toEqual(expected);
  });

  it('keeps the contact made before the death in the per-contact indicator', () => {
    expect(dangerSignsReferred(facts, 'newborn')).toEqual({ numerator: 1, denominator: 1 });
  });
});

describe('allCoreContactsCompleted', () => {
  const done = {
    c1: '2026-03-01T05:00:00Z',
    c2: '2026-03-03T05:00:00Z',
    c3: '2026-03-09T05:00:00Z',
    c4: '2026-04-13T05:00:00Z',
  };
  it.each([
    ['all four done', all4('b1', {}, done), '2026-04-20T00:00:00Z', { numerator: 1, denominator: 1 }],
    [
      'three done',
      all4('b1', {}, { ...done, c4: undefined }),
      '2026-04-20T00:00:00Z',
      { numerator: 0, denominator: 1 },
    ],
    [
      'follow-up not over yet',
      all4('b1', {}, done),
      '2026-04-18T23:59:59Z',
      { numerator: 0, denominator: 0 },
    ],
    [
      'over exactly at expiry',
      all4('b1', {}, done),
      '2026-04-19T00:00:00Z',
      { numerator: 1, denominator: 1 },
    ],
    [
      'the baby died',
      all4('b1', { cancelled: true }, { c1: done.c1 }),
      '2026-05-01T00:00:00Z',
      { numerator: 0, denominator: 0 },
    ],
    [
      'an extra visit missed does not count',
      [...all4('b1', {}, done), fact('b1', 'x5')],
      '2026-05-01T00:00:00Z',
      { numerator: 1, denominator: 1 },
    ],
  ])('%s', (_name, facts, asOf, expected) => {
    expect(allCoreContactsCompleted(facts, 'newborn', asOf)).toEqual(expected);
  });
});

describe('exclusiveBreastfeedingAtPnc', () => {
  it.each([
    [
      'only breast milk at the latest contact',
      [true, '2026-03-01T05:00:00Z', false, '2026-03-03T05:00:00Z'],
      0,
    ],
    [
      'other food earlier, only breast milk since',
      [false, '2026-03-01T05:00:00Z', true, '2026-03-03T05:00:00Z'],
      1,
    ],
    ['not asked at the latest contact', [true, '2026-03-01T05:00:00Z', null, '2026-03-03T05:00:00Z'], 0],
  ] as const)('%s', (_name, [ebf1, at1, ebf2, at2], numerator) => {
    const facts = [
      fact('b1', 'c1', { doneAt: at1, exclusiveBfYesterday: ebf1 }),
      fact('b1', 'c2', { doneAt: at2, exclusiveBfYesterday: ebf2 }),
      fact('b2', 'c1'),
    ];
    expect(exclusiveBreastfeedingAtPnc(facts)).toEqual({ numerator, denominator: 1 });
  });
});

describe('dangerSignsReferred', () => {
  const facts = [
    fact('b1', 'c2', { doneAt: '2026-03-03T05:00:00Z', dangerSignsFound: true, referred: true }),
    fact('b2', 'c2', { doneAt: '2026-03-03T05:00:00Z', dangerSignsFound: true, referred: null }),
    fact('b3', 'c2', { doneAt: '2026-03-03T05:00:00Z', dangerSignsFound: false, referred: true }),
    fact('m1', 'c2', {
      subject: 'mother',
      doneAt: '2026-03-03T05:00:00Z',
      dangerSignsFound: true,
      referred: false,
    }),
  ];
  it('counts contacts with danger signs, and among them those referred', () => {
    expect(dangerSignsReferred(facts)).toEqual({ numerator: 1, denominator: 3 });
    expect(dangerSignsReferred(facts, 'newborn')).toEqual({ numerator: 1, denominator: 2 });
    expect(dangerSignsReferred(facts, 'mother')).toEqual({ numerator: 0, denominator: 1 });
  });
});

describe('labels of the mother cohort', () => {
  const byId = (id: string): IndicatorDefinition => INDICATORS.find((d) => d.id === id)!;
  // The cohort holds every delivery (a mother whose baby was stillborn is followed up too).
  it.each(['pnc_on_time_mother', 'any_pnc_mother'])('%s counts mothers who gave birth', (id) => {
    const def = byId(id);
    expect(def.denominator?.label).toEqual({
      en: 'Mothers who gave birth (every delivery)',
      vi: 'Bà mẹ đã sinh (mọi ca đẻ)',
    });
    expect(def.definition.en).toMatch(
      /^Mothers who gave birth \(every delivery\) .* out of all mothers who gave birth in the period/,
    );
  });

  it('keeps the newborn cohort to live-born babies who did not die in the facility', () => {
    const def = byId('any_pnc_newborn');
    expect(def.denominator?.label).toEqual({
      en: 'Live-born babies who did not die in the facility',
      vi: 'Trẻ đẻ sống không tử vong tại cơ sở',
    });
    expect(def.definition.en).toMatch(
      /out of all newborns born in the period who did not die in the facility\.$/,
    );
    expect(def.definition.vi).toMatch(/trên tổng số trẻ sơ sinh sinh trong kỳ không tử vong tại cơ sở\.$/);
  });
});
