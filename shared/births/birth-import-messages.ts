/** Messages of the birth CSV import and export (row problems and file problems), in every supported language. */
export const birthImportMessagesEn = {
  'birthImport.required': 'Required.',
  'birthImport.notAnInteger': 'Must be a whole number.',
  'birthImport.notANumber': 'Must be a number, with a dot as decimal separator (e.g. 2.5).',
  'birthImport.notABoolean': 'Use true or false (1/0 and yes/no also work).',
  'birthImport.badOption': 'Use one of: {values}.',
  'birthImport.badUuid': 'Must be a UUID such as 6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b.',
  'birthImport.badDate': 'Use the date format YYYY-MM-DD.',
  'birthImport.badDateTime':
    'Use 2026-03-10T02:15:00+07:00, or 2026-03-10 02:15 for the local time at the facility.',
  'birthImport.badJson': 'Must be a JSON object of texts, e.g. {"ssc_short":"mother asked"}.',
  'birthImport.tooLong': 'At most {max} characters.',
  'birthImport.unknownFacility': 'No facility or commune health station has the code {code}.',
  'birthImport.unknownCommune': 'No commune has the code {code}.',
  'birthImport.facilityOutOfScope': 'Facility {code} is outside your area: you cannot record births there.',
  'birthImport.differsFromFirstRow':
    'Differs from row {row}, the first row of this birth: delivery and mother columns must be the same on every baby row.',
  'birthImport.notConsecutive':
    'Birth {id} already appeared above: the rows of one birth must follow each other.',
  'birthImport.newbornIdRepeated': 'This newborn_id is used twice in the file.',
  'birthImport.newbornIdTaken': 'This newborn_id already belongs to another birth.',
  'birthImport.columnCount': 'This row has {count} cells but the header has {expected}.',
  'birthImport.notUtf8':
    'The file is not UTF-8 text (first problem on line {line}, byte {offset}). In Excel use File > Save As > "CSV UTF-8 (Comma delimited)"; in LibreOffice tick "Edit filter settings" and choose the character set "Unicode (UTF-8)". Then import again.',
  'birthImport.quoteNotClosed':
    'A quoted cell that starts on or before line {line} is never closed: check the quotes (") in that row.',
  'birthImport.badQuote':
    'Broken quoting on line {line}: inside a quoted cell a quote must be doubled (""), and the cell must end right after its closing quote.',
  'birthImport.csvSyntax': 'The CSV cannot be read at line {line}: {detail}',
  'birthImport.recordTooLong':
    'The row starting on line {line} is longer than {max} characters: the import stopped there. Check that line (often a missing closing quote or a pasted document).',
  'birthImport.cutOff':
    'This birth was not imported: the file could not be read from line {line} on, so its rows may be incomplete.',
  'birthImport.nulCharacter':
    'This cell contains a NUL character (byte 0), which cannot be stored: remove it, or save the file again as CSV UTF-8.',
  'birthImport.duplicateColumn': 'Column {column} appears twice in the header.',
  'birthImport.tooLarge': 'The file is larger than {limit}.',
  'birthImport.aborted': 'The upload was interrupted.',
  'birthImport.stoppedAt': 'The import stopped at line {line}; rows after it were not read.',
} as const;

export const birthImportMessagesVi: Record<keyof typeof birthImportMessagesEn, string> = {
  'birthImport.required': 'Bắt buộc.',
  'birthImport.notAnInteger': 'Phải là số nguyên.',
  'birthImport.notANumber': 'Phải là số, dùng dấu chấm để ngăn phần thập phân (ví dụ 2.5).',
  'birthImport.notABoolean': 'Dùng true hoặc false (cũng có thể dùng 1/0, yes/no).',
  'birthImport.badOption': 'Dùng một trong các giá trị: {values}.',
  'birthImport.badUuid': 'Phải là UUID, ví dụ 6f1c2a4e-3b5d-4c7e-9a8b-1c2d3e4f5a6b.',
  'birthImport.badDate': 'Dùng định dạng ngày YYYY-MM-DD.',
  'birthImport.badDateTime':
    'Dùng 2026-03-10T02:15:00+07:00, hoặc 2026-03-10 02:15 theo giờ địa phương của cơ sở.',
  'birthImport.badJson': 'Phải là đối tượng JSON gồm các chuỗi, ví dụ {"ssc_short":"mẹ yêu cầu"}.',
  'birthImport.tooLong': 'Tối đa {max} ký tự.',
  'birthImport.unknownFacility': 'Không có cơ sở y tế hoặc trạm y tế xã nào có mã {code}.',
  'birthImport.unknownCommune': 'Không có xã/phường nào có mã {code}.',
  'birthImport.facilityOutOfScope': 'Cơ sở {code} nằm ngoài khu vực của bạn: bạn không thể ghi ca sinh ở đó.',
  'birthImport.differsFromFirstRow':
    'Khác với dòng {row}, dòng đầu của ca sinh này: các cột về ca sinh và người mẹ phải giống nhau trên mọi dòng của trẻ.',
  'birthImport.notConsecutive': 'Ca sinh {id} đã xuất hiện ở trên: các dòng của một ca sinh phải liền nhau.',
  'birthImport.newbornIdRepeated': 'newborn_id này được dùng hai lần trong tệp.',
  'birthImport.newbornIdTaken': 'newborn_id này đã thuộc về một ca sinh khác.',
  'birthImport.columnCount': 'Dòng này có {count} ô nhưng dòng tiêu đề có {expected} cột.',
  'birthImport.notUtf8':
    'Tệp không phải văn bản UTF-8 (lỗi đầu tiên ở dòng {line}, byte {offset}). Trong Excel chọn File > Save As > "CSV UTF-8 (Comma delimited)"; trong LibreOffice đánh dấu "Edit filter settings" và chọn bộ ký tự "Unicode (UTF-8)". Sau đó nhập lại.',
  'birthImport.quoteNotClosed':
    'Một ô trong ngoặc kép bắt đầu ở dòng {line} hoặc trước đó không được đóng: hãy kiểm tra dấu ngoặc kép (") trong dòng đó.',
  'birthImport.badQuote':
    'Dấu ngoặc kép sai ở dòng {line}: trong ô có ngoặc kép, dấu ngoặc kép phải viết đôi (""), và ô phải kết thúc ngay sau dấu ngoặc kép đóng.',
  'birthImport.csvSyntax': 'Không đọc được tệp CSV ở dòng {line}: {detail}',
  'birthImport.recordTooLong':
    'Dòng bắt đầu ở dòng {line} dài hơn {max} ký tự: việc nhập dừng ở đó. Hãy kiểm tra dòng đó (thường do thiếu dấu ngoặc kép đóng hoặc dán nhầm cả một văn bản).',
  'birthImport.cutOff':
    'Ca sinh này chưa được nhập: không đọc được tệp từ dòng {line} trở đi, nên các dòng của ca sinh có thể chưa đủ.',
  'birthImport.nulCharacter':
    'Ô này chứa ký tự NUL (byte 0), không thể lưu: hãy xoá ký tự đó, hoặc lưu lại tệp dưới dạng CSV UTF-8.',
  'birthImport.duplicateColumn': 'Cột {column} xuất hiện hai lần trong dòng tiêu đề.',
  'birthImport.tooLarge': 'Tệp lớn hơn {limit}.',
  'birthImport.aborted': 'Việc tải tệp lên bị gián đoạn.',
  'birthImport.stoppedAt': 'Việc nhập dừng ở dòng {line}; các dòng sau đó chưa được đọc.',
};
