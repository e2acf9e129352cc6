import { LOW_BIRTH_WEIGHT_BANDS, PRETERM_BIRTH_BANDS, RESUSCITATED_WHERE } from '../births/birth-rules';
import { evaluateFilter, type Filter } from '../indicators/filter';
import type { RiskMarker } from './pnc-settings';

/** The newborn columns the birth-record markers read (names of the `newborns` table). */
export type NewbornMarkerFacts = {
  weight_band: string | null;
  preterm_band: string | null;
  bag_mask_started_seconds: number | null;
  breathing_at_birth: boolean | null;
  kmc_eligible: boolean | null;
  kmc_initiated: boolean | null;
  discharge_status: string | null;
  membranes_ruptured_over_18h: boolean | null;
  maternal_fever_in_labour: boolean | null;
  /** Discharged in KMC and not yet graduated (set by the KMC module, issue 16). */
  kmc_follow_up: boolean | null;
  /** Still under the country's weekly threshold (`kmc_follow_up_refresh`, shared/kmc/kmc-follow-up-weight.ts). */
  kmc_follow_up_weekly: boolean | null;
};
export const NEWBORN_MARKER_FIELDS = [
  'weight_band',
  'preterm_band',
  'bag_mask_started_seconds',
  'breathing_at_birth',
  'kmc_eligible',
  'kmc_initiated',
  'discharge_status',
  'membranes_ruptured_over_18h',
  'maternal_fever_in_labour',
  'kmc_follow_up',
  'kmc_follow_up_weekly',
] as const satisfies ReadonlyArray<keyof NewbornMarkerFacts>;

/**
 * The risk markers a baby gets from its birth record (small or sick babies: §2.7, §8.3; risk factors
 * for bacterial infection: §8.3, DAK), written once as filters. `newbornRiskMarkers` evaluates them here; the database's `pnc_newborn_markers` is compiled
 * from the same list after migrations (server/features/pnc/pnc-schema.ts). KMC reads the stored
 * `kmc_eligible`, which the births service computes from the country's cut-offs.
 */
export const BIRTH_RECORD_MARKERS: ReadonlyArray<{ marker: RiskMarker; where: Filter }> = [
  // Heaviest band first, the order the rule was first generated in: another text would re-derive
  // every follow-up subject at the next start (server/features/pnc/pnc-schema.ts) for the same answer.
  { marker: 'low_birth_weight', where: { field: 'weight_band', in: [...LOW_BIRTH_WEIGHT_BANDS].reverse() } },
  { marker: 'preterm', where: { field: 'preterm_band', in: PRETERM_BIRTH_BANDS } },
  { marker: 'resuscitated', where: RESUSCITATED_WHERE },
  {
    marker: 'kmc',
    where: {
      any: [
        { field: 'kmc_eligible', eq: true },
        { field: 'kmc_initiated', eq: true },
      ],
    },
  },
  { marker: 'referred_at_discharge', where: { field: 'discharge_status', eq: 'referred' } },
  {
    marker: 'infection_risk',
    where: {
      any: [
        { field: 'membranes_ruptured_over_18h', eq: true },
        { field: 'maternal_fever_in_labour', eq: true },
      ],
    },
  },
  // Last, so that the earlier markers keep their order in every subject's list.
  { marker: 'kmc_follow_up', where: { field: 'kmc_follow_up', eq: true } },
  // Graduation clears `kmc_follow_up`, and so this marker with it.
  {
    marker: 'kmc_follow_up_weekly',
    where: {
      all: [
        { field: 'kmc_follow_up', eq: true },
        { field: 'kmc_follow_up_weekly', eq: true },
      ],
    },
  },
];

/** The birth-record markers of one baby, in the order of `BIRTH_RECORD_MARKERS`. */
export function newbornRiskMarkers(facts: NewbornMarkerFacts): RiskMarker[] {
  return BIRTH_RECORD_MARKERS.filter((m) => evaluateFilter(m.where, facts)).map((m) => m.marker);
}
