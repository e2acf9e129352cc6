import { z } from 'zod';

/** At most this many communes per answer: a picker shows a short list, the user types more to narrow it. */
export const COMMUNE_SEARCH_MAX = 50;
export const COMMUNE_SEARCH_DEFAULT = 20;

/**
 * The mother's-commune search of the birth form: the communes of the birth facility's country whose
 * name (diacritics and case ignored) or code contains `q`, the facility's own district first.
 */
export const CommuneSearchQuerySchema = z.strictObject({
  /** The birth facility: its country is searched; the user must be allowed to record births there. */
  facility: z.uuid(),
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(COMMUNE_SEARCH_MAX).optional(),
});
export type CommuneSearchQuery = z.infer<typeof CommuneSearchQuerySchema>;

/** Names and codes only: a commune's name is not in anyone's scope to hide. */
export const CommuneHitSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  /** The district and province it lies in, to tell apart communes of the same name. */
  district: z.string().nullable(),
  province: z.string().nullable(),
});
export type CommuneHit = z.infer<typeof CommuneHitSchema>;
