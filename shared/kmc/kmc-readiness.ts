import { z } from 'zod';
import type { Issue } from '../errors';
import { ExpectedVersionSchema, RecordVersionSchema } from '../record-version';

/**
 * A facility's own declaration that it offers kangaroo mother care (issue 16; facts §12.2, the core
 * readiness indicator "facilities offering KMC"): whether, since when and on which wards. Recorded by the
 * hospital lead or a manager of the area (`facility_readiness.write`); it feeds the indicator source
 * `kmc_facility` (server/features/kmc/kmc-facility-source.ts).
 */

/** Where a facility gives KMC (the episode's places without home: a facility declares its wards). */
export const KMC_READINESS_PLACES = ['kmc_ward', 'postnatal_ward', 'nicu'] as const;
export type KmcReadinessPlace = (typeof KMC_READINESS_PLACES)[number];

const fields = {
  offersKmc: z.boolean({ error: 'kmc.choice' }),
  /** The first day the facility offered KMC; required when it does. */
  offeredSince: z.iso.date({ error: 'kmc.dateFormat' }).nullable(),
  places: z.array(z.enum(KMC_READINESS_PLACES, { error: 'kmc.choice' })).max(KMC_READINESS_PLACES.length),
};

/**
 * The facility provides special or intensive newborn care (issue 16: babies under 1,500 g or 32 weeks
 * are referred urgently where the facility cannot provide it); null when not declared. One statement
 * with the KMC declaration, by the same people; KMC given in a NICU implies it.
 */
const providesSpecialCare = z.boolean({ error: 'kmc.choice' }).nullable();

export const KmcReadinessInputSchema = z.strictObject({
  /** The version read; null for the facility's first declaration (a second "first" answers 409). */
  version: ExpectedVersionSchema.nullable(),
  ...fields,
  /** Left out: the stored answer is kept (a client that predates it does not erase it). */
  providesSpecialCare: providesSpecialCare.optional(),
});
export type KmcReadinessInput = z.infer<typeof KmcReadinessInputSchema>;

export const KmcReadinessSchema = z.object({
  facilityId: z.uuid(),
  facilityName: z.string(),
  /** Null when the facility has not declared anything yet. */
  declaration: z
    .object({ ...fields, providesSpecialCare, version: RecordVersionSchema, updatedAt: z.string() })
    .nullable(),
  /** Whether the reader may record the declaration (the web shows the form only then). */
  canEdit: z.boolean(),
});
export type KmcReadiness = z.infer<typeof KmcReadinessSchema>;

/**
 * The cross-field rules: offering KMC needs a date (not after the facility's today) and at least one
 * ward; not offering it takes neither; KMC in a NICU cannot go with "no special newborn care".
 */
export function checkReadiness(input: Omit<KmcReadinessInput, 'version'>, today: string): Issue[] {
  const issues: Issue[] = [];
  if (input.places.includes('nicu') && input.providesSpecialCare === false)
    issues.push({ path: 'providesSpecialCare', message: 'kmc.nicuMeansSpecialCare' });
  if (!input.offersKmc) {
    if (input.offeredSince !== null)
      issues.push({ path: 'offeredSince', message: 'kmc.readinessOnlyIfOffered' });
    if (input.places.length > 0) issues.push({ path: 'places', message: 'kmc.readinessOnlyIfOffered' });
    return issues;
  }
  if (input.offeredSince === null) issues.push({ path: 'offeredSince', message: 'kmc.readinessRequired' });
  else if (input.offeredSince > today) issues.push({ path: 'offeredSince', message: 'kmc.inFuture' });
  if (input.places.length === 0) issues.push({ path: 'places', message: 'kmc.readinessRequired' });
  if (new Set(input.places).size !== input.places.length)
    issues.push({ path: 'places', message: 'kmc.choice' });
  return issues;
}
