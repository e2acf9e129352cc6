import { describe, expect, it } from 'vitest';
import { type BirthDraft, emptyDraft, withBabyCount } from './birth-draft';
import { firstSectionWithIssue, formSections } from './form-sections';

const FACILITY = '00000000-0000-4000-8000-00000000f001';
const ID = '00000000-0000-4000-8000-0000000000b1';
const label = (key: string, n?: number) => (n === undefined ? key : `${key} ${n}`);
const anchors = (d: BirthDraft) => formSections(d, [], () => false, label).map((s) => s.anchor);

describe('the sections (steps on a phone) of the birth form', () => {
  it('are mother, delivery, then each baby and each live baby’s routine care, in that order', () => {
    const twins = withBabyCount(emptyDraft(ID, FACILITY), 2);
    twins.newborns[1]!.outcome = 'macerated_stillbirth';
    expect(anchors(twins)).toEqual([
      'mother-title',
      'delivery-title',
      'baby-0-title',
      'care-0-title',
      'baby-1-title',
    ]);
    expect(formSections(twins, [], () => false, label).map((s) => [s.label, s.owner])).toEqual([
      ['section.mother', 'mother'],
      ['section.delivery', 'delivery'],
      ['section.baby 1', 0],
      ['section.care 1', 0],
      ['section.baby 2', 1],
    ]);
  });

  it.each([
    ['mother.recordNumber', 'mother-title'],
    ['delivery.bornAt', 'delivery-title'],
    ['delivery.uterotonicMinutes', 'delivery-title'],
    ['newborns.0.sex', 'baby-0-title'],
    ['newborns.0.cordClampedMinutes', 'baby-0-title'],
    ['newborns.0.procedures.bath.minutes', 'care-0-title'],
    ['newborns.0.discharge.date', 'care-0-title'],
    ['newborns.0.kmcInitiated', 'care-0-title'],
    ['newborns.1.outcome', 'baby-1-title'],
    ['newborns.1.procedures.eyeCare', 'care-1-title'],
  ])('%s belongs to %s and to no other step', (path, anchor) => {
    const sections = formSections(withBabyCount(emptyDraft(ID, FACILITY), 2), [], () => false, label);
    expect(sections.filter((s) => s.owns(path)).map((s) => s.anchor)).toEqual([anchor]);
  });

  it('marks a step wrong only once its errors are shown, and done only when filled and right', () => {
    const d = emptyDraft(ID, FACILITY);
    d.mother.recordNumber = 'DN-1';
    const issues = [
      { path: 'delivery.mode', message: 'births.modeRequired' },
      { path: 'newborns.0.sex', message: 'births.sexRequired' },
    ];
    const states = (shown: string[]) =>
      formSections(d, issues, (a) => shown.includes(a), label).map((s) => s.state);
    expect(states([])).toEqual(['done', 'todo', 'todo', 'todo']);
    expect(states(['delivery-title'])).toEqual(['done', 'error', 'todo', 'todo']);
    expect(states(['delivery-title', 'baby-0-title'])).toEqual(['done', 'error', 'error', 'todo']);
  });

  it('names the first step holding an error, or none when no step owns it', () => {
    const sections = formSections(emptyDraft(ID, FACILITY), [], () => false, label);
    expect(
      firstSectionWithIssue(sections, [
        { path: 'newborns.0.procedures.bath.minutes', message: 'x' },
        { path: 'delivery.bornAt', message: 'y' },
      ]),
    ).toBe(1);
    expect(firstSectionWithIssue(sections, [{ path: 'newborns', message: 'z' }])).toBe(-1);
    expect(firstSectionWithIssue(sections, [])).toBe(-1);
  });
});
