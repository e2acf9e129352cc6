import { describe, expect, it } from 'vitest';
import { checkAttachment, cleanFilename, detectAttachmentKind } from './report-attachments';

const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array<number>(16).fill(0)]);

describe('attachment types from their content', () => {
  it('recognises a real Excel workbook and refuses another zip', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Khảo sát').addRow(['Cơ sở', 12]);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(detectAttachmentKind(xlsx)).toBe('xlsx');
    const zip = new TextEncoder().encode('PK\u0003\u0004mimetypeapplication/epub+zip');
    expect(detectAttachmentKind(zip)).toBeNull();
  });

  it('reads PDF, PNG and JPEG by their first bytes, and nothing else', () => {
    expect(detectAttachmentKind(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf');
    expect(detectAttachmentKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(detectAttachmentKind(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(detectAttachmentKind(bytes(0x4d, 0x5a))).toBeNull(); // MZ: a Windows executable
    expect(detectAttachmentKind(new TextEncoder().encode('<html><script>'))).toBeNull();
    expect(detectAttachmentKind(new TextEncoder().encode('%PD'))).toBeNull();
  });

  it('requires the name to agree with the content', () => {
    const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0);
    expect(checkAttachment(jpeg, 'kho.JPG')).toEqual({ kind: 'jpeg' });
    expect(checkAttachment(jpeg, 'kho.jpeg')).toEqual({ kind: 'jpeg' });
    expect(checkAttachment(jpeg, 'kho.pdf')).toEqual({
      message: 'reports.attachmentNameMismatch',
      params: { kind: 'jpg' },
    });
    expect(checkAttachment(jpeg, '')).toEqual({ message: 'reports.attachmentName' });
  });

  it('keeps the name only, without folders or control characters', () => {
    expect(cleanFilename('C:\\Users\\an\\Quyết định.pdf')).toBe('Quyết định.pdf');
    expect(cleanFilename('../../etc/"x"\u0000.pdf')).toBe('x.pdf');
  });
});
