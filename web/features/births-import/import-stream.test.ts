import { describe, expect, it } from 'vitest';
import type { BirthImportEvent } from '../../../shared/births/birth-import.schema';
import { issuesToCsv, NdjsonReader } from './import-stream';

describe('NdjsonReader', () => {
  it('parses each line once complete, whatever the pieces the text arrives in', () => {
    const events: BirthImportEvent[] = [];
    const r = new NdjsonReader((e) => events.push(e));
    const a = JSON.stringify({
      type: 'progress',
      rows: 1000,
      bytes: 5,
      births: 990,
      inserted: 0,
      alreadyPresent: 0,
      invalid: 0,
      errors: 1,
    });
    const b = JSON.stringify({
      type: 'progress',
      rows: 2000,
      bytes: 9,
      births: 1980,
      inserted: 990,
      alreadyPresent: 0,
      invalid: 0,
      errors: 1,
    });
    const text = `${a}\n${b}\n{"type":"report","rows":2000}`;
    for (const piece of [
      text.slice(0, 7),
      text.slice(7, a.length + 3),
      text.slice(a.length + 3, -4),
      text.slice(-4),
    ])
      r.push(piece);
    expect(events.map((e) => e.rows)).toEqual([1000, 2000]);
    r.end();
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress', 'report']);
  });
});

describe('issuesToCsv', () => {
  it('writes one CSV line per problem (quoted where needed) after a translated header, with a BOM', () => {
    const csv = issuesToCsv(
      [
        {
          row: 3,
          column: 'birth_weight_grams',
          birthId: 'b1',
          message: 'Cân nặng lúc sinh phải từ 500 đến 9.000 g.',
        },
        { row: 9, column: '', birthId: null, message: 'Say "no", then stop' },
      ],
      ['Dòng', 'Cột', 'birth_id', 'Vấn đề'],
    );
    expect(csv).toBe(
      '\uFEFFDòng,Cột,birth_id,Vấn đề\r\n3,birth_weight_grams,b1,Cân nặng lúc sinh phải từ 500 đến 9.000 g.\r\n9,,,"Say ""no"", then stop"\r\n',
    );
  });
});
