import { readFileSync, writeFileSync } from 'node:fs';
import { BIRTH_CSV_COLUMNS } from '../../../shared/births/birth-csv-columns';

/**
 * The column table of docs/births-import.md, made from the column list so that the documentation cannot
 * drift from the parser (a unit test compares them). It is generated output kept in the repository, so
 * that the page reads complete where it is published; rewrite it in place with
 * `npx tsx server/features/births-import/columns-doc.ts --write` (without `--write` it is printed).
 */
export function birthCsvColumnsMarkdown(): string {
  const type = (c: (typeof BIRTH_CSV_COLUMNS)[number]) =>
    c.type === 'enum' ? `one of ${c.values!.map((v) => `\`${v}\``).join(', ')}` : c.type;
  const lines = [
    '| column | level | type | required | description (en) | mô tả (vi) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...BIRTH_CSV_COLUMNS.map(
      (c) =>
        `| \`${c.name}\` | ${c.level} | ${type(c)} | ${c.required ? 'yes' : ''} | ${c.en.replace(/\|/g, '\\|')} | ${c.vi.replace(/\|/g, '\\|')} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export const COLUMNS_DOC = 'docs/births-import.md';
/** The generated part of the page, between these markers. */
export const COLUMNS_SECTION = /(<!-- columns:start -->\n)[\s\S]*?(<!-- columns:end -->)/;

if (process.argv[1]?.endsWith('columns-doc.ts')) {
  if (process.argv.includes('--write')) {
    const doc = readFileSync(COLUMNS_DOC, 'utf8');
    writeFileSync(
      COLUMNS_DOC,
      doc.replace(
        COLUMNS_SECTION,
        (_, start: string, end: string) => start + birthCsvColumnsMarkdown() + end,
      ),
    );
  } else process.stdout.write(birthCsvColumnsMarkdown());
}
