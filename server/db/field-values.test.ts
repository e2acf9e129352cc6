import { describe, expect, it } from 'vitest';
import type { AnyField } from '../../shared/births/field-table';
import { insertRow, setList } from './field-values';
import { SqlParams } from './sql-params';

const FIELDS: AnyField[] = [
  { path: 'id', from: 'identity', column: 'id', sql: 'uuid' },
  { path: 'case.opened', from: 'opening', column: 'opened_at', sql: 'timestamptz' },
  { path: 'answers', from: 'content', column: 'answers', sql: 'jsonb' },
  { path: 'codes', from: 'content', column: 'codes', sql: 'text[]' },
  { from: 'actor', column: 'created_by', sql: 'uuid', nullable: true },
];

describe('rows made from a field table', () => {
  it('inserts each column with its cast and the value named by its path (jsonb as text, missing as null)', () => {
    const at = new Date('2026-03-10T00:00:00Z');
    const row = insertRow('t', FIELDS, {
      id: 'a',
      case: { opened: at },
      answers: { x: 1 },
      codes: ['c'],
      actor: 'u',
    });
    expect(row.sql).toBe(
      'insert into t (id, opened_at, answers, codes, created_by) values ($1::uuid, $2::timestamptz, $3::jsonb, $4::text[], $5::uuid)',
    );
    expect(row.params).toEqual(['a', at, '{"x":1}', ['c'], 'u']);
    expect(insertRow('t', FIELDS, { id: 'b', answers: null }).params).toEqual(['b', null, null, null, null]);
  });

  it('sets columns with placeholders numbered after those the statement holds', () => {
    const p = new SqlParams(['id', 3]);
    expect(setList(FIELDS.slice(2, 4), { answers: {}, codes: [] }, p)).toBe(
      'answers = $3::jsonb, codes = $4::text[]',
    );
    expect(p.values).toEqual(['id', 3, '{}', []]);
  });
});
