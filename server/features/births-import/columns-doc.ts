import { BIRTH_CSV_COLUMNS } from '../../../shared/births/birth-csv-columns';

/**
 * The column table of docs/births-import.md, made from the column list so that the documentation cannot
 * drift from the parser (a unit test compares them). Print it with
 * `npx tsx server/features/births-import/columns-doc.ts`.
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

if (process.argv[1]?.endsWith('columns-doc.ts')) process.stdout.write(birthCsvColumnsMarkdown());
