import { describe, expect, it } from 'vitest';
import { BirthImportQuerySchema } from '../../../shared/births/birth-import.schema';
import { birthsImportUrl } from './births-import.api';

const queryOf = (url: string) =>
  BirthImportQuerySchema.parse(Object.fromEntries(new URL(url, 'http://x').searchParams));

describe('birthsImportUrl', () => {
  it.each([
    [
      { mode: 'valid_only', allowBefore: true },
      { mode: 'valid_only', allowBefore: true },
    ],
    [
      { mode: 'all_or_nothing', allowBefore: false },
      { mode: 'all_or_nothing', allowBefore: false },
    ],
  ] as const)('sends %j as the query the import route reads', (options, expected) => {
    expect(queryOf(birthsImportUrl(options))).toEqual(expected);
  });
});
