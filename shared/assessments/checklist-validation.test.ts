import { describe, expect, it } from 'vitest';
import { validateChecklistDefinition } from './checklist-validation';
import { type ChecklistDefinition, SECTION_KINDS } from './checklist.schema';
import { DEFAULT_CHECKLIST } from './default-checklist';

const copy = (): ChecklistDefinition => structuredClone(DEFAULT_CHECKLIST);
type Mutable = Record<string, unknown> & ChecklistDefinition;
const sectionIndex = (d: ChecklistDefinition, id: string) => d.sections.findIndex((s) => s.id === id);
const itemIndex = (d: ChecklistDefinition, sectionId: string, itemId: string) =>
  d.sections[sectionIndex(d, sectionId)]!.items.findIndex((i) => i.id === itemId);
const pathsOf = (input: unknown) =>
  validateChecklistDefinition(input).issues.map((i) => `${i.path} ${i.message}`);

describe('the regional default checklist', () => {
  it('is a valid definition with no problems', () => {
    const { definition, issues } = validateChecklistDefinition(DEFAULT_CHECKLIST);
    expect(issues).toEqual([]);
    expect(definition?.code).toBe('wpro_module3');
  });

  it('has the three verified WPRO standards with 100% targets, required for the status, and the rest adaptable', () => {
    const required = DEFAULT_CHECKLIST.standards.filter((s) => s.requiredForStatus);
    expect(required.map((s) => [s.id, s.targetPercent, s.provenance])).toEqual([
      ['ssc_90', 100, 'V'],
      ['exclusive_bf', 100, 'V'],
      ['complications_managed', 100, 'V'],
    ]);
    expect(
      DEFAULT_CHECKLIST.standards.filter((s) => !s.requiredForStatus).every((s) => s.provenance === 'D'),
    ).toBe(true);
  });

  it('covers the six data sources of Module 3 (§4.2) with the breathing and not-breathing paths', () => {
    expect(DEFAULT_CHECKLIST.sections.map((s) => s.kind)).toEqual([...SECTION_KINDS]);
    const obs = DEFAULT_CHECKLIST.sections[0]!;
    const onPath = (answer: string) =>
      obs.items.filter((i) => i.showIf?.some((c) => c.item === 'obs_breathing' && c.in?.includes(answer)))
        .length;
    expect(onPath('yes')).toBeGreaterThan(0);
    expect(onPath('no')).toBeGreaterThan(0);
    expect(obs.items.filter((i) => i.area === 'preparation')).toHaveLength(9);
  });

  it('has Vietnamese and English text for every item and option', () => {
    for (const s of DEFAULT_CHECKLIST.sections)
      for (const i of s.items) {
        expect(i.text.vi, i.id).toBeTruthy();
        expect(i.text.en, i.id).toBeTruthy();
        for (const o of i.options ?? []) expect(o.text.vi && o.text.en, `${i.id}.${o.value}`).toBeTruthy();
      }
  });

  it('accepts a country’s texts in English and its own language only (Lao), without Vietnamese', () => {
    const d = copy() as Mutable;
    d.title = { en: 'Module 3 — Lao PDR', lo: 'ໂມດູນ 3' };
    d.sections[0]!.items[0]!.text = { en: 'Hands washed?', lo: 'ລ້າງມື?' };
    const { definition, issues } = validateChecklistDefinition(d);
    expect(issues).toEqual([]);
    expect(definition?.title).toEqual({ en: 'Module 3 — Lao PDR', lo: 'ໂມດູນ 3' });
  });

  it('keeps interview and chart-review free text marked personal and asks for no names', () => {
    const personal = DEFAULT_CHECKLIST.sections
      .filter((s) => s.kind === 'interview' || s.kind === 'chart_review')
      .flatMap((s) => s.items.filter((i) => i.type === 'text'));
    expect(personal.map((i) => [i.id, i.personal])).toEqual([
      ['int_comment', true],
      ['chart_note', true],
    ]);
    const ids = DEFAULT_CHECKLIST.sections.flatMap((s) => s.items.map((i) => i.id));
    expect(ids.filter((id) => /name|phone|record_number/.test(id))).toEqual([]);
  });
});

describe('validateChecklistDefinition: one problem each', () => {
  it.each<[string, (d: Mutable) => void, string]>([
    ['missing English title', (d) => delete (d.title as Partial<Record<string, string>>).en, 'title.en'],
    [
      'a text under a key that is not a language code',
      (d) => ((d.title as Record<string, string>).Vietnamese = 'Bảng kiểm'),
      'title.Vietnamese errors.languageCode',
    ],
    [
      'item in an unknown area',
      (d) => {
        d.sections[0]!.items[1]!.area = 'nowhere';
      },
      'sections.0.items.1.area checklists.unknownArea',
    ],
    [
      'duplicate item id across sections',
      (d) => {
        d.sections[3]!.items[0]!.id = 'obs_breathing';
      },
      'sections.3.items.0.id checklists.duplicateId',
    ],
    [
      'standard on an unknown section',
      (d) => {
        d.standards[0]!.measure.section = 'nope';
      },
      'standards.0.measure.section checklists.unknownSection',
    ],
    [
      'showIf on a later item',
      (d) => {
        d.sections[0]!.items[1]!.showIf = [{ item: 'obs_oxytocin', in: ['yes'] }];
      },
      'sections.0.items.1.showIf.0.item checklists.conditionItemEarlier',
    ],
    [
      'condition value that is not an answer of the item',
      (d) => {
        const m = d.standards[0]!.measure;
        if (m.kind === 'records') m.numerator[0] = { item: 'int_ssc_immediate', in: ['maybe'] };
      },
      'standards.0.measure.numerator.0.in.0 checklists.conditionInvalidValue',
    ],
    [
      'sample size min above target',
      (d) => {
        d.sections[1]!.sampleSize = { min: 12, target: 10, max: 100 };
      },
      'sections.1.sampleSize checklists.sampleSizeOrder',
    ],
    [
      'repeating section without sample size',
      (d) => {
        delete d.sections[1]!.sampleSize;
      },
      'sections.1.sampleSize checklists.sampleSizeRequired',
    ],
    [
      'sample size on the policy review',
      (d) => {
        d.sections[3]!.sampleSize = { min: 1, target: 1, max: 1 };
      },
      'sections.3.sampleSize checklists.sampleSizeNotAllowed',
    ],
    [
      'prefill outside the register',
      (d) => {
        const i = itemIndex(d, 'interview', 'int_hours_since_birth');
        d.sections[1]!.items[i]!.prefill = 'deliveries';
      },
      'prefillOnlyRegister',
    ],
    [
      'area on a number item',
      (d) => {
        const i = itemIndex(d, 'interview', 'int_hours_since_birth');
        d.sections[1]!.items[i]!.area = 'routine_care';
      },
      'checklists.areaNotScored',
    ],
    [
      'scored choice with an option lacking points',
      (d) => {
        const i = itemIndex(d, 'interview', 'int_ssc_duration');
        delete d.sections[1]!.items[i]!.options![0]!.points;
      },
      'checklists.choicePointsRequired',
    ],
    [
      'ratio over a repeating section',
      (d) => {
        const s = d.standards.find((x) => x.id === 'register_ebf_discharge')!;
        s.measure = {
          kind: 'ratio',
          section: 'interview',
          numerator: 'int_hours_since_birth',
          denominator: 'int_hours_since_birth',
        };
      },
      'checklists.ratioSingleSection',
    ],
    [
      'partial worth more than yes',
      (d) => {
        d.scoring.points = { yes: 1, partial: 2, no: 0 };
      },
      'scoring.points checklists.pointsOrder',
    ],
    ['an unknown field', (d) => (d.extra = 1), 'extra errors.unknownField'],
    [
      'an area no item is scored in',
      (d) => {
        d.areas.push({ id: 'kmc', title: { en: 'KMC', vi: 'KMC' } });
      },
      'areas.10 checklists.areaUnused',
    ],
  ])('reports %s', (_name, mutate, expected) => {
    const d = copy() as Mutable;
    mutate(d);
    const result = validateChecklistDefinition(d);
    expect(result.definition).toBeUndefined();
    expect(result.issues.map((i) => `${i.path} ${i.message}`).join('\n')).toContain(expected);
  });
});

describe('validateChecklistDefinition: all problems at once', () => {
  it('lists shape problems and reference problems together in one answer', () => {
    const d = copy() as Mutable;
    delete (d.sections[0]!.title as Partial<Record<string, string>>).en; // shape
    d.sections[0]!.items[2]!.area = 'nowhere'; // reference
    d.sections[2]!.items[1]!.type = 'date' as never; // shape
    d.standards[1]!.measure.section = 'gone'; // reference
    d.sections[1]!.sampleSize = { min: 5, target: 2, max: 1 }; // cross-field
    const paths = pathsOf(d);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sections\.0\.title\.en /),
        'sections.0.items.2.area checklists.unknownArea',
        expect.stringMatching(/^sections\.2\.items\.1\.type /),
        'standards.1.measure.section checklists.unknownSection',
        'sections.1.sampleSize checklists.sampleSizeOrder',
      ]),
    );
    expect(paths.length).toBeGreaterThanOrEqual(5);
  });

  it('gives the placeholders of each problem as params', () => {
    const d = copy();
    d.sections[0]!.items[1]!.area = 'nowhere';
    const issue = validateChecklistDefinition(d).issues.find((i) => i.message === 'checklists.unknownArea');
    expect(issue?.params).toEqual({ id: 'nowhere' });
  });

  it('answers a non-object with issues, never a crash', () => {
    expect(validateChecklistDefinition(null).issues.length).toBeGreaterThan(0);
    expect(validateChecklistDefinition({ sections: 'x', areas: [1, null] }).issues.length).toBeGreaterThan(0);
  });
});
