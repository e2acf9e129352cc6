import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { decodeUtf8, planFromCsv, planFromDhis2 } from './org-units.import';

const HEADER =
  'code,name,kind,parent_code,facility_level,provides_births,timezone,births_per_year,eenc_introduced_on,eenc_team_formed_on';

describe('planFromCsv', () => {
  it('reads rows with Vietnamese names and typed attributes', () => {
    const { plan, errors } = planFromCsv(
      `${HEADER}\nVN-HN-BD-H,"Trung tâm Y tế quận Ba Đình",facility,VN-HN-BD,district,yes,,2000,2019-03-01,\n`,
    );
    expect(errors).toEqual([]);
    expect(plan).toEqual([
      {
        row: 1,
        code: 'VN-HN-BD-H',
        name: 'Trung tâm Y tế quận Ba Đình',
        kind: 'facility',
        parentRef: { code: 'VN-HN-BD' },
        dhis2Id: null,
        attributes: {
          facilityLevel: 'district',
          providesBirths: true,
          birthsPerYear: 2000,
          eencIntroducedOn: '2019-03-01',
        },
      },
    ]);
  });
  it('reports each bad cell with its row and column', () => {
    const { plan, errors } = planFromCsv(
      `${HEADER}\nA,Name,planet,P,,maybe,,-3,2019-13-45,\nB,Ok,district,P,,,,,,\n`,
    );
    expect(plan.map((p) => p.code)).toEqual(['B']);
    expect(errors.map((e) => e.path).sort()).toEqual([
      'rows.1.births_per_year',
      'rows.1.eenc_introduced_on',
      'rows.1.kind',
      'rows.1.provides_births',
    ]);
  });
  it('refuses a header with missing or unknown columns', () => {
    expect(() => planFromCsv('code,name,colour\nA,B,red\n')).toThrowError(AppError);
  });
  it('refuses broken quoting with a syntax message', () => {
    expect(() => planFromCsv(`${HEADER}\n"A,unterminated,district,P,,,,,,\n`)).toThrowError(
      /import.csvSyntax|validation/,
    );
  });
  it('refuses a file with only a header', () => {
    expect(() => planFromCsv(`${HEADER}\n`)).toThrowError(AppError);
  });
});

describe('decodeUtf8', () => {
  it('accepts UTF-8 with a BOM and strips it', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
  });
  it('refuses Latin-1 bytes instead of garbling names', () => {
    expect(() => decodeUtf8(new Uint8Array([0x48, 0xe0, 0x20]))).toThrowError(AppError);
  });
});

describe('planFromDhis2', () => {
  const levels = { '1': 'country', '2': 'province' } as const;
  it('maps levels to kinds, keeps DHIS2 ids and attaches roots under the given parent', () => {
    const json = JSON.stringify({
      organisationUnits: [
        { id: 'ImspTQPwCqd', name: 'Sierra', level: 1, code: 'SL' },
        { id: 'O6uvpzGd5pu', name: 'Bo', level: 2, parent: { id: 'ImspTQPwCqd' } },
      ],
    });
    const { plan, errors } = planFromDhis2(json, levels, '00000000-0000-4000-8000-000000000001');
    expect(errors).toEqual([]);
    expect(plan[0]).toMatchObject({
      code: 'SL',
      kind: 'country',
      dhis2Id: 'ImspTQPwCqd',
      parentRef: { id: '00000000-0000-4000-8000-000000000001' },
    });
    expect(plan[1]).toMatchObject({
      code: 'O6uvpzGd5pu',
      kind: 'province',
      parentRef: { dhis2Id: 'ImspTQPwCqd' },
    });
    expect(plan[1]!.id).toBe(planFromDhis2(json, levels, undefined).plan[1]!.id);
  });
  it('reports a level with no mapping on its row', () => {
    const json = JSON.stringify({ organisationUnits: [{ id: 'ImspTQPwCqd', name: 'X', level: 3 }] });
    expect(planFromDhis2(json, levels, undefined).errors).toEqual([
      { row: 1, path: 'rows.1.level', message: 'import.dhis2Level', params: { level: 3 } },
    ]);
  });
  it('refuses what is not a DHIS2 export', () => {
    expect(() => planFromDhis2('{"units":[]}', levels, undefined)).toThrowError(AppError);
    expect(() => planFromDhis2('not json', levels, undefined)).toThrowError(AppError);
  });
});
