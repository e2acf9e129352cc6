import { describe, expect, it } from 'vitest';
import { guardFormula, toCsvDocument, toCsvRecords, unguardFormula } from './csv-writer';

describe('toCsvRecords', () => {
  it('quotes cells with commas, quotes, line breaks and outer blanks, and ends records with CRLF', () => {
    expect(toCsvRecords([['a', 'b,c', 'say "hi"', 'x\ny', 'x\ry', ' pad', 'pad ']])).toBe(
      'a,"b,c","say ""hi""","x\ny","x\ry"," pad","pad "\r\n',
    );
  });

  it('writes empty cells for null and undefined, numbers as numbers and booleans as true/false', () => {
    expect(toCsvRecords([[null, undefined, '', 0, -5, 1.25, true, false]])).toBe(
      ',,,0,-5,1.25,true,false\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
    ['1-2', '1-2'],
  ])('guards the text %j as %j', (text, cell) => {
    expect(toCsvRecords([[text]])).toBe(`${cell}\r\n`);
  });

  it('leaves text as given when a field table has already guarded it', () => {
    expect(toCsvRecords([['-1', "'=x"]], { guardText: false })).toBe("-1,'=x\r\n");
  });

  it('writes nothing for no rows', () => {
    expect(toCsvRecords([])).toBe('');
  });
});

describe('toCsvDocument', () => {
  it('starts with a byte-order mark and the header', () => {
    expect(toCsvDocument(['name', 'n'], [['Hà Nội', 3]])).toBe('\uFEFFname,n\r\nHà Nội,3\r\n');
  });
});

describe('guardFormula and unguardFormula', () => {
  it.each(['=x', '+x', '-x', '@x', '\tx', '\rx', 'x', "'x", "'", ''])('read %j back unchanged', (text) => {
    expect(unguardFormula(guardFormula(text))).toBe(text);
  });
});
