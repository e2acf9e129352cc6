import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BirthInputSchema } from '../../../shared/births/birth.schema';
import { birthIdCell, draftFromCsvRows, readCsvHeader } from '../../../shared/births/birth-csv';
import { BIRTH_CSV_HEADER } from '../../../shared/births/birth-csv-columns';
import { checkBirth, deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { demoGeneratorFacilities, generateBirthCsv } from './births-csv-generator';

const until = new Date('2026-03-10T08:00:00Z');
const facilities = demoGeneratorFacilities();
const csv = (births: number, seed: number, padding = 0) =>
  [...generateBirthCsv({ births, seed, facilities, until, padding })].join('');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('generateBirthCsv', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other births', () => {
    const first = csv(500, 7);
    expect(sha(csv(500, 7))).toBe(sha(first));
    expect(sha(csv(500, 8))).not.toBe(sha(first));
    expect(first.startsWith(`${BIRTH_CSV_HEADER}\r\n`)).toBe(true);
  });

  it('gives 4,000 births that pass the hard rules, with a realistic mix of twins, stillbirths, resuscitations and flags', () => {
    const [head, ...records] = parse(csv(4000, 11)) as string[][];
    const header = readCsvHeader(head!).header!;
    const groups: Array<Array<{ row: number; cells: string[] }>> = [];
    records.forEach((cells, i) => {
      const last = groups.at(-1);
      if (last && birthIdCell(header, last[0]!.cells) === birthIdCell(header, cells))
        last.push({ row: i + 2, cells });
      else groups.push([{ row: i + 2, cells }]);
    });
    expect(groups).toHaveLength(4000);
    const tz = new Map(facilities.map((f) => [f.code, f.timezone]));
    let twins = 0;
    let stillbirths = 0;
    let resuscitated = 0;
    let flagged = 0;
    const problems: unknown[] = [];
    for (const g of groups) {
      const draft = draftFromCsvRows(header, g);
      const input = { ...draft.input, facilityId: '00000000-0000-4000-8000-000000000001' };
      const parsed = BirthInputSchema.safeParse(input);
      if (draft.issues.length || !parsed.success) {
        problems.push(draft.issues, parsed.error?.issues);
        continue;
      }
      const b = parsed.data;
      problems.push(...checkBirth(b, { now: until, timeZone: tz.get(draft.facilityCode!)! }));
      if (b.newborns.length === 2) twins++;
      if (b.newborns.some((n) => n.outcome !== 'live_birth')) stillbirths++;
      if (b.newborns.some((n) => n.bagMaskStartedSeconds !== null)) resuscitated++;
      if (
        deliveryFlags(b.delivery, DEFAULT_EENC_SETTINGS).length ||
        b.newborns.some((n) => deriveNewborn(n, b.delivery, DEFAULT_EENC_SETTINGS).flags.length)
      )
        flagged++;
    }
    expect(problems).toEqual([]);
    expect(twins / 4000).toBeGreaterThan(0.008);
    expect(twins / 4000).toBeLessThan(0.025);
    expect(stillbirths).toBeGreaterThan(10);
    expect(resuscitated / 4000).toBeGreaterThan(0.02);
    expect(flagged / 4000).toBeGreaterThan(0.2);
    expect(flagged / 4000).toBeLessThan(0.95);
  });

  it('pads rows with multi-byte deviation notes when asked, keeping them valid', () => {
    const padded = csv(20, 3, 1500);
    expect(Buffer.byteLength(padded) / 20).toBeGreaterThan(1500);
    const [head, ...records] = parse(padded) as string[][];
    const header = readCsvHeader(head!).header!;
    const draft = draftFromCsvRows(header, [{ row: 2, cells: records[0]! }]);
    const parsed = BirthInputSchema.safeParse({
      ...draft.input,
      facilityId: '00000000-0000-4000-8000-000000000001',
    });
    expect(
      parsed.success && Object.values(parsed.data.newborns[0]!.deviationReasons).join('').length,
    ).toBeGreaterThanOrEqual(1490);
  });
});
