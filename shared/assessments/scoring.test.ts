import { describe, expect, it } from 'vitest';
import {
  checkAnswer,
  checkCompletion,
  checkRecordAnswers,
  isItemApplicable,
  type RecordAnswers,
} from './answers';
import type { Answers } from './assessment.schema';
import type { ChecklistDefinition, ChecklistItem, ChecklistStandard } from './checklist.schema';
import { validateChecklistDefinition } from './checklist-validation';
import { DEFAULT_CHECKLIST } from './default-checklist';
import {
  bandOf,
  computeAreaScores,
  computeResults,
  computeStandard,
  isActionOverdue,
  isTargetMet,
  ladderOf,
  meetsAllRequired,
  percentOf,
  selectPriorities,
} from './scoring';

const t = (s: string) => ({ en: s, vi: s });

/** A small checklist: an observation path, an interview, a register, and one standard of each kind. */
const MINI: ChecklistDefinition = {
  schemaVersion: 1,
  code: 'mini',
  title: t('Mini'),
  scoring: {
    points: { yes: 2, partial: 1, no: 0 },
    bands: { low: 50, high: 80 },
    priorities: { maxAreas: 2, belowPercent: 80 },
  },
  areas: [
    { id: 'prep', title: t('Prep') },
    { id: 'care', title: t('Care') },
    { id: 'resus', title: t('Resus') },
  ],
  sections: [
    {
      id: 'obs',
      kind: 'observation',
      title: t('Obs'),
      sampleSize: { min: 1, target: 3, max: 10 },
      items: [
        { id: 'breathing', type: 'yes_no', text: t('Breathing?') },
        { id: 'wash', type: 'yes_partial_no', area: 'prep', text: t('Wash') },
        { id: 'gloves', type: 'yes_partial_no', area: 'prep', text: t('Gloves'), allowNa: true },
        {
          id: 'ssc',
          type: 'yes_no',
          area: 'care',
          text: t('SSC'),
          showIf: [{ item: 'breathing', in: ['yes'] }],
        },
        {
          id: 'bag',
          type: 'yes_no',
          area: 'resus',
          text: t('Bag'),
          showIf: [{ item: 'breathing', in: ['no'] }],
        },
        { id: 'note', type: 'text', text: t('Note') },
      ],
    },
    {
      id: 'int',
      kind: 'interview',
      title: t('Int'),
      sampleSize: { min: 2, target: 10, max: 20 },
      items: [
        { id: 'hours', type: 'number', text: t('Hours'), min: 0, max: 720 },
        { id: 'only_bm', type: 'yes_no', area: 'care', text: t('Only breast milk') },
        {
          id: 'duration',
          type: 'choice',
          area: 'care',
          text: t('Duration'),
          options: [
            { value: 'short', text: t('Short'), points: 0 },
            { value: 'ge90', text: t('≥ 90'), points: 2 },
          ],
        },
      ],
    },
    {
      id: 'reg',
      kind: 'register',
      title: t('Reg'),
      items: [
        { id: 'discharged', type: 'number', text: t('Discharged'), integer: true, min: 0, required: false },
        { id: 'ebf', type: 'number', text: t('EBF'), integer: true, min: 0, required: false },
      ],
    },
  ],
  standards: [
    {
      id: 'hygiene',
      title: t('Hygiene'),
      targetPercent: 100,
      requiredForStatus: true,
      measure: {
        kind: 'records',
        section: 'obs',
        denominator: [],
        numerator: [
          { item: 'wash', in: ['yes'] },
          { item: 'gloves', in: ['yes', 'na'] },
        ],
      },
    },
    {
      id: 'ebf',
      title: t('EBF'),
      targetPercent: 100,
      requiredForStatus: true,
      measure: {
        kind: 'records',
        section: 'int',
        denominator: [{ item: 'hours', min: 3 }],
        numerator: [{ item: 'only_bm', in: ['yes'] }],
      },
    },
    {
      id: 'prep_items',
      title: t('Prep items'),
      targetPercent: 80,
      requiredForStatus: false,
      measure: { kind: 'items', section: 'obs', items: ['wash', 'gloves'] },
    },
    {
      id: 'reg_ebf',
      title: t('Register EBF'),
      targetPercent: 90,
      requiredForStatus: false,
      measure: { kind: 'ratio', section: 'reg', numerator: 'ebf', denominator: 'discharged' },
    },
  ],
};

let n = 0;
const rec = (sectionId: string, answers: Answers): RecordAnswers => ({ id: `r${++n}`, sectionId, answers });
const std = (id: string): ChecklistStandard => MINI.standards.find((s) => s.id === id)!;
const summary = (id: string, records: RecordAnswers[]) => {
  const r = computeStandard(std(id), MINI, records);
  return [r.numerator, r.denominator, r.percent, r.status, r.pending];
};

describe('the mini checklist used by these tables', () => {
  it('is itself valid', () => expect(validateChecklistDefinition(MINI).issues).toEqual([]));
});

describe('percentOf and isTargetMet', () => {
  it.each([
    [0, 0, null],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [199, 200, 99.5],
    [7, 7, 100],
  ])('%i / %i is %s %', (num, den, pct) => expect(percentOf(num, den)).toBe(pct));

  it.each([
    [199, 200, 100, false],
    [200, 200, 100, true],
    [0, 0, 0, false],
    [4, 5, 80, true],
    [79, 100, 80, false],
    [0, 3, 0, true],
  ])('%i / %i against %i%% target is met: %s', (num, den, target, met) =>
    expect(isTargetMet(num, den, target)).toBe(met),
  );
});

describe('standard results (records kind)', () => {
  it.each<[string, Answers[], unknown[]]>([
    ['no records: no data', [], [0, 0, null, 'no_data', 0]],
    [
      'all washed: met',
      [
        { wash: 'yes', gloves: 'yes' },
        { wash: 'yes', gloves: 'na' },
      ],
      [2, 2, 100, 'met', 0],
    ],
    [
      'one partial wash: not met',
      [
        { wash: 'yes', gloves: 'yes' },
        { wash: 'partial', gloves: 'yes' },
      ],
      [1, 2, 50, 'not_met', 0],
    ],
    [
      'unanswered gloves: pending, left out',
      [{ wash: 'yes', gloves: 'yes' }, { wash: 'yes' }],
      [1, 1, 100, 'met', 1],
    ],
    ['a known failure beats a missing answer', [{ wash: 'no' }], [0, 1, 0, 'not_met', 0]],
  ])('%s', (_name, answers, expected) =>
    expect(
      summary(
        'hygiene',
        answers.map((a) => rec('obs', a)),
      ),
    ).toEqual(expected),
  );

  it.each<[string, Answers[], unknown[]]>([
    [
      'under 3 h is outside the denominator',
      [
        { hours: 2, only_bm: 'no' },
        { hours: 5, only_bm: 'yes' },
      ],
      [1, 1, 100, 'met', 0],
    ],
    ['exactly 3 h counts', [{ hours: 3, only_bm: 'no' }], [0, 1, 0, 'not_met', 0]],
    ['hours missing: pending', [{ only_bm: 'yes' }], [0, 0, null, 'no_data', 1]],
    [
      '3 of 4 mothers',
      [
        { hours: 4, only_bm: 'yes' },
        { hours: 4, only_bm: 'yes' },
        { hours: 4, only_bm: 'yes' },
        { hours: 4, only_bm: 'no' },
      ],
      [3, 4, 75, 'not_met', 0],
    ],
  ])('EBF: %s', (_name, answers, expected) =>
    expect(
      summary(
        'ebf',
        answers.map((a) => rec('int', a)),
      ),
    ).toEqual(expected),
  );

  it('ignores records of other sections', () => {
    expect(summary('hygiene', [rec('int', { wash: 'yes' })])).toEqual([0, 0, null, 'no_data', 0]);
  });
});

describe('standard results (items and ratio kinds)', () => {
  it.each<[string, Answers[], unknown[]]>([
    [
      'yes counts, partial and no do not, na is left out',
      [
        { wash: 'yes', gloves: 'na' },
        { wash: 'partial', gloves: 'no' },
      ],
      [1, 3, 33.3, 'not_met', 0],
    ],
    [
      '4 of 5 reaches an 80% target',
      [
        { wash: 'yes', gloves: 'yes' },
        { wash: 'yes', gloves: 'yes' },
        { wash: 'no', gloves: 'na' },
      ],
      [4, 5, 80, 'met', 0],
    ],
    ['unanswered items are pending', [{ wash: 'yes' }], [1, 1, 100, 'met', 1]],
  ])('items: %s', (_name, answers, expected) =>
    expect(
      summary(
        'prep_items',
        answers.map((a) => rec('obs', a)),
      ),
    ).toEqual(expected),
  );

  it.each<[string, Answers | null, unknown[]]>([
    ['register 45 of 50', { discharged: 50, ebf: 45 }, [45, 50, 90, 'met', 0]],
    ['register 44 of 50', { discharged: 50, ebf: 44 }, [44, 50, 88, 'not_met', 0]],
    ['zero discharged', { discharged: 0, ebf: 0 }, [0, 0, null, 'no_data', 0]],
    ['not filled in', {}, [0, 0, null, 'no_data', 0]],
    ['no register record', null, [0, 0, null, 'no_data', 0]],
  ])('ratio: %s', (_name, answers, expected) =>
    expect(summary('reg_ebf', answers ? [rec('reg', answers)] : [])).toEqual(expected),
  );
});

describe('area scores', () => {
  it('scores yes 2, partial 1, no 0 over the most the answers could score, leaving out na and hidden items', () => {
    const areas = computeAreaScores(MINI, [
      rec('obs', { breathing: 'yes', wash: 'yes', gloves: 'partial', ssc: 'no', bag: 'yes' }),
      rec('obs', { breathing: 'no', wash: 'no', gloves: 'na', ssc: 'yes', bag: 'yes' }),
      rec('int', { only_bm: 'yes', duration: 'short' }),
    ]);
    const byId = Object.fromEntries(areas.map((a) => [a.id, [a.points, a.maxPoints, a.percent, a.band]]));
    // prep: wash yes(2) + no(0), gloves partial(1) → 3 / 6; na left out.
    expect(byId.prep).toEqual([3, 6, 50, 'medium']);
    // care: ssc only on the breathing path (no → 0 of 2; the not-breathing record's "yes" is hidden),
    // only_bm yes 2/2, duration short 0/2 → 2 / 6.
    expect(byId.care).toEqual([2, 6, 33.3, 'low']);
    // resus: bag only counts on the not-breathing path → 2 / 2.
    expect(byId.resus).toEqual([2, 2, 100, 'high']);
  });

  it('gives an area without answers no percent and no band', () => {
    const areas = computeAreaScores(MINI, []);
    expect(areas.map((a) => [a.id, a.percent, a.band])).toEqual([
      ['prep', null, null],
      ['care', null, null],
      ['resus', null, null],
    ]);
  });

  it.each([
    [null, null],
    [0, 'low'],
    [49.9, 'low'],
    [50, 'medium'],
    [79.9, 'medium'],
    [80, 'high'],
    [100, 'high'],
  ] as const)('band of %s %% is %s', (pct, band) => expect(bandOf(pct, MINI.scoring.bands)).toBe(band));
});

describe('priorities', () => {
  const area = (id: string, percent: number | null, items: Array<[string, number | null]> = []) => ({
    id,
    points: 0,
    maxPoints: 0,
    answers: 1,
    percent,
    band: null,
    items: items.map(([iid, p]) => ({ id: iid, points: 0, maxPoints: 0, answers: 1, percent: p })),
  });

  it.each<[string, ReturnType<typeof area>[], string[]]>([
    [
      'lowest first, at most maxAreas (2)',
      [area('prep', 60), area('care', 30), area('resus', 70)],
      ['care', 'prep'],
    ],
    ['only areas below 80%', [area('prep', 80), area('care', 79.9), area('resus', 100)], ['care']],
    [
      'ties keep the checklist order',
      [area('prep', 40), area('care', 40), area('resus', 10)],
      ['resus', 'prep'],
    ],
    [
      'areas without data are not priorities',
      [area('prep', null), area('care', 90), area('resus', null)],
      [],
    ],
  ])('%s', (_name, areas, expected) =>
    expect(selectPriorities(MINI, areas).map((p) => p.areaId)).toEqual(expected),
  );

  it('lists the gaps of a priority area, weakest item first, with its section', () => {
    const [p] = selectPriorities(MINI, [
      area('prep', 40, [
        ['wash', 75],
        ['gloves', 0],
      ]),
      area('care', 90),
      area('resus', 95),
    ]);
    expect(p).toEqual({
      areaId: 'prep',
      rank: 1,
      percent: 40,
      gaps: [
        { itemId: 'gloves', sectionId: 'obs', percent: 0 },
        { itemId: 'wash', sectionId: 'obs', percent: 75 },
      ],
    });
  });
});

describe('meets standards', () => {
  const r = (status: 'met' | 'not_met' | 'no_data', requiredForStatus = true) => ({
    id: 'x',
    numerator: 0,
    denominator: 0,
    percent: null,
    targetPercent: 100,
    status,
    requiredForStatus,
    pending: 0,
  });
  it.each([
    ['all required met', [r('met'), r('met'), r('not_met', false)], true],
    ['one required not met', [r('met'), r('not_met')], false],
    ['a required standard without data', [r('met'), r('no_data')], false],
    ['no required standard at all', [r('met', false)], false],
  ] as const)('%s → %s', (_name, list, expected) => expect(meetsAllRequired([...list])).toBe(expected));

  it('computes everything together for a complete mini assessment', () => {
    const results = computeResults(MINI, [
      rec('obs', { breathing: 'yes', wash: 'yes', gloves: 'yes', ssc: 'yes' }),
      rec('int', { hours: 6, only_bm: 'yes', duration: 'ge90' }),
      rec('int', { hours: 1, only_bm: 'no', duration: 'ge90' }),
    ]);
    expect(results.standards.map((s) => [s.id, s.status])).toEqual([
      ['hygiene', 'met'],
      ['ebf', 'met'],
      ['prep_items', 'met'],
      ['reg_ebf', 'no_data'],
    ]);
    expect(results.meetsStandards).toBe(true);
    expect(results.priorities.map((p) => p.areaId)).toEqual([]);
  });
});

describe('the default checklist standards', () => {
  const interview = (a: Answers) => rec('interview', a);
  const good = {
    int_breathing_stable: 'yes',
    int_hours_since_birth: 20,
    int_medical_reason: 'no',
    int_ssc_immediate: 'yes',
    int_ssc_duration: 'ge90',
    int_not_separated: 'yes',
    int_only_breast_milk: 'yes',
  } satisfies Answers;
  const result = (id: string, records: RecordAnswers[]) => {
    const s = computeStandard(
      DEFAULT_CHECKLIST.standards.find((x) => x.id === id)!,
      DEFAULT_CHECKLIST,
      records,
    );
    return [s.numerator, s.denominator, s.status];
  };

  it.each<[string, Answers[], unknown[]]>([
    ['all three parts met', [good], [1, 1, 'met']],
    ['60–89 min is not enough', [{ ...good, int_ssc_duration: 'min60_89' }], [0, 1, 'not_met']],
    ['separated before the first breastfeed', [{ ...good, int_not_separated: 'no' }], [0, 1, 'not_met']],
    [
      'a baby not breathing at birth is outside the denominator',
      [{ ...good, int_breathing_stable: 'no', int_ssc_immediate: 'no' }],
      [0, 0, 'no_data'],
    ],
  ])('SSC ≥ 90 min (exit interviews): %s', (_name, answers, expected) =>
    expect(result('ssc_90', answers.map(interview))).toEqual(expected),
  );

  it.each<[string, Answers[], unknown[]]>([
    ['breast milk only', [good], [1, 1, 'met']],
    ['formula given', [{ ...good, int_only_breast_milk: 'no' }], [0, 1, 'not_met']],
    [
      'medically indicated feeds are left out',
      [{ ...good, int_medical_reason: 'yes', int_only_breast_milk: 'no' }],
      [0, 0, 'no_data'],
    ],
    [
      'under 3 hours old is left out',
      [{ ...good, int_hours_since_birth: 2.5, int_only_breast_milk: 'no' }],
      [0, 0, 'no_data'],
    ],
  ])('exclusive breastfeeding: %s', (_name, answers, expected) =>
    expect(result('exclusive_bf', answers.map(interview))).toEqual(expected),
  );

  it.each<[string, Answers, unknown[]]>([
    [
      'PPH managed, no partograph needed, steroids hidden (not preterm labour)',
      {
        chart_complication: 'pph',
        chart_assessed: 'yes',
        chart_treated: 'yes',
        chart_monitored: 'yes',
        chart_partograph: 'na',
        chart_outcome_recorded: 'yes',
      },
      [1, 1, 'met'],
    ],
    [
      'preterm labour without steroids',
      {
        chart_complication: 'preterm_labour',
        chart_assessed: 'yes',
        chart_treated: 'yes',
        chart_monitored: 'yes',
        chart_partograph: 'yes',
        chart_steroids: 'no',
        chart_outcome_recorded: 'yes',
      },
      [0, 1, 'not_met'],
    ],
    [
      'monitoring only partly recorded',
      {
        chart_complication: 'pph',
        chart_assessed: 'yes',
        chart_treated: 'yes',
        chart_monitored: 'partial',
        chart_partograph: 'yes',
        chart_outcome_recorded: 'yes',
      },
      [0, 1, 'not_met'],
    ],
  ])('complications managed and recorded: %s', (_name, answers, expected) =>
    expect(result('complications_managed', [rec('chart_review', answers)])).toEqual(expected),
  );
});

describe('answers', () => {
  const item = (o: Partial<ChecklistItem>): ChecklistItem => ({
    id: 'x',
    type: 'yes_no',
    text: t('X'),
    ...o,
  });
  it.each<[string, ChecklistItem, unknown, string | null]>([
    ['yes on yes/no', item({}), 'yes', null],
    ['partial on yes/no', item({}), 'partial', 'assessments.answerChoice'],
    ['partial on yes/partial/no', item({ type: 'yes_partial_no' }), 'partial', null],
    ['na when not allowed', item({}), 'na', 'assessments.naNotAllowed'],
    ['na when allowed', item({ allowNa: true }), 'na', null],
    ['null clears', item({}), null, null],
    ['a number on yes/no', item({}), 1, 'assessments.answerChoice'],
    [
      'an option',
      item({
        type: 'choice',
        options: [
          { value: 'a', text: t('A') },
          { value: 'b', text: t('B') },
        ],
      }),
      'b',
      null,
    ],
    [
      'an unknown option',
      item({
        type: 'choice',
        options: [
          { value: 'a', text: t('A') },
          { value: 'b', text: t('B') },
        ],
      }),
      'c',
      'assessments.answerChoice',
    ],
    ['a number in range', item({ type: 'number', min: 0, max: 10 }), 10, null],
    ['a number above max', item({ type: 'number', min: 0, max: 10 }), 11, 'assessments.answerRange'],
    [
      'a fraction on a whole-number item',
      item({ type: 'number', integer: true }),
      2.5,
      'assessments.answerInteger',
    ],
    ['text on a number item', item({ type: 'number' }), '5', 'assessments.answerNumber'],
    ['text within its limit', item({ type: 'text', maxLength: 5 }), 'abcde', null],
    ['text over its limit', item({ type: 'text', maxLength: 5 }), 'abcdef', 'assessments.textMax'],
    ['na on text even if allowed', item({ type: 'text', allowNa: true }), 'na', 'assessments.naNotAllowed'],
  ])('%s', (_name, it_, value, expected) =>
    expect(checkAnswer(it_, value as never)?.message ?? null).toBe(expected),
  );

  it('reports unknown items and invalid values at answers.<item>', () => {
    const issues = checkRecordAnswers(MINI.sections[0]!, { wash: 'maybe', nope: 'yes', gloves: 'na' });
    expect(issues.map((i) => `${i.path} ${i.message}`)).toEqual([
      'answers.wash assessments.answerChoice',
      'answers.nope assessments.unknownItem',
    ]);
  });

  it('follows the breathing and not-breathing paths', () => {
    const obs = MINI.sections[0]!;
    const ssc = obs.items[3]!;
    const bag = obs.items[4]!;
    expect([
      isItemApplicable(ssc, { breathing: 'yes' }, obs),
      isItemApplicable(bag, { breathing: 'yes' }, obs),
    ]).toEqual([true, false]);
    expect([
      isItemApplicable(ssc, { breathing: 'no' }, obs),
      isItemApplicable(bag, { breathing: 'no' }, obs),
    ]).toEqual([false, true]);
    expect([isItemApplicable(ssc, {}, obs), isItemApplicable(bag, {}, obs)]).toEqual([false, false]);
  });

  it('lists what blocks completion: missing answers on the path and too few records', () => {
    const a = rec('obs', { breathing: 'no', wash: 'yes' });
    const issues = checkCompletion(MINI, [
      a,
      rec('int', { hours: 4, only_bm: 'yes', duration: 'ge90' }),
      rec('reg', {}),
    ]);
    expect(issues.map((i) => `${i.path} ${i.message}`)).toEqual([
      `records.${a.id}.answers.gloves assessments.answerMissing`,
      `records.${a.id}.answers.bag assessments.answerMissing`,
      'sections.int assessments.tooFewRecords',
    ]);
  });

  it('completes when every required answer on the path is given (text and register counts optional)', () => {
    const issues = checkCompletion(MINI, [
      rec('obs', { breathing: 'yes', wash: 'yes', gloves: 'na', ssc: 'yes' }),
      rec('int', { hours: 4, only_bm: 'yes', duration: 'ge90' }),
      rec('int', { hours: 5, only_bm: 'no', duration: 'short' }),
      rec('reg', {}),
    ]);
    expect(issues).toEqual([]);
  });
});

describe('action items and the status ladder', () => {
  it.each([
    ['planned, due yesterday', 'planned', '2026-03-09', true],
    ['in progress, due yesterday', 'in_progress', '2026-03-09', true],
    ['planned, due today', 'planned', '2026-03-10', false],
    ['done, due long ago', 'done', '2025-01-01', false],
    ['cancelled, due long ago', 'cancelled', '2025-01-01', false],
  ] as const)('%s → overdue %s', (_name, status, dueDate, expected) =>
    expect(isActionOverdue({ status, dueDate }, '2026-03-10')).toBe(expected),
  );

  it.each([
    [{ introducedOn: null, teamFormedOn: null, assessedOn: null, meetsStandardsOn: null }, null],
    [
      { introducedOn: '2015-01-01', teamFormedOn: null, assessedOn: null, meetsStandardsOn: null },
      'introduced',
    ],
    [
      {
        introducedOn: '2015-01-01',
        teamFormedOn: '2015-06-01',
        assessedOn: '2016-01-10',
        meetsStandardsOn: null,
      },
      'assessed',
    ],
    [
      { introducedOn: null, teamFormedOn: null, assessedOn: '2016-01-10', meetsStandardsOn: '2016-01-10' },
      'meets_standards',
    ],
  ])('ladder %j is at %s', (dates, current) => {
    const ladder = ladderOf(dates);
    expect(ladder.current).toBe(current);
    expect(ladder.steps.map((s) => s.step)).toEqual([
      'introduced',
      'team_formed',
      'assessed',
      'meets_standards',
    ]);
    expect(ladder.steps[2]!.date).toBe(dates.assessedOn);
  });
});
