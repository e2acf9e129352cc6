import type { Db } from '../db/db';
import { seedAssessmentsDemo } from '../features/assessments/assessments.seed';
import { seedCoachingDemo } from '../features/coaching/coaching.seed';
import { seedDemoBirths } from './demo-births';
import { seedPncDemo } from '../features/pnc/pnc-seed';
import { seedKmcDemo } from '../features/kmc/kmc-seed';
import { seedReportsDemo } from '../features/reports/reports.seed';
import { seedScreeningDemo } from '../features/screening/screening-seed';
import { seedDhis2Demo } from '../features/dhis2/dhis2-demo.seed';
import { seedBoundariesDemo } from '../features/boundaries/boundaries.seed';

/**
 * Demo records of each feature, run after the demo org units and users exist (first start of
 * `npm start` only). A feature adds one line here; seeders must be deterministic and quick (seconds).
 */
export const DEMO_SEEDERS: ReadonlyArray<(db: Db, now: Date) => Promise<void>> = [
  (db, now) => seedDemoBirths(db, now),
  seedAssessmentsDemo,
  seedPncDemo,
  seedCoachingDemo,
  seedKmcDemo,
  seedReportsDemo,
  seedScreeningDemo,
  seedDhis2Demo,
  seedBoundariesDemo,
];
