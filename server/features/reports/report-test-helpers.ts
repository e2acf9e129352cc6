import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedCoachingDemo } from '../coaching/coaching.seed';
import { demoBirths, type DemoSeeder } from '../../test/test-app';

/** What the report tests read: 600 demo births and the coaching demo (courses, checklists). */
export const REPORT_DEMO: readonly DemoSeeder[] = [demoBirths(600), seedCoachingDemo];

/** The text of a PDF as poppler's `pdftotext -layout` reads it: what a reader would see, line by line. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
  writeFileSync(path.join(dir, 'r.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(dir, 'r.pdf'), '-'], {
    encoding: 'utf8',
  });
}
