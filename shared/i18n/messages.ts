import { assessmentMessagesEn, assessmentMessagesVi } from '../assessments/assessment-messages';
import { birthImportMessagesEn, birthImportMessagesVi } from '../births/birth-import-messages';
import { birthMessagesEn, birthMessagesVi } from '../births/birth-messages';
import { coachingMessagesEn, coachingMessagesVi } from '../coaching/coaching-messages';
import { kmcMessagesEn, kmcMessagesVi } from '../kmc/kmc-messages';
import { reportMessagesEn, reportMessagesVi } from '../reports/report-messages';
import { syncMessagesEn, syncMessagesVi } from '../sync/sync-messages';
import { pncMessagesEn, pncMessagesVi } from '../pnc/pnc-messages';
import { screeningMessagesEn, screeningMessagesVi } from '../screening/screening-messages';
import { boundaryMessagesEn, boundaryMessagesVi } from '../org-units/boundary-messages';
import { en as indicatorMessagesEn, vi as indicatorMessagesVi } from '../indicators/indicator-messages';

/**
 * Messages the server sends and the shared rules produce, one catalogue per language. UI text lives in
 * the web catalogues; these are the ones that cross the wire (error messages, validation issues) so that
 * a Vietnamese user reads Vietnamese errors whether they come from the form or from the API.
 * `{name}` placeholders are filled from params.
 */
const en = {
  'errors.validation': 'Some values are not valid. Please check the highlighted fields.',
  'errors.badJson': 'The request body is not valid JSON.',
  'errors.badUrl': 'This address is not valid.',
  'errors.nulCharacter': 'Remove the invisible NUL character from this value.',
  'errors.unauthenticated': 'Please log in.',
  'errors.invalidCredentials': 'Wrong username or password.',
  'errors.accountLocked': 'Too many failed logins. The account is locked until {until}.',
  'errors.csrf': 'The security token is missing or expired. Reload the page and try again.',
  'errors.forbidden': 'Your role does not allow this action.',
  'errors.passwordChangeRequired': 'Choose your own password before you continue.',
  'errors.outOfScope': 'This org unit is outside your assigned area.',
  'errors.notFound': 'Not found.',
  'errors.versionConflict':
    'Someone else changed this record since you opened it (your version {yours}, current {current}). Reload it and apply your changes again.',
  'errors.payloadTooLarge': 'The request is too large (limit {limit}).',
  'errors.unsupportedMediaType': 'Unsupported content type {type}.',
  'errors.rateLimited': 'Too many attempts. Try again in a minute.',
  'errors.loginDelayed':
    'Too many wrong passwords for this account from this device. Try again in {seconds} s.',
  'errors.internal': 'Something went wrong on the server. The error has been logged; please try again.',
  'errors.unavailable': 'The service is temporarily unavailable.',
  'errors.unknownField': 'Unknown field.',
  'errors.routeNotFound': 'There is no such API route.',
  'errors.languageCode': 'Not a language code (such as vi, en, km or zh-CN).',
  'orgUnits.codeFormat': 'Use letters, digits, "_", "-" or "." only.',
  'orgUnits.codeTaken': 'Code {code} is already used by another org unit.',
  'orgUnits.parentRequired': 'Choose a parent org unit.',
  'orgUnits.parentKind': 'A {kind} cannot be placed under a {parentKind}.',
  'orgUnits.parentInactive': 'The parent org unit is deactivated.',
  'orgUnits.parentNotFound': 'The parent org unit does not exist.',
  'orgUnits.regionIsRoot': 'A region is the top of the tree and has no parent.',
  'orgUnits.oneRegion': 'The tree already has its region; add countries under it.',
  'orgUnits.moveIntoOwnSubtree': 'An org unit cannot be moved under itself or one of its descendants.',
  'orgUnits.hasActiveChildren': 'Deactivate or move its {count} active child org units first.',
  'orgUnits.facilityFieldsOnly': 'Only facilities and commune health stations have this attribute.',
  'orgUnits.timeZone': 'Unknown time zone.',
  'orgUnits.idTaken': 'This id is already used.',
  'import.emptyFile': 'The file has no data rows.',
  'import.missingColumns': 'Missing columns: {columns}.',
  'import.unknownColumns': 'Unknown columns: {columns}.',
  'import.notUtf8': 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.',
  'import.csvSyntax': 'The CSV cannot be read: {detail}',
  'import.duplicateCode': 'Code {code} appears more than once in the file.',
  'import.unknownParent': 'Parent {code} is neither in the file nor in the database.',
  'import.cycle': 'Parents form a cycle.',
  'import.badBoolean': 'Use true or false.',
  'import.badNumber': 'Must be a whole number.',
  'import.badJson': 'The file is not valid JSON.',
  'import.dhis2Level': 'DHIS2 level {level} has no mapping to an org-unit kind.',
  'import.dhis2Parent':
    'Parent {id} is not in the export and not yet imported. Choose an existing unit to attach the export to.',
  'import.dhis2Uid': 'Not a DHIS2 id (11 letters and digits, starting with a letter).',
  'import.dhis2Path': 'Not a DHIS2 path (DHIS2 ids separated by "/").',
  'import.dhis2ClosedDate': 'The closing date is not a date.',
  'import.dhis2NoLevel': 'The unit has no level and no path, and none of its groups is mapped to a kind.',
  'import.dhis2Groups': 'The unit is in groups mapped to different kinds: {kinds}.',
  'fhir.unknownMeasure': 'Unknown measure: {ids}.',
  'fhir.patientRequired': 'Give the patient (patient=Patient/<id>) whose records to search.',
  'dhis2.noDataSet': 'The file has no data set. Export it from DHIS2 with /api/dataSets/<id>/metadata.json.',
  'dhis2.noDataElements': 'The file has no data elements.',
  'dhis2.periodType':
    'DHIS2 period type {periodType} cannot be filled; OpenEENC fills Monthly, Quarterly and Yearly data sets.',
  'dhis2.duplicateCell': 'Another row already fills this data element and category option combo.',
  'dhis2.unknownIndicator': 'Unknown indicator {id}.',
  'dhis2.noDenominator': 'This indicator is a count; it has no denominator.',
  'dhis2.dimension': 'This indicator has no such disaggregation.',
  'dhis2.dimensionValue': 'Choose a value of the disaggregation, or no disaggregation and no value.',
  'dhis2.unknownDataElement': 'This data element is not in the data set.',
  'dhis2.unknownCombo': 'This category option combo is not in the data set.',
  'dhis2.standardPeriod': 'Choose a year, quarter or month: DHIS2 receives standard periods only.',
  'dhis2.periodTooShort': 'The period is shorter than the data set period type ({periodType}).',
  'dhis2.notConfigured': 'No DHIS2 server is configured (DHIS2_URL); download the file instead.',
  'dhis2.unreachable': 'DHIS2 at {url} could not be reached. Try again later.',
  'dhis2.refused': 'DHIS2 refused the credentials (HTTP {status}). Ask the administrator to check them.',
  'dhis2.badAnswer': 'DHIS2 answered with HTTP {status}. Nothing was confirmed.',
  'import.badMapping': 'The mapping is not a JSON object of kinds, e.g. {"CHC": "facility"}.',
  'import.dhis2CodeTaken':
    'Code {code} already belongs to {unit} (DHIS2 id {unitId}); this row is {name} (DHIS2 id {id}). Give one of them another code.',
  'import.tooManyRows': 'The file has more than {max} rows.',
  'users.usernameFormat': 'Use lowercase letters, digits, ".", "_", "-" or "@" only.',
  'users.usernameTaken': 'Username {username} is taken.',
  'users.scopeNotFound': 'Org unit {id} does not exist.',
  'users.scopeOutsideYours': 'You can only assign org units inside your own area.',
  'users.cannotChangeSelf': 'You cannot change your own role, scopes or active state.',
  'users.wrongCurrentPassword': 'The current password is wrong.',
  'users.passwordTooShort': 'At least {min} characters.',
  'users.professionForClinicians': 'Only clinicians have a profession.',
  'users.unknownLanguage': 'The interface is not available in this language.',
} as const;

export type MessageKey = keyof typeof en;

const vi: Record<MessageKey, string> = {
  'errors.validation': 'Một số giá trị không hợp lệ. Vui lòng kiểm tra các ô được đánh dấu.',
  'errors.badJson': 'Nội dung yêu cầu không phải JSON hợp lệ.',
  'errors.badUrl': 'Địa chỉ này không hợp lệ.',
  'errors.nulCharacter': 'Hãy xoá ký tự NUL vô hình khỏi giá trị này.',
  'errors.unauthenticated': 'Vui lòng đăng nhập.',
  'errors.invalidCredentials': 'Sai tên đăng nhập hoặc mật khẩu.',
  'errors.accountLocked': 'Đăng nhập sai quá nhiều lần. Tài khoản bị khóa đến {until}.',
  'errors.csrf': 'Mã bảo mật bị thiếu hoặc đã hết hạn. Hãy tải lại trang và thử lại.',
  'errors.forbidden': 'Vai trò của bạn không được phép thực hiện thao tác này.',
  'errors.passwordChangeRequired': 'Hãy đặt mật khẩu riêng trước khi tiếp tục.',
  'errors.outOfScope': 'Đơn vị này nằm ngoài khu vực được phân công cho bạn.',
  'errors.notFound': 'Không tìm thấy.',
  'errors.versionConflict':
    'Người khác đã thay đổi hồ sơ này sau khi bạn mở (phiên bản của bạn {yours}, hiện tại {current}). Hãy tải lại và nhập lại thay đổi.',
  'errors.payloadTooLarge': 'Yêu cầu quá lớn (giới hạn {limit}).',
  'errors.unsupportedMediaType': 'Không hỗ trợ kiểu nội dung {type}.',
  'errors.rateLimited': 'Thử quá nhiều lần. Vui lòng thử lại sau một phút.',
  'errors.loginDelayed':
    'Nhập sai mật khẩu quá nhiều lần cho tài khoản này từ thiết bị này. Vui lòng thử lại sau {seconds} giây.',
  'errors.internal': 'Máy chủ gặp lỗi. Lỗi đã được ghi lại; vui lòng thử lại.',
  'errors.unavailable': 'Dịch vụ tạm thời không khả dụng.',
  'errors.unknownField': 'Trường không xác định.',
  'errors.routeNotFound': 'Không có đường dẫn API này.',
  'errors.languageCode': 'Không phải mã ngôn ngữ (ví dụ vi, en, km hoặc zh-CN).',
  'orgUnits.codeFormat': 'Chỉ dùng chữ cái, chữ số, "_", "-" hoặc ".".',
  'orgUnits.codeTaken': 'Mã {code} đã được dùng cho đơn vị khác.',
  'orgUnits.parentRequired': 'Hãy chọn đơn vị cấp trên.',
  'orgUnits.parentKind': 'Không thể đặt {kind} dưới {parentKind}.',
  'orgUnits.parentInactive': 'Đơn vị cấp trên đã ngừng hoạt động.',
  'orgUnits.parentNotFound': 'Đơn vị cấp trên không tồn tại.',
  'orgUnits.regionIsRoot': 'Khu vực là cấp cao nhất và không có đơn vị cấp trên.',
  'orgUnits.oneRegion': 'Cây đơn vị đã có khu vực; hãy thêm quốc gia vào dưới khu vực đó.',
  'orgUnits.moveIntoOwnSubtree': 'Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.',
  'orgUnits.hasActiveChildren': 'Hãy ngừng hoạt động hoặc chuyển {count} đơn vị cấp dưới trước.',
  'orgUnits.facilityFieldsOnly': 'Chỉ cơ sở y tế và trạm y tế xã có thuộc tính này.',
  'orgUnits.timeZone': 'Múi giờ không xác định.',
  'orgUnits.idTaken': 'Mã định danh này đã được dùng.',
  'import.emptyFile': 'Tệp không có dòng dữ liệu nào.',
  'import.missingColumns': 'Thiếu cột: {columns}.',
  'import.unknownColumns': 'Cột không xác định: {columns}.',
  'import.notUtf8': 'Tệp không phải văn bản UTF-8. Hãy lưu dưới dạng "CSV UTF-8" rồi thử lại.',
  'import.csvSyntax': 'Không đọc được tệp CSV: {detail}',
  'import.duplicateCode': 'Mã {code} xuất hiện nhiều lần trong tệp.',
  'import.unknownParent': 'Đơn vị cấp trên {code} không có trong tệp và cơ sở dữ liệu.',
  'import.cycle': 'Các đơn vị cấp trên tạo thành vòng lặp.',
  'import.badBoolean': 'Dùng true hoặc false.',
  'import.badNumber': 'Phải là số nguyên.',
  'import.badJson': 'Tệp không phải JSON hợp lệ.',
  'import.dhis2Level': 'Cấp {level} của DHIS2 chưa được gán với loại đơn vị.',
  'import.dhis2Parent':
    'Đơn vị cấp trên {id} không có trong tệp xuất và chưa được nhập. Hãy chọn một đơn vị có sẵn để gắn tệp xuất vào.',
  'import.dhis2Uid': 'Không phải mã DHIS2 (11 chữ cái và chữ số, bắt đầu bằng chữ cái).',
  'import.dhis2Path': 'Không phải đường dẫn DHIS2 (các mã DHIS2 cách nhau bởi "/").',
  'import.dhis2ClosedDate': 'Ngày đóng cửa không phải là ngày hợp lệ.',
  'import.dhis2NoLevel': 'Đơn vị không có cấp, không có đường dẫn và không thuộc nhóm nào đã được gán loại.',
  'import.dhis2Groups': 'Đơn vị thuộc các nhóm được gán các loại khác nhau: {kinds}.',
  'fhir.unknownMeasure': 'Không có chỉ số: {ids}.',
  'fhir.patientRequired': 'Hãy cho biết người bệnh (patient=Patient/<mã>) cần tìm hồ sơ.',
  'dhis2.noDataSet': 'Tệp không có bộ dữ liệu. Hãy xuất từ DHIS2 bằng /api/dataSets/<id>/metadata.json.',
  'dhis2.noDataElements': 'Tệp không có phần tử dữ liệu nào.',
  'dhis2.periodType':
    'Không thể điền loại kỳ {periodType} của DHIS2; OpenEENC điền các bộ dữ liệu theo tháng, quý và năm.',
  'dhis2.duplicateCell': 'Một dòng khác đã điền phần tử dữ liệu và tổ hợp phân loại này.',
  'dhis2.unknownIndicator': 'Không có chỉ số {id}.',
  'dhis2.noDenominator': 'Chỉ số này là số đếm, không có mẫu số.',
  'dhis2.dimension': 'Chỉ số này không có cách phân tổ này.',
  'dhis2.dimensionValue': 'Hãy chọn một giá trị của cách phân tổ, hoặc không phân tổ và không chọn giá trị.',
  'dhis2.unknownDataElement': 'Phần tử dữ liệu này không có trong bộ dữ liệu.',
  'dhis2.unknownCombo': 'Tổ hợp phân loại này không có trong bộ dữ liệu.',
  'dhis2.standardPeriod': 'Hãy chọn năm, quý hoặc tháng: DHIS2 chỉ nhận các kỳ chuẩn.',
  'dhis2.periodTooShort': 'Kỳ đã chọn ngắn hơn loại kỳ của bộ dữ liệu ({periodType}).',
  'dhis2.notConfigured': 'Chưa cấu hình máy chủ DHIS2 (DHIS2_URL); hãy tải tệp về thay vào đó.',
  'dhis2.unreachable': 'Không kết nối được DHIS2 tại {url}. Hãy thử lại sau.',
  'dhis2.refused': 'DHIS2 từ chối thông tin đăng nhập (HTTP {status}). Hãy nhờ quản trị viên kiểm tra.',
  'dhis2.badAnswer': 'DHIS2 trả lời HTTP {status}. Chưa có gì được xác nhận.',
  'import.badMapping': 'Bảng gán không phải đối tượng JSON gồm các loại đơn vị, ví dụ {"CHC": "facility"}.',
  'import.dhis2CodeTaken':
    'Mã {code} đã thuộc về {unit} (mã DHIS2 {unitId}); dòng này là {name} (mã DHIS2 {id}). Hãy đặt mã khác cho một trong hai đơn vị.',
  'import.tooManyRows': 'Tệp có hơn {max} dòng.',
  'users.usernameFormat': 'Chỉ dùng chữ thường, chữ số, ".", "_", "-" hoặc "@".',
  'users.usernameTaken': 'Tên đăng nhập {username} đã có người dùng.',
  'users.scopeNotFound': 'Đơn vị {id} không tồn tại.',
  'users.scopeOutsideYours': 'Bạn chỉ có thể gán các đơn vị trong khu vực của mình.',
  'users.cannotChangeSelf': 'Bạn không thể tự đổi vai trò, phạm vi hoặc trạng thái của mình.',
  'users.wrongCurrentPassword': 'Mật khẩu hiện tại không đúng.',
  'users.passwordTooShort': 'Ít nhất {min} ký tự.',
  'users.professionForClinicians': 'Chỉ nhân viên lâm sàng mới có nghề nghiệp.',
  'users.unknownLanguage': 'Giao diện chưa có ngôn ngữ này.',
};

/**
 * A language the interface speaks: its code, its name in itself (as the language switcher shows it) and
 * the BCP 47 tag its dates and numbers are formatted with (English uses en-GB: day-first dates).
 */
export type Language = { readonly code: string; readonly name: string; readonly intlTag: string };

/** The base catalogue: it has every key, and every other language falls back to it key by key. */
export const BASE_LANGUAGE = 'en';

/**
 * The catalogues present define the interface languages: there is no other list. A language other than
 * English may be partial (a missing key reads in English), so ship one only once it is complete.
 */
const registry = new Map<string, { language: Language; messages: Record<string, string> }>();

/**
 * Adds a language's messages (or more messages to a language already present). Features keep their
 * messages in their own folder; they are merged below, one line per feature.
 */
export function registerLanguage(language: Language, messages: Partial<Record<string, string>>): void {
  const entry = registry.get(language.code) ?? { language, messages: {} };
  for (const [key, text] of Object.entries(messages)) if (text) entry.messages[key] = text;
  registry.set(language.code, entry);
}

registerLanguage(
  { code: 'vi', name: 'Tiếng Việt', intlTag: 'vi-VN' },
  {
    ...vi,
    ...birthMessagesVi,
    ...assessmentMessagesVi,
    ...birthImportMessagesVi,
    ...indicatorMessagesVi,
    ...pncMessagesVi,
    ...coachingMessagesVi,
    ...kmcMessagesVi,
    ...reportMessagesVi,
    ...screeningMessagesVi,
    ...syncMessagesVi,
    ...boundaryMessagesVi,
  },
);
registerLanguage(
  { code: 'en', name: 'English', intlTag: 'en-GB' },
  {
    ...en,
    ...birthMessagesEn,
    ...assessmentMessagesEn,
    ...birthImportMessagesEn,
    ...indicatorMessagesEn,
    ...pncMessagesEn,
    ...coachingMessagesEn,
    ...kmcMessagesEn,
    ...reportMessagesEn,
    ...screeningMessagesEn,
    ...syncMessagesEn,
    ...boundaryMessagesEn,
  },
);

/** Every language present, in the order their catalogues were added (the language switcher's order). */
export function listLanguages(): Language[] {
  return [...registry.values()].map((e) => e.language);
}

export function findLanguage(code: string): Language | undefined {
  return registry.get(code)?.language;
}

/** A key's text in one language's own catalogue; `Object.hasOwn` keeps "toString" from being a key. */
function ownMessage(code: string, key: string): string | undefined {
  const messages = registry.get(code)?.messages;
  return messages && Object.hasOwn(messages, key) ? messages[key] : undefined;
}

export function isMessageKey(text: string): boolean {
  return ownMessage(BASE_LANGUAGE, text) !== undefined;
}

/** True when the language's own catalogue has the key (not the English fallback). */
export function hasOwnMessage(code: string, key: string): boolean {
  return ownMessage(code, key) !== undefined;
}

/**
 * Translates a key into a language, falling back to English for a key (or a language) the catalogues
 * lack; text that is not a key (e.g. a zod built-in message) is returned unchanged.
 */
export function translate(language: string, text: string, params?: Record<string, unknown>): string {
  const template = ownMessage(language, text) ?? ownMessage(BASE_LANGUAGE, text) ?? text;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The language's own messages, without the English fallback (i18next falls back by itself). */
export function allMessages(language: string): Readonly<Record<string, string>> {
  return registry.get(language)?.messages ?? {};
}
