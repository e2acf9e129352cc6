import type { Principal } from '../../../shared/auth/principal';
import type {
  Dhis2ExportSummary,
  Dhis2Mapping,
  Dhis2PushResult,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import type { AppDeps } from '../../deps';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { dhis2DataValues } from './dhis2-export';
import { getMapping } from './dhis2-mappings.service';

const DHIS2_MAPPING = auditSubject('dhis2_mapping');

/** The mapping and the values it gives for an area and period (scope checked by `dhis2DataValues`). */
export async function mappedValues(
  deps: AppDeps,
  principal: Principal,
  mappingId: string,
  orgUnit: string,
  period: string,
): Promise<{ mapping: Dhis2Mapping; summary: Dhis2ExportSummary }> {
  const mapping = await getMapping(deps.db, mappingId);
  const summary = await dhis2DataValues(deps.db, principal, mapping, orgUnit, period, deps.clock.now());
  return { mapping, summary };
}

/** Every export and push is audited with the mapping version, the period and what went out. */
export async function auditExchange(
  deps: AppDeps,
  principal: Principal,
  mapping: Dhis2Mapping,
  orgUnit: string,
  details: Record<string, unknown>,
): Promise<void> {
  await auditChange(deps.db, principal, 'export', DHIS2_MAPPING(mapping.id, orgUnit), {
    details: { version: mapping.version, ...details },
  });
}

/** What a push's audit row keeps of DHIS2's answer: its status and counts, not the conflicting values. */
export const pushAnswerForAudit = (result: Omit<Dhis2PushResult, 'values'>) => ({
  status: result.status,
  imported: result.imported,
  updated: result.updated,
  ignored: result.ignored,
  conflicts: result.conflicts.length,
});
