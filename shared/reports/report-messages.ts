/** Messages of the country reports (refusals of the workflow, validation), translated by the server. */
export const reportMessagesEn = {
  'reports.bienniumFormat': 'Write the biennium as two consecutive years, e.g. 2024-2025.',
  'reports.notCountry': 'Reports are written for a country.',
  'reports.exists': 'This country already has a report for {biennium}. Open it instead.',
  'reports.sourceRequired':
    'Give the source or evidence of this value (a decree, a survey, a stock report…): a manual value without a source is not accepted.',
  'reports.unknownItem': 'This report has no item {key}.',
  'reports.notEditable': 'This report is {state}: its content can no longer be changed.',
  'reports.transitionRefused': 'A report that is {state} cannot be sent to "{action}".',
  'reports.openQueries': 'The report cannot be validated while {count} query(ies) are not closed.',
  'reports.pairNotAssigned': 'Assign the two reviewers of this country before the review starts.',
  'reports.pairOfTwo': 'A reviewer pair is two different reviewers.',
  'reports.notReviewer': 'User {id} cannot review reports (role without the review permission).',
  'reports.ownCountry': 'A reviewer cannot review their own country.',
  'reports.queryClosed': 'This query is closed.',
  'reports.noVersion': 'Version {version} does not belong to this report.',
  'reports.notReviewing': 'Values are reviewed only while the report is under review.',
  // Attached evidence files (report-attachments.ts).
  'reports.attachmentName': 'Give the file a name.',
  'reports.attachmentEmpty': 'The file is empty.',
  'reports.attachmentTooLarge':
    'The file is larger than {mb} MB. Attach a smaller file or a scan at lower resolution.',
  'reports.attachmentType':
    'This file is not a PDF, a PNG or JPEG image, or an Excel workbook (.xlsx). Only these can be attached.',
  'reports.attachmentNameMismatch':
    "The file's content is a {kind} file but its name says otherwise. Rename it to .{kind} and attach it again.",
  'reports.attachmentLimit': 'An item holds at most {count} files. Remove one before attaching another.',
  'reports.attachmentManualOnly': 'Files are attached to the manual items (policy, commodities, plans) only.',
  'reports.attachmentChanged': 'This file is not the one the published report lists.',
  // The exchange between instances (docs/reports.md, "Across instances").
  'reports.exchangeUrl': 'Write the regional instance address as http://… or https://….',
  'reports.exchangeTokenNeeded': "Give the token the region's coordinator made for this country.",
  'reports.exchangeTokenRefused': 'This exchange token is unknown or revoked.',
  'reports.exchangeOtherCountry':
    "This token was made for another country: it cannot reach this country's reports.",
  'reports.exchangeChanged':
    'This report version was already received with a different content. Reopen it as a new version to send changes.',
  'reports.exchangeVersionTaken':
    'The region already holds version {version} of this country for {biennium}.',
  'reports.exchangeNoLink': 'Set the regional instance (address and token) before sending to the region.',
  'reports.exchangeNotSubmitted': 'Only a submitted report is sent to the region (this one is {state}).',
  'reports.exchangeNotSent': 'This report has not been sent to the region.',
  'reports.regionUnreachable': 'The regional instance {url} could not be reached. Try again later.',
  'reports.regionRefused':
    'The regional instance refused the token ({status}). Ask its coordinator for a new one.',
  'reports.regionConflict': 'The regional instance refused: {message}',
  'reports.regionBadAnswer': 'The regional instance gave an answer that is not the exchange ({status}).',
} as const;

export const reportMessagesVi: Record<keyof typeof reportMessagesEn, string> = {
  'reports.bienniumFormat': 'Ghi giai đoạn hai năm liên tiếp, ví dụ 2024-2025.',
  'reports.notCountry': 'Báo cáo được lập cho một quốc gia.',
  'reports.exists': 'Quốc gia này đã có báo cáo giai đoạn {biennium}. Hãy mở báo cáo đó.',
  'reports.sourceRequired':
    'Ghi nguồn hoặc bằng chứng của giá trị này (văn bản, khảo sát, báo cáo tồn kho…): giá trị nhập tay không có nguồn sẽ không được chấp nhận.',
  'reports.unknownItem': 'Báo cáo không có mục {key}.',
  'reports.notEditable': 'Báo cáo đang ở trạng thái {state}: không thể sửa nội dung nữa.',
  'reports.transitionRefused': 'Báo cáo ở trạng thái {state} không thể chuyển sang "{action}".',
  'reports.openQueries': 'Không thể thẩm định báo cáo khi còn {count} câu hỏi chưa đóng.',
  'reports.pairNotAssigned':
    'Hãy phân công hai người thẩm định cho quốc gia này trước khi bắt đầu thẩm định.',
  'reports.pairOfTwo': 'Cặp thẩm định gồm hai người khác nhau.',
  'reports.notReviewer': 'Người dùng {id} không thể thẩm định báo cáo (vai trò không có quyền thẩm định).',
  'reports.ownCountry': 'Người thẩm định không được thẩm định quốc gia của mình.',
  'reports.queryClosed': 'Câu hỏi này đã đóng.',
  'reports.noVersion': 'Phiên bản {version} không thuộc báo cáo này.',
  'reports.notReviewing': 'Chỉ thẩm định từng giá trị khi báo cáo đang được thẩm định.',
  'reports.attachmentName': 'Hãy đặt tên cho tệp.',
  'reports.attachmentEmpty': 'Tệp rỗng.',
  'reports.attachmentTooLarge':
    'Tệp lớn hơn {mb} MB. Hãy đính kèm tệp nhỏ hơn hoặc bản quét có độ phân giải thấp hơn.',
  'reports.attachmentType':
    'Tệp này không phải PDF, ảnh PNG hoặc JPEG, hay bảng tính Excel (.xlsx). Chỉ có thể đính kèm các loại này.',
  'reports.attachmentNameMismatch':
    'Nội dung tệp là tệp {kind} nhưng tên tệp không khớp. Hãy đổi tên thành .{kind} rồi đính kèm lại.',
  'reports.attachmentLimit': 'Mỗi mục có tối đa {count} tệp. Hãy gỡ một tệp trước khi đính kèm tệp khác.',
  'reports.attachmentManualOnly':
    'Chỉ đính kèm tệp cho các mục nhập tay (chính sách, thuốc và trang thiết bị, kế hoạch).',
  'reports.attachmentChanged': 'Tệp này không phải tệp mà báo cáo đã công bố liệt kê.',
  'reports.exchangeUrl': 'Ghi địa chỉ hệ thống khu vực dạng http://… hoặc https://….',
  'reports.exchangeTokenNeeded': 'Nhập mã trao đổi mà điều phối viên khu vực đã tạo cho quốc gia này.',
  'reports.exchangeTokenRefused': 'Mã trao đổi không đúng hoặc đã bị thu hồi.',
  'reports.exchangeOtherCountry':
    'Mã này được tạo cho quốc gia khác: không thể truy cập báo cáo của quốc gia này.',
  'reports.exchangeChanged':
    'Phiên bản báo cáo này đã được nhận với nội dung khác. Hãy mở lại thành phiên bản mới để gửi thay đổi.',
  'reports.exchangeVersionTaken':
    'Khu vực đã có phiên bản {version} của quốc gia này cho giai đoạn {biennium}.',
  'reports.exchangeNoLink': 'Hãy cài đặt hệ thống khu vực (địa chỉ và mã) trước khi gửi lên khu vực.',
  'reports.exchangeNotSubmitted':
    'Chỉ gửi lên khu vực báo cáo đã nộp (báo cáo này đang ở trạng thái {state}).',
  'reports.exchangeNotSent': 'Báo cáo này chưa được gửi lên khu vực.',
  'reports.regionUnreachable': 'Không kết nối được hệ thống khu vực {url}. Hãy thử lại sau.',
  'reports.regionRefused': 'Hệ thống khu vực từ chối mã trao đổi ({status}). Hãy xin điều phối viên mã mới.',
  'reports.regionConflict': 'Hệ thống khu vực từ chối: {message}',
  'reports.regionBadAnswer': 'Hệ thống khu vực trả lời không đúng giao thức trao đổi ({status}).',
};
