import { describe, expect, it } from 'vitest';
import { useTestDb } from '../test/use-test-db';
import { insertMany } from './bulk-insert';
import { toPgArrayLiteral } from './sql-literals';

describe('insertMany on the database', () => {
  const t = useTestDb(
    'create table bulk_probe (id integer primary key, s text, n numeric, b boolean, d date, ts timestamptz, tags text[], doc jsonb)',
  );

  it('stores every awkward value exactly as given', async () => {
    const awkward = [
      '',
      'NULL',
      ' lead',
      'trail ',
      'tab\there',
      'line\nbreak',
      'a,b',
      '{}',
      '"q"',
      'back\\slash',
      'Nguyễn Thị Hạnh',
      'ok',
    ];
    const rows = awkward.map((s, i) => [
      i + 1,
      s,
      i % 3 === 0 ? null : i * 1.25,
      i % 2 === 0,
      '2024-02-29',
      new Date(Date.UTC(2024, 1, 29, 23, 30, i)),
      toPgArrayLiteral([s, 'x y']),
      JSON.stringify({ s }),
    ]);
    rows.push([99, null, null, null, null, null, null, null]);
    await insertMany(
      t.db,
      'bulk_probe',
      [
        { name: 'id', type: 'integer' },
        { name: 's', type: 'text' },
        { name: 'n', type: 'numeric' },
        { name: 'b', type: 'boolean' },
        { name: 'd', type: 'date' },
        { name: 'ts', type: 'timestamptz' },
        { name: 'tags', type: 'text[]' },
        { name: 'doc', type: 'jsonb' },
      ],
      rows,
    );
    const back = await t.db.query<{
      id: number;
      s: string | null;
      n: string | null;
      b: boolean | null;
      d: string | null;
      ts: Date | null;
      tags: string[] | null;
      doc: { s: string } | null;
    }>('select id, s, n::text as n, b, d::text as d, ts, tags, doc from bulk_probe order by id');
    expect(back).toHaveLength(awkward.length + 1);
    awkward.forEach((s, i) => {
      const r = back[i]!;
      expect(r.s).toBe(s);
      expect(r.n === null ? null : Number(r.n)).toBe(i % 3 === 0 ? null : i * 1.25);
      expect(r.b).toBe(i % 2 === 0);
      expect(r.d).toBe('2024-02-29');
      expect(r.ts?.toISOString()).toBe(new Date(Date.UTC(2024, 1, 29, 23, 30, i)).toISOString());
      expect(r.tags).toEqual([s, 'x y']);
      expect(r.doc).toEqual({ s });
    });
    expect(back[awkward.length]).toMatchObject({
      id: 99,
      s: null,
      n: null,
      b: null,
      d: null,
      ts: null,
      tags: null,
      doc: null,
    });
  });
});
