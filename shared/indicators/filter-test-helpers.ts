import type { FieldCatalogue, Filter } from './filter';

/**
 * One table of filter cases with their expected answers, run through both evaluators: `evaluateFilter`
 * (filter.test.ts) and the SQL the server compiles (server/features/indicators/filter-sql.int.test.ts,
 * on PGlite and PostgreSQL). A comparison with an unknown value is false in both.
 */
export const CASE_FIELDS = {
  a: { type: 'text[]' },
  b: { type: 'text[]' },
  t: { type: 'text' },
  flag: { type: 'boolean' },
  num: { type: 'number' },
  d1: { type: 'date' },
  d2: { type: 'date' },
} as const satisfies FieldCatalogue;

export type CaseRecord = {
  a: (string | null)[] | null;
  b: (string | null)[] | null;
  t: string | null;
  flag: boolean | null;
  num: number | null;
  d1: string | null;
  d2: string | null;
};

const none: CaseRecord = { a: null, b: null, t: null, flag: null, num: null, d1: null, d2: null };
/** The records every case is evaluated on, in the order of the expected answers. */
export const CASE_RECORDS: readonly CaseRecord[] = [
  { a: ['x', 'y'], b: ['y'], t: 'live', flag: true, num: 2400, d1: '2020-01-01', d2: '2021-01-01' },
  { ...none, a: [], b: ['y'] },
  { ...none, b: [] },
  { ...none, a: ['x', null], b: [null, 'z'], flag: false, num: 2500, d1: '2021-01-01', d2: '2020-01-01' },
  { ...none, a: ['z'], b: ['x', 'z'], t: 'still' },
];

export const FILTER_CASES: ReadonlyArray<[name: string, filter: Filter, expected: readonly boolean[]]> = [
  ['eq text', { field: 't', eq: 'live' }, [true, false, false, false, false]],
  [
    'not eq: unknown counts as not equal',
    { not: { field: 't', eq: 'live' } },
    [false, true, true, true, true],
  ],
  ['eq boolean', { field: 'flag', eq: false }, [false, false, false, true, false]],
  ['in', { field: 't', in: ['still', 'other'] }, [false, false, false, false, true]],
  ['isNull', { field: 'num', isNull: true }, [false, true, true, false, true]],
  ['lt', { field: 'num', lt: 2500 }, [true, false, false, false, false]],
  ['gte', { field: 'num', gte: 2500 }, [false, false, false, true, false]],
  ['has', { field: 'a', has: 'x' }, [true, false, false, true, false]],
  ['lteField', { field: 'd1', lteField: 'd2' }, [true, false, false, false, false]],
  ['isEmpty', { field: 'a', isEmpty: true }, [false, true, false, false, false]],
  ['isEmpty false: some element', { field: 'a', isEmpty: false }, [true, false, false, true, true]],
  [
    'not isEmpty: an unknown array too',
    { not: { field: 'a', isEmpty: true } },
    [true, false, true, true, true],
  ],
  ['overlapsField', { field: 'a', overlapsField: 'b' }, [true, false, false, false, true]],
  ['overlapsField the other way', { field: 'b', overlapsField: 'a' }, [true, false, false, false, true]],
  [
    'empty or overlapping (the shape of a marker rule)',
    {
      any: [
        { field: 'b', isEmpty: true },
        { field: 'a', overlapsField: 'b' },
      ],
    },
    [true, false, true, false, true],
  ],
  [
    'all of a flag and an overlap',
    {
      all: [
        { field: 'flag', eq: true },
        { field: 'a', overlapsField: 'b' },
      ],
    },
    [true, false, false, false, false],
  ],
  ['empty all', { all: [] }, [true, true, true, true, true]],
];
