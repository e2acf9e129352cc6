import { describe, expect, it } from 'vitest';
import { Dhis2DataSetMetadataSchema, Dhis2UidSchema } from '../../../shared/dhis2/dhis2-exchange.schema';
import {
  DEMO_DHIS2_MAPPING_NAME,
  DEMO_DHIS2_ROWS,
  demoDhis2Uid,
  demoUnitCodes,
  RMNCAH_SAMPLE,
} from './dhis2-demo.seed';
import { mappingContent } from './dhis2-mappings.service';

/** The demo's DHIS2 sample (fixtures/README.md) and the mapping the demo seed makes from it. */
describe('the RMNCAH sample metadata', () => {
  const meta = Dhis2DataSetMetadataSchema.parse(RMNCAH_SAMPLE);
  const uids = [
    ...meta.dataSets.map((d) => d.id),
    ...meta.dataElements.map((d) => d.id),
    ...meta.categoryOptionCombos.map((c) => c.id),
  ];

  it('holds one monthly data set, its default category option combo, and only valid DHIS2 uids', () => {
    expect(meta.dataSets).toEqual([{ id: 'tQc4Gv2Jwco', name: 'RMNCAH', periodType: 'Monthly' }]);
    expect(meta.categoryOptionCombos).toEqual([{ id: 'HllvX50cXC0', name: 'default' }]);
    expect(meta.dataElements).toHaveLength(12);
    for (const uid of uids) expect(Dhis2UidSchema.safeParse(uid).success, uid).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('is what the demo mapping uses, element for element: every uid of a row is in the file and every element is filled', () => {
    const elements = new Set(meta.dataElements.map((d) => d.id));
    const combos = new Set(meta.categoryOptionCombos.map((c) => c.id));
    for (const row of DEMO_DHIS2_ROWS) {
      expect(elements.has(row.dataElement), row.dataElement).toBe(true);
      expect(combos.has(row.categoryOptionCombo), row.categoryOptionCombo).toBe(true);
    }
    expect(new Set(DEMO_DHIS2_ROWS.map((r) => r.dataElement))).toEqual(elements);
  });

  it('passes the checks of an uploaded mapping', () => {
    const content = mappingContent({
      name: DEMO_DHIS2_MAPPING_NAME,
      metadata: RMNCAH_SAMPLE,
      rows: [...DEMO_DHIS2_ROWS],
    });
    expect(content.dataSet).toEqual({ id: 'tQc4Gv2Jwco', name: 'RMNCAH', periodType: 'Monthly' });
    expect(content.rows).toHaveLength(DEMO_DHIS2_ROWS.length);
  });
});

describe('demoDhis2Uid', () => {
  const codes = demoUnitCodes();

  it('gives every demo unit a distinct DHIS2-shaped uid, the same at every call', () => {
    expect(codes).toContain('VN-DN-H01');
    expect(codes).toContain('LA-SV-OT-C01');
    const uids = codes.map(demoDhis2Uid);
    for (const uid of uids) expect(uid).toMatch(/^[A-Za-z][A-Za-z0-9]{10}$/);
    expect(new Set(uids).size).toBe(codes.length);
    expect(codes.map(demoDhis2Uid)).toEqual(uids);
  });

  it('differs between codes that differ by one character', () => {
    expect(demoDhis2Uid('VN-DN-HC-C01')).not.toBe(demoDhis2Uid('VN-DN-HC-C02'));
  });
});
