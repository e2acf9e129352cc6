import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { birthCsvColumnsMarkdown } from './columns-doc';

describe('docs/births-import.md', () => {
  it('lists exactly the columns the importer reads (regenerate with npx tsx server/features/births-import/columns-doc.ts)', () => {
    const doc = readFileSync('docs/births-import.md', 'utf8');
    const table = /<!-- columns:start -->\n([\s\S]*?)<!-- columns:end -->/.exec(doc)?.[1];
    expect(table).toBe(birthCsvColumnsMarkdown());
  });
});
