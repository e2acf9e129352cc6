import { readFileSync } from 'node:fs';
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
        kindFrom: 'column',
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
    const { plan, errors } = planFromDhis2(json, {
      levels,
      attachTo: '00000000-0000-4000-8000-000000000001',
    });
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
    expect(plan[1]!.id).toBe(planFromDhis2(json, { levels }).plan[1]!.id);
  });
  it('reports a level with no mapping on its row', () => {
    const json = JSON.stringify({ organisationUnits: [{ id: 'ImspTQPwCqd', name: 'X', level: 3 }] });
    expect(planFromDhis2(json, { levels }).errors).toEqual([
      { row: 1, path: 'rows.1.level', message: 'import.dhis2Level', params: { level: 3 } },
    ]);
  });
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const sierraLeone = { '1': 'country', '2': 'province', '3': 'district', '4': 'facility' } as const;
  it('reads a real export that carries only path: parent and level come from the path', () => {
    const { plan, errors } = planFromDhis2(fixture('dhis2-sierra-leone-badjia-path-only.json'), {
      levels: sierraLeone,
    });
    expect(errors).toEqual([]);
    expect(plan.map((u) => [u.dhis2Id, u.kind, u.kindFrom, u.parentRef])).toEqual([
      ['YuQRtpLP10I', 'district', 'level', { dhis2Id: 'O6uvpzGd5pu' }],
      ['DiszpKrYNg8', 'facility', 'level', { dhis2Id: 'YuQRtpLP10I' }],
      ['g8upMTyEZGZ', 'facility', 'level', { dhis2Id: 'YuQRtpLP10I' }],
    ]);
  });
  it('keeps a free-text DHIS2 code aside and uses the DHIS2 id as the code, instead of refusing the row', () => {
    const { plan } = planFromDhis2(fixture('dhis2-sierra-leone-badjia-path-only.json'), {
      levels: sierraLeone,
    });
    expect(plan[2]).toMatchObject({
      code: 'g8upMTyEZGZ',
      dhis2Code: 'OU 167609/MCHP',
      name: 'Njandama MCHP',
    });
    expect(plan[1]).toMatchObject({ code: 'OU_559', dhis2Code: null });
  });
  it('takes the closing date of a closed facility, as a date', () => {
    const { plan } = planFromDhis2(fixture('dhis2-sierra-leone-badjia.json'), { levels: sierraLeone });
    expect(plan.map((u) => u.attributes.closedOn)).toEqual([undefined, '2025-05-22', undefined]);
  });
  it('maps a kind by org-unit group before the level, by group id or code', () => {
    const file = fixture('dhis2-sierra-leone-badjia.json');
    const byLevel = planFromDhis2(file, { levels: { '3': 'district', '4': 'commune' } }).plan;
    expect(byLevel.map((u) => u.kind)).toEqual(['district', 'commune', 'commune']);
    for (const groups of [{ CHC: 'facility' }, { CXw2yu5fodb: 'facility' }] as Record<string, 'facility'>[]) {
      const byGroup = planFromDhis2(file, { levels: { '3': 'district', '4': 'commune' }, groups }).plan;
      expect(byGroup.map((u) => [u.kind, u.kindFrom])).toEqual([
        ['district', 'level'],
        ['facility', 'group'],
        ['facility', 'group'],
      ]);
    }
  });
  it('reports a unit in two groups mapped to different kinds, and a unit with neither level nor path', () => {
    const json = JSON.stringify({
      organisationUnits: [
        {
          id: 'ImspTQPwCqd',
          name: 'X',
          level: 1,
          organisationUnitGroups: [{ id: 'GroupAAAAAA' }, { id: 'GroupBBBBBB' }],
        },
        { id: 'O6uvpzGd5pu', name: 'Y' },
      ],
    });
    const { errors } = planFromDhis2(json, {
      levels,
      groups: { GroupAAAAAA: 'country', GroupBBBBBB: 'facility' },
    });
    expect(errors).toEqual([
      {
        row: 1,
        path: 'rows.1.organisationUnitGroups',
        message: 'import.dhis2Groups',
        params: { kinds: 'country, facility' },
      },
      { row: 2, path: 'rows.2.level', message: 'import.dhis2NoLevel' },
    ]);
  });
  it('attaches a partial export to the chosen unit only where the parent is not in the file', () => {
    const attachTo = '00000000-0000-4000-8000-000000000001';
    const { plan } = planFromDhis2(fixture('dhis2-sierra-leone-badjia.json'), {
      levels: sierraLeone,
      attachTo,
    });
    expect(plan.map((u) => u.parentRef)).toEqual([
      { dhis2Id: 'O6uvpzGd5pu', otherwise: attachTo },
      { dhis2Id: 'YuQRtpLP10I' },
      { dhis2Id: 'YuQRtpLP10I' },
    ]);
  });
  it('reports a malformed unit on its own row and plans the others', () => {
    const json = JSON.stringify({
      organisationUnits: [
        { id: 'not-an-id', name: 'X', level: 1 },
        { id: 'ImspTQPwCqd', name: 'Sierra', level: 1 },
      ],
    });
    const { plan, errors } = planFromDhis2(json, { levels });
    expect(plan.map((u) => u.dhis2Id)).toEqual(['ImspTQPwCqd']);
    expect(errors).toMatchObject([{ row: 1, path: 'rows.1.id', message: 'import.dhis2Uid' }]);
  });
  it('refuses what is not a DHIS2 export', () => {
    expect(() => planFromDhis2('{"units":[]}', { levels })).toThrowError(AppError);
    expect(() => planFromDhis2('not json', { levels })).toThrowError(AppError);
  });
});
