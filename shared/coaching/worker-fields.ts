import { type FieldEntry, type RowOf, STAMP_FIELDS, type TableProblems } from '../births/field-table';
import type { Cadre, FacilitatorLevel } from './coaching-values';

/**
 * The field table of a health worker (one row of `health_workers`), in the vocabulary of the birth
 * tables (shared/births/field-table.ts). The read row type and the insert and update statements
 * (server/features/coaching/roster.repo.ts) are made from it. Where the worker works is not here: it is
 * the history of postings (`health_worker_postings`).
 */
export type HealthWorkerRecord = {
  id: string;
  countryId: string;
  name: string;
  cadre: Cadre;
  phone: string | null;
  facilitatorLevel: FacilitatorLevel | null;
  facilitatorCertifiedOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** Which write sets a column: identity (insert), what the roster form edits, who wrote it when. */
export type WorkerWriteGroup = 'identity' | 'content' | 'stamp' | 'actor';

export const HEALTH_WORKER_FIELDS = [
  { path: 'id', from: 'identity', column: 'id', sql: 'uuid' },
  { path: 'countryId', from: 'identity', column: 'country_id', sql: 'uuid' },
  { path: 'name', from: 'content', column: 'name', sql: 'text', personal: true },
  { path: 'cadre', from: 'content', column: 'cadre', sql: 'text' },
  { path: 'phone', from: 'content', column: 'phone', sql: 'text', personal: true },
  { path: 'facilitatorLevel', from: 'content', column: 'facilitator_level', sql: 'text' },
  { path: 'facilitatorCertifiedOn', from: 'content', column: 'facilitator_certified_on', sql: 'date' },
  ...STAMP_FIELDS,
] as const satisfies ReadonlyArray<FieldEntry<WorkerWriteGroup>>;

type WorkerFields = (typeof HEALTH_WORKER_FIELDS)[number];

/** A `health_workers` row as read back. */
export type HealthWorkerRow = RowOf<HealthWorkerRecord, WorkerFields>;

// Each path exists in the record and its SQL type holds the value there (a compile error names it).
const workerChecks: TableProblems<HealthWorkerRecord, WorkerFields> = true;
void workerChecks;
