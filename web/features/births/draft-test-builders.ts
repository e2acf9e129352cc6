import type { DeliveryMode } from '../../../shared/births/birth.schema';
import { type BirthDraft, emptyDraft, type NewbornDraft } from './birth-draft';

/** Ids of the drafts the tests build. */
export const TEST_BIRTH_ID = '00000000-0000-4000-8000-0000000000b1';
export const TEST_FACILITY_ID = '00000000-0000-4000-8000-00000000f001';

/**
 * For tests: a draft born at 02:15 on 10 March 2026 with a record number, a mode of birth and one live
 * girl of 3,100 g who breathed at birth. Override only what a test is about.
 */
export function buildDraft(
  o: { recordNumber?: string; mode?: DeliveryMode; newborn?: Partial<NewbornDraft> } = {},
): BirthDraft {
  const d = emptyDraft(TEST_BIRTH_ID, TEST_FACILITY_ID, '2026-03-10T02:15');
  d.mother.recordNumber = o.recordNumber ?? 'SB-1';
  d.delivery.mode = o.mode ?? 'spontaneous_vaginal';
  d.newborns[0] = {
    ...d.newborns[0]!,
    outcome: 'live_birth',
    sex: 'female',
    birthWeightGrams: '3100',
    breathingAtBirth: 'yes',
    ...o.newborn,
  };
  return d;
}
