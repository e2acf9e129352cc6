import {
  DEFAULT_PNC_SETTINGS,
  isKmcFollowUpContact,
  kmcFollowUpContacts,
} from '../../../shared/pnc/pnc-settings';
import { buildBirthRaw, buildNewbornRaw, NO_CARE_AFTER_BIRTH } from '../../../shared/births/birth-builders';
import type { BirthInputRaw } from '../../../shared/births/birth.schema';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import { wellMotherContact } from '../../../shared/pnc/pnc-builders';
import type { VisitInputRaw } from '../../../shared/pnc/pnc.schema';
import { C01, H01 } from '../../test/demo-units';
import type { TestClient } from '../../test/test-app';

/** Units of the demo used by the PNC tests (one list for all tests: test/demo-units.ts). */
export { C01, C02, DN, H01, HC } from '../../test/demo-units';

let counter = 0;

/** Records a birth through the births API (as a clinician of H01) and returns its document. */
export async function recordBirth(
  midwife: TestClient,
  opts: {
    bornAt: string;
    communeId?: string | null;
    phone?: string | null;
    name?: string | null;
    gestationalAgeWeeks?: number | null;
    newborns?: BirthInputRaw['newborns'];
    /** Other delivery fields (the infection risk factors, say). */
    delivery?: Partial<BirthInputRaw['delivery']>;
  },
) {
  counter += 1;
  const newborns = opts.newborns ?? [buildNewbornRaw()];
  const raw = buildBirthRaw({
    facilityId: H01,
    mother: {
      recordNumber: `PNC-${counter}`,
      communeId: opts.communeId === undefined ? C01 : opts.communeId,
      name: opts.name === undefined ? `Mẹ ${counter}` : opts.name,
      phone: opts.phone === undefined ? `0905 000 ${String(counter).padStart(3, '0')}` : opts.phone,
    },
    delivery: {
      bornAt: opts.bornAt,
      babyCount: newborns.length,
      ...(opts.gestationalAgeWeeks === undefined ? {} : { gestationalAgeWeeks: opts.gestationalAgeWeeks }),
      ...opts.delivery,
    },
    newborns,
  });
  const res = await midwife.post('/api/births', raw);
  if (res.statusCode !== 201) throw new Error(`birth not recorded: ${res.statusCode} ${res.body}`);
  return res.json<
    { id: string; version: number; newborns: { id: string; birthOrder: number }[] } & Record<string, unknown>
  >();
}

/** A home visit of contact `code` seeing the mother and the first baby, all well. */
export function wellVisit(
  birth: { id: string; newborns: { id: string }[] },
  code: string,
  visitedAt: string,
  overrides: Partial<VisitInputRaw> = {},
): VisitInputRaw {
  return {
    birthId: birth.id,
    contactCode: code,
    visitedAt,
    place: 'home',
    seenBy: 'YS. Đặng Thị Hương',
    mother: wellMotherContact(),
    newborns: [
      {
        newbornId: birth.newborns[0]!.id,
        weightGrams: 3150,
        temperatureC: 36.9,
        breathingRate: 44,
        exclusiveBreastfeedingYesterday: true,
        cord: 'clean_dry',
        jaundice: 'none',
        dangerSigns: ['none'],
        immunisation: { hepB0: true, bcg: true, opv0: null },
      },
    ],
    ...overrides,
  };
}

/**
 * A KMC follow-up contact seeing the first baby only, weighed at `grams` (default 1,900 g: still under
 * the default weekly threshold, so the baby keeps its weekly contacts, docs/kmc.md).
 */
export function kmcVisit(
  birth: { id: string; newborns: { id: string }[] },
  code: string,
  visitedAt: string,
  grams = 1900,
): VisitInputRaw {
  const v = wellVisit(birth, code, visitedAt, { mother: null });
  return { ...v, newborns: [{ ...v.newborns![0]!, weightGrams: grams }] };
}

/** The schedule's contacts as the release before the weekly threshold stored them (KMC weekly for all). */
export const PREVIOUS_RELEASE_CONTACTS = [
  ...DEFAULT_PNC_SETTINGS.contacts.filter((c) => !isKmcFollowUpContact(c)),
  ...kmcFollowUpContacts(undefined, 1),
];

/** The newborn fields of a baby who died during resuscitation: no skin-to-skin, feed or procedure was recorded. */
export const DIED_RESUSCITATING = {
  ...NO_CARE_AFTER_BIRTH,
  breathingAtBirth: false,
  bagMaskStartedSeconds: 40,
  resuscitationOutcome: 'died' as const,
  procedures: { weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null },
};

/** The body of a KMC start on the KMC ward with the mother, no incubator first; `o` adds the ids and what differs. */
export const buildKmcStart = (o: { id: string; newbornId: string } & Record<string, unknown>) => ({
  startedAt: '2026-03-08T10:40:00+07:00',
  incubatorFirst: false,
  place: 'kmc_ward',
  provider: 'mother',
  notStartedReason: null,
  ...o,
});

/**
 * Starts KMC for a baby (KMC ward, the mother, no incubator first) and discharges it in KMC on
 * `dischargedOn`, through the KMC API: the baby is then in KMC follow-up. Returns the episode's id.
 */
export async function dischargeInKmc(
  midwife: TestClient,
  o: { id: string; newbornId: string; startedAt: string; dischargedOn: string; weightGrams: number },
): Promise<string> {
  const started = await midwife.post(
    '/api/kmc/episodes',
    buildKmcStart({ id: o.id, newbornId: o.newbornId, startedAt: o.startedAt }),
  );
  if (started.statusCode !== 201) throw new Error(`KMC not started: ${started.statusCode} ${started.body}`);
  const e = started.json<KmcEpisode>();
  const res = await midwife.post(`/api/kmc/episodes/${o.id}/discharge`, {
    version: e.episode!.version,
    dischargedOn: o.dischargedOn,
    outcome: 'discharged_in_kmc',
    weightGrams: o.weightGrams,
    checks: { feedsWell: true, weightGain3Days: true, temperatureStable: true, caregiverReady: true },
  });
  if (res.statusCode !== 200) throw new Error(`not discharged: ${res.statusCode} ${res.body}`);
  return o.id;
}
