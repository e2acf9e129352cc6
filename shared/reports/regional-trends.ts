import { z } from 'zod';
import { RegionalSummarySchema } from './report.schema';

/**
 * The regional trends over bienniums (issue 17): for each biennium with published reports, the regional
 * summary of each country's newest published version, validated values only.
 */
export const RegionalTrendsSchema = z.object({
  bienniums: z.array(
    RegionalSummarySchema.pick({
      biennium: true,
      headline: true,
      totals: true,
      excludedUnvalidated: true,
    }).extend({ countries: z.number().int() }),
  ),
});
export type RegionalTrends = z.infer<typeof RegionalTrendsSchema>;
