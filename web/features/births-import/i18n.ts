const en = {
  title: 'Import births from a CSV file',
  intro:
    'One row per baby: the delivery and mother columns repeat on each baby’s row, and the rows of one birth follow each other. A birth whose birth_id is already in the register is skipped, so importing the same file again never creates duplicates.',
  template: 'Download the CSV template',
  columnsSummary: 'The {count} columns of the file',
  column: 'Column',
  type: 'Type',
  requiredColumn: 'Required',
  description: 'Description',
  'type.uuid': 'UUID',
  'type.code': 'org-unit code',
  'type.text': 'text',
  'type.integer': 'whole number',
  'type.decimal': 'number (dot as decimal separator)',
  'type.boolean': 'true / false',
  'type.date': 'date YYYY-MM-DD',
  'type.datetime': 'date and time',
  'type.enum': 'one of: {values}',
  'type.json': 'JSON object',
  file: 'CSV file (UTF-8)',
  fileHint: 'In Excel: File › Save As › “CSV UTF-8 (Comma delimited)”. Up to 512 MB.',
  fileChosen: '{name}, {size}',
  mode: 'If some rows have problems',
  'mode.all_or_nothing': 'Import nothing (all or nothing)',
  'mode.all_or_nothingHint':
    'The file is imported only when every row is valid; otherwise you get the list of problems.',
  'mode.valid_only': 'Import the valid births, skip the others',
  'mode.valid_onlyHint':
    'Valid births are saved as the file is read; the report lists the births that were skipped.',
  allowBefore: 'Old register: also accept births dated before the register’s earliest date',
  allowBeforeHint:
    'Tick only to load an old paper or electronic register. Without it, a birth dated before the earliest date set on the server (1 January 2000 unless your administrator changed it) is a problem on its row. Births before 1900 are always refused.',
  start: 'Import',
  cancel: 'Stop',
  cancelled:
    'The import was stopped. In “all or nothing” mode nothing was saved; otherwise the births counted as imported are saved.',
  progressLabel: 'Import progress',
  sending: 'File sent: {sent} of {total}',
  processed:
    'Read: {rows} rows, {births} births. Imported {inserted}, already present {alreadyPresent}, problems {errors}.',
  reportOk: 'Import finished: {inserted} births imported, {alreadyPresent} already present.',
  reportNothing: 'Nothing was imported: fix the problems below and import the file again.',
  reportSkipped:
    'Import finished: {inserted} births imported, {alreadyPresent} already present, {invalid} with problems skipped.',
  stopped: 'The file could not be read to the end. {message}',
  issuesTitle: 'Problems ({count})',
  row: 'Row',
  problem: 'Problem',
  showing: 'Showing the first {shown} of {total} problems; download the report for all of them.',
  truncated: 'The report keeps the first {kept} problems.',
  downloadIssues: 'Download the problems (CSV)',
  export: 'Export CSV',
  exportHint:
    'The births of this list as CSV, in the import columns. Names and phone numbers only for your own facility.',
} as const;

const vi: Record<keyof typeof en, string> = {
  title: 'Nhập ca sinh từ tệp CSV',
  intro:
    'Mỗi trẻ một dòng: các cột về ca sinh và người mẹ được lặp lại trên dòng của từng trẻ, và các dòng của một ca sinh phải liền nhau. Ca sinh có birth_id đã có trong sổ sẽ được bỏ qua, nên nhập lại cùng một tệp không bao giờ tạo bản trùng.',
  template: 'Tải tệp CSV mẫu',
  columnsSummary: '{count} cột của tệp',
  column: 'Cột',
  type: 'Kiểu',
  requiredColumn: 'Bắt buộc',
  description: 'Mô tả',
  'type.uuid': 'UUID',
  'type.code': 'mã đơn vị',
  'type.text': 'văn bản',
  'type.integer': 'số nguyên',
  'type.decimal': 'số (dấu chấm ngăn phần thập phân)',
  'type.boolean': 'true / false',
  'type.date': 'ngày YYYY-MM-DD',
  'type.datetime': 'ngày và giờ',
  'type.enum': 'một trong: {values}',
  'type.json': 'đối tượng JSON',
  file: 'Tệp CSV (UTF-8)',
  fileHint: 'Trong Excel: File › Save As › “CSV UTF-8 (Comma delimited)”. Tối đa 512 MB.',
  fileChosen: '{name}, {size}',
  mode: 'Nếu có dòng bị lỗi',
  'mode.all_or_nothing': 'Không nhập gì (tất cả hoặc không)',
  'mode.all_or_nothingHint':
    'Tệp chỉ được nhập khi mọi dòng đều hợp lệ; nếu không, bạn nhận danh sách các lỗi.',
  'mode.valid_only': 'Nhập các ca sinh hợp lệ, bỏ qua các ca còn lại',
  'mode.valid_onlyHint': 'Các ca sinh hợp lệ được lưu trong khi đọc tệp; báo cáo liệt kê các ca bị bỏ qua.',
  allowBefore: 'Sổ cũ: nhận cả ca sinh trước ngày sớm nhất của sổ',
  allowBeforeHint:
    'Chỉ đánh dấu khi nhập một sổ cũ (giấy hoặc điện tử). Nếu không đánh dấu, ca sinh trước ngày sớm nhất cài đặt trên máy chủ (ngày 1/1/2000 nếu quản trị viên không đổi) là lỗi trên dòng đó. Ca sinh trước năm 1900 luôn bị từ chối.',
  start: 'Nhập',
  cancel: 'Dừng',
  cancelled:
    'Đã dừng việc nhập. Ở chế độ “tất cả hoặc không” không có gì được lưu; ở chế độ còn lại các ca sinh đã tính là đã nhập được giữ lại.',
  progressLabel: 'Tiến độ nhập',
  sending: 'Đã gửi: {sent} / {total}',
  processed:
    'Đã đọc: {rows} dòng, {births} ca sinh. Đã nhập {inserted}, đã có sẵn {alreadyPresent}, lỗi {errors}.',
  reportOk: 'Hoàn tất: đã nhập {inserted} ca sinh, {alreadyPresent} ca đã có sẵn.',
  reportNothing: 'Không có gì được nhập: hãy sửa các lỗi dưới đây rồi nhập lại tệp.',
  reportSkipped:
    'Hoàn tất: đã nhập {inserted} ca sinh, {alreadyPresent} ca đã có sẵn, bỏ qua {invalid} ca có lỗi.',
  stopped: 'Không đọc được hết tệp. {message}',
  issuesTitle: 'Lỗi ({count})',
  row: 'Dòng',
  problem: 'Lỗi',
  showing: 'Hiển thị {shown} / {total} lỗi đầu tiên; tải báo cáo để xem tất cả.',
  truncated: 'Báo cáo giữ {kept} lỗi đầu tiên.',
  downloadIssues: 'Tải danh sách lỗi (CSV)',
  export: 'Xuất CSV',
  exportHint:
    'Các ca sinh của danh sách này dưới dạng CSV, theo các cột của tệp nhập. Họ tên và số điện thoại chỉ có với cơ sở của bạn.',
};

export const birthsImportI18n = { en, vi };
