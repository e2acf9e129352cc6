import { describe, expect, it } from 'vitest';
import { DEFAULT_EARLIEST_BIRTH_DATE } from '../../../shared/births/birth-rules';
import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { emptyDraft, withBabyCount } from './birth-draft';
import { checkDraft } from './birth-validation';
import { buildDraft, TEST_FACILITY_ID } from './draft-test-builders';

const now = new Date('2026-03-12T00:00:00Z');
const draft = () => buildDraft();

describe('checkDraft', () => {
  it('does not save a record number and a sex alone: time, mode and outcome are asked for in words', () => {
    const d = emptyDraft('00000000-0000-4000-8000-0000000000b2', TEST_FACILITY_ID);
    d.mother.recordNumber = 'SB-9';
    d.newborns[0]!.sex = 'male';
    const issues = checkDraft(
      d,
      'Asia/Ho_Chi_Minh',
      DEFAULT_EENC_SETTINGS,
      now,
      DEFAULT_EARLIEST_BIRTH_DATE,
    ).issues;
    expect(issues).toEqual([
      { path: 'delivery.bornAt', message: 'births.bornAtFormat' },
      { path: 'delivery.mode', message: 'births.modeRequired' },
      { path: 'newborns.0.outcome', message: 'births.outcomeRequired' },
    ]);
  });
  it('asks for the sex in words, not with the list of stored values', () => {
    const d = draft();
    d.newborns[0]!.sex = '';
    expect(
      checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE).issues,
    ).toEqual([{ path: 'newborns.0.sex', message: 'births.sexRequired' }]);
  });
  it('passes a minimal live birth with no warnings', () => {
    const r = checkDraft(
      draft(),
      'Asia/Ho_Chi_Minh',
      DEFAULT_EENC_SETTINGS,
      now,
      DEFAULT_EARLIEST_BIRTH_DATE,
    );
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
  it("refuses a birth before the server's earliest date, not only before the default", () => {
    const d = draft();
    d.delivery.bornAtLocal = '2012-05-01T10:00';
    const at = (earliest: string) => checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, earliest);
    expect(at(DEFAULT_EARLIEST_BIRTH_DATE).issues).toEqual([]);
    expect(at('2015-07-01').issues).toEqual([
      { path: 'delivery.bornAt', message: 'births.bornAtTooEarly', params: { date: '2015-07-01' } },
    ]);
  });
  it('reports a schema problem at the input path the server uses', () => {
    const d = draft();
    d.newborns[0]!.birthWeightGrams = '120';
    expect(
      checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE).issues,
    ).toEqual([{ path: 'newborns.0.birthWeightGrams', message: 'births.weightRange' }]);
  });
  it('reports text typed into a number field', () => {
    const d = draft();
    d.newborns[0]!.apgar1 = 'tám';
    expect(
      checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE).issues.map(
        (i) => i.path,
      ),
    ).toEqual(['newborns.0.apgar1']);
  });
  it('lists practice warnings per owner, and KMC eligibility per baby', () => {
    const d = draft();
    d.delivery.uterotonicGiven = 'yes';
    d.delivery.uterotonicMinutes = '3';
    d.newborns[0]!.sscDurationMinutes = '45';
    d.newborns[0]!.birthWeightGrams = '1900';
    const r = checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE);
    expect(r.warnings).toEqual([
      { owner: 'delivery', flag: 'uterotonic_late' },
      { owner: 0, flag: 'ssc_short' },
    ]);
    expect(r.kmcEligible).toEqual([true]);
  });
  it('shows a complete twin its warnings while the other twin is still to be recorded (a later step)', () => {
    const d = withBabyCount(draft(), 2);
    d.newborns[0]!.cordClampedMinutes = '0.5';
    d.newborns[1]!.sex = 'male';
    const r = checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE);
    expect(r.issues).toEqual([{ path: 'newborns.1.outcome', message: 'births.outcomeRequired' }]);
    expect(r.warnings).toEqual([{ owner: 0, flag: 'cord_clamped_early' }]);
    expect(r.input).toBeNull();
    // The first twin incomplete and the second complete: the second's warnings under its own index.
    const swapped = withBabyCount(draft(), 2);
    swapped.newborns[0]!.outcome = '';
    swapped.newborns[1] = { ...draft().newborns[0]!, birthOrder: 2, cordClampedMinutes: '0.5' };
    expect(
      checkDraft(swapped, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE)
        .warnings,
    ).toEqual([{ owner: 1, flag: 'cord_clamped_early' }]);
    // A problem outside the babies (the mother, the delivery): no judgement yet.
    d.mother.recordNumber = '';
    expect(
      checkDraft(d, 'Asia/Ho_Chi_Minh', DEFAULT_EENC_SETTINGS, now, DEFAULT_EARLIEST_BIRTH_DATE).warnings,
    ).toEqual([]);
  });
});
