import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildFullBirth, buildNewbornRaw, NO_CARE_AFTER_BIRTH } from '../../../shared/births/birth-builders';
import {
  type DeliveryInput,
  NewbornInputSchema,
  type NewbornInputRaw,
} from '../../../shared/births/birth.schema';
import { BIRTH_RULES_VERSION, deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import { DEFAULT_EENC_SETTINGS, KMC_PRESETS } from '../../../shared/births/eenc-settings';

/**
 * What the birth rules give for a fixed table of records, as a fingerprint per BIRTH_RULES_VERSION. A
 * change to `deriveNewborn` or `deliveryFlags` that gives another answer fails here until the version is
 * raised (and its fingerprint added): stored records are re-derived at start only when it is.
 */
const FINGERPRINTS: Record<number, string> = {
  1: '8c47349afa7d50b4d8f1c82b9b7b928af35303728a977b7bf0657185b402cc60',
};

const resuscitated = {
  breathingAtBirth: false,
  bagMaskStartedSeconds: 40,
  resuscitationOutcome: 'breathing',
} as const;
const NEWBORNS: NewbornInputRaw[] = [
  buildNewbornRaw(),
  buildNewbornRaw({
    dryingStartedSeconds: 20,
    sscStartedMinutes: 5,
    sscDurationMinutes: 40,
    separatedBeforeBreastfeed: true,
  }),
  buildNewbornRaw({ cordClampedMinutes: 0.5 }),
  buildNewbornRaw({ ...resuscitated, cordClampedMinutes: 0.5, sscStartedMinutes: 20, apgar1: 8 }),
  buildNewbornRaw({ ...resuscitated, breathingAtBirth: true }),
  buildNewbornRaw({
    ...resuscitated,
    bagMaskStartedSeconds: 90,
    resuscitationOutcome: 'died',
    breastfeedStartedMinutes: null,
    breastfeedCompletedMinutes: null,
  }),
  buildNewbornRaw({
    breastfeedStartedMinutes: null,
    breastfeedCompletedMinutes: null,
    procedures: {
      weighing: { done: true, minutes: 30 },
      eyeCare: null,
      vitaminK: { done: true, minutes: 120 },
      hepatitisB: null,
      bath: { done: true, minutes: 300 },
    },
  }),
  buildNewbornRaw({ birthWeightGrams: 2000 }),
  buildNewbornRaw({ birthWeightGrams: 900 }),
  buildNewbornRaw({ birthWeightGrams: 4800 }),
  buildNewbornRaw({ discharge: { date: '2026-03-10', status: 'alive' } }),
  buildNewbornRaw({ discharge: { date: '2026-03-11', time: '01:00', status: 'alive' } }),
  buildNewbornRaw({
    outcome: 'fresh_stillbirth',
    ...NO_CARE_AFTER_BIRTH,
    breathingAtBirth: null,
  }),
];
const DELIVERIES: Array<Pick<DeliveryInput, 'mode' | 'gestationalAgeWeeks'>> = [
  { mode: 'spontaneous_vaginal', gestationalAgeWeeks: 39 },
  { mode: 'caesarean', gestationalAgeWeeks: 30 },
  { mode: 'assisted_vaginal', gestationalAgeWeeks: null },
];
const SETTINGS = [
  DEFAULT_EENC_SETTINGS,
  { ...DEFAULT_EENC_SETTINGS, ...KMC_PRESETS.who2022, minStayHours: 12 },
];
const BIRTH = { date: '2026-03-10', bornAt: '2026-03-10T02:15:00+07:00', timeZone: 'Asia/Ho_Chi_Minh' };

function fingerprint(): string {
  const newborns = NEWBORNS.map((raw) => NewbornInputSchema.parse(raw));
  const out = SETTINGS.flatMap((s) => [
    ...DELIVERIES.flatMap((d) => newborns.map((n) => deriveNewborn(n, d, s, BIRTH))),
    deliveryFlags(buildFullBirth().delivery, s),
    deliveryFlags({ uterotonicGiven: true, uterotonicMinutes: 3, secondBabyChecked: false }, s),
    deliveryFlags({ uterotonicGiven: false, uterotonicMinutes: null, secondBabyChecked: null }, s),
  ]);
  return createHash('sha256').update(JSON.stringify(out)).digest('hex');
}

describe('BIRTH_RULES_VERSION', () => {
  it('names the rules in force: raise it (and add its fingerprint) when the derived values change', () => {
    expect({ version: BIRTH_RULES_VERSION, fingerprint: fingerprint() }).toEqual({
      version: BIRTH_RULES_VERSION,
      fingerprint: FINGERPRINTS[BIRTH_RULES_VERSION],
    });
  });
});
