import type {
  Dhis2ExportSummary,
  Dhis2Mapping,
  Dhis2MappingRow,
  Dhis2PushResult,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import { api, withQuery } from '../../lib/api-client';

export const listMappings = async () =>
  (await api.get<{ items: Dhis2Mapping[] }>('/api/dhis2/mappings')).items;

export const createMapping = (name: string, metadata: unknown) =>
  api.post<Dhis2Mapping>('/api/dhis2/mappings', { name, metadata, rows: [] });

/** A mapping keeps its data set's metadata; a new version re-sends it with the edited rows. */
export const saveMapping = (m: Dhis2Mapping, rows: Dhis2MappingRow[]) =>
  api.put<Dhis2Mapping>(`/api/dhis2/mappings/${m.id}`, {
    version: m.version,
    name: m.name,
    metadata: {
      dataSets: [m.dataSet],
      dataElements: m.dataElements,
      categoryOptionCombos: m.categoryOptionCombos,
    },
    rows,
  });

export const dataValuesUrl = (id: string, orgUnit: string, period: string, format: 'json' | 'csv') =>
  withQuery(`/api/dhis2/mappings/${id}/data-values`, { orgUnit, period, format });

export const getDataValues = (id: string, orgUnit: string, period: string) =>
  api.get<Dhis2ExportSummary>(dataValuesUrl(id, orgUnit, period, 'json'));

export const pushDataValues = (id: string, orgUnit: string, period: string, dryRun: boolean) =>
  api.post<Dhis2PushResult>(`/api/dhis2/mappings/${id}/push`, { orgUnit, period, dryRun });

/** Switches the monthly push on for an area, or off (null). */
export const setMonthlyPush = (id: string, orgUnit: string | null) =>
  api.put<Dhis2Mapping>(`/api/dhis2/mappings/${id}/monthly-push`, { orgUnit });

export const dhis2Keys = { mappings: ['dhis2', 'mappings'] as const };
