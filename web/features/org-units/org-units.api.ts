import {
  type CreateOrgUnit,
  type OrgUnit,
  type OrgUnitDetail,
  OrgUnitDetailSchema,
  type OrgUnitKind,
  type UpdateOrgUnit,
} from '../../../shared/org-units/org-unit.schema';
import type { CommuneHit } from '../../../shared/org-units/commune-search.schema';
import type { OrgUnitImportReport } from '../../../shared/org-units/org-unit-import.schema';
import { api, withQuery } from '../../lib/api-client';
import { readThrough, REFERENCE_READS } from '../offline/offline-reads';

export type { OrgUnitDetail };

export type ListOrgUnitsQuery = {
  parent?: string;
  q?: string;
  kind?: OrgUnitKind;
  includeInactive?: boolean;
  limit?: number;
};

export async function listOrgUnits(query: ListOrgUnitsQuery = {}): Promise<OrgUnit[]> {
  const { items } = await api.get<{ items: OrgUnit[] }>(withQuery('/api/org-units', query));
  return items;
}

/** Kept on the device for the pages that must open offline (the birth form needs its facility). */
export const getOrgUnit = (id: string) =>
  readThrough(`${REFERENCE_READS.orgUnit.prefix}${id}`, OrgUnitDetailSchema, () =>
    api.get<OrgUnitDetail>(REFERENCE_READS.orgUnit.url(id)),
  );
export const createOrgUnit = (input: CreateOrgUnit) => api.post<OrgUnit>('/api/org-units', input);
export const updateOrgUnit = (id: string, input: UpdateOrgUnit) =>
  api.patch<OrgUnit>(`/api/org-units/${id}`, input);
export const moveOrgUnit = (id: string, version: number, parentId: string) =>
  api.post<OrgUnit>(`/api/org-units/${id}/move`, { version, parentId });
export const setOrgUnitActive = (id: string, version: number, active: boolean) =>
  api.post<OrgUnit>(`/api/org-units/${id}/active`, { version, active });

export type ImportOptions = {
  format: 'csv' | 'dhis2';
  mode: 'validate' | 'commit';
  parent?: string;
  levels?: string;
  groups?: string;
};

export const importOrgUnits = (file: Blob, opts: ImportOptions) =>
  api.post<OrgUnitImportReport>(withQuery('/api/org-units/import', opts), file, {
    contentType: opts.format === 'csv' ? 'text/csv' : 'application/json',
  });

/** React Query keys of this feature, so that writes can refresh exactly what they changed. */
export const orgUnitKeys = {
  all: ['org-units'] as const,
  list: (q: ListOrgUnitsQuery) => ['org-units', 'list', q] as const,
  detail: (id: string) => ['org-units', 'detail', id] as const,
};

/** The mother's commune for a birth at `facility`: any commune of its country, its district first. */
export async function searchCommunes(facility: string, q: string): Promise<CommuneHit[]> {
  const { items } = await api.get<{ items: CommuneHit[] }>(
    withQuery('/api/org-units/communes', { facility, q }),
  );
  return items;
}
