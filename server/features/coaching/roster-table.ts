import { parse } from 'csv-parse/sync';
import { ROSTER_CSV_COLUMNS } from '../../../shared/coaching/coaching.schema';
import { validationError } from '../../../shared/errors';

/**
 * A roster file read into a header and rows of text by column, the same for CSV and Excel, so that the
 * import checks each row one way (roster-import.service.ts). Row numbers are the spreadsheet's: the
 * header is row 1.
 */
export type RosterTable = { header: string[]; rows: Array<{ row: number; cells: Record<string, string> }> };

const byHeader = (header: string[], values: readonly string[]) =>
  Object.fromEntries(header.map((h, i) => [h, (values[i] ?? '').trim()]));

export function csvTable(csv: string): RosterTable {
  let records: string[][];
  try {
    const rows: unknown = parse(csv, { bom: true, skip_empty_lines: true, trim: true });
    records = rows as string[][];
  } catch (err) {
    throw validationError([
      {
        path: 'csv',
        message: 'coaching.csvSyntax',
        params: { detail: (err as Error).message.slice(0, 200) },
      },
    ]);
  }
  const [header = [], ...data] = records;
  return { header, rows: data.map((r, i) => ({ row: i + 2, cells: byHeader(header, r) })) };
}

/** The text of a cell as the CSV would hold it: dates as YYYY-MM-DD, formulas by their result. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; richText?: Array<{ text: string }>; text?: string };
    if ('result' in v) return cellText(v.result);
    if (v.richText) return v.richText.map((p) => p.text).join('');
    if (typeof v.text === 'string') return v.text;
    return '';
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value : '';
}

/** The first worksheet of an .xlsx file (base64); an unreadable file is a 400 on `xlsx`. */
export async function xlsxTable(base64: string): Promise<RosterTable> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  } catch {
    throw validationError([{ path: 'xlsx', message: 'coaching.xlsxUnreadable' }]);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw validationError([{ path: 'xlsx', message: 'coaching.xlsxUnreadable' }]);
  const texts = (rowNumber: number) => {
    const out: string[] = [];
    ws.getRow(rowNumber).eachCell({ includeEmpty: true }, (cell, col) => {
      out[col - 1] = cellText(cell.value).trim();
    });
    return Array.from(out, (v) => v ?? '');
  };
  const header = texts(1);
  const rows: RosterTable['rows'] = [];
  for (let n = 2; n <= ws.rowCount; n++) {
    const values = texts(n);
    if (values.every((v) => v === '')) continue;
    rows.push({ row: n, cells: byHeader(header, values) });
  }
  return { header, rows };
}

/** The .xlsx template: the header row, bold and frozen, with the allowed values as a second sheet. */
export async function xlsxTemplate(choices: Record<string, readonly string[]>): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OpenEENC';
  const ws = wb.addWorksheet('roster');
  ws.columns = ROSTER_CSV_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'name' ? 32 : 20 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const allowed = wb.addWorksheet('allowed values');
  allowed.columns = [
    { header: 'column', key: 'column', width: 20 },
    { header: 'values', key: 'values', width: 60 },
  ];
  allowed.getRow(1).font = { bold: true };
  for (const [column, values] of Object.entries(choices))
    allowed.addRow({ column, values: values.join(', ') });
  allowed.addRow({ column: 'dates', values: 'YYYY-MM-DD (or an Excel date)' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
