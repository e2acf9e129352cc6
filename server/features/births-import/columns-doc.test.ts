import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { birthCsvColumnsMarkdown, COLUMNS_DOC, COLUMNS_SECTION } from './columns-doc';

describe('docs/births-import.md', () => {
  it('lists exactly the columns the importer reads (regenerate with npx tsx server/features/births-import/columns-doc.ts --write)', () => {
    const doc = readFileSync(COLUMNS_DOC, 'utf8');
    const [whole, start = '', end = ''] = COLUMNS_SECTION.exec(doc) ?? [];
    expect(whole).toBe(start + birthCsvColumnsMarkdown() + end);
  });
});
