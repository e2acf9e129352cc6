/** Server messages of the indicators feature (merged in shared/i18n/messages.ts). */
export const en = {
  'indicators.def.unknownField': 'Unknown field {field}.',
  'indicators.def.wrongType': 'Field {field} is of type {type}; this comparison does not apply.',
  'indicators.def.unknownValue': 'Field {field} has no value {value}.',
  'indicators.def.notOverPeriodEnd': '"not" cannot wrap a comparison with the end of the period.',
  'indicators.def.duplicateId': 'Indicator id {id} is used twice.',
  'indicators.def.rateNeedsDenominator': 'A rate needs a denominator.',
  'indicators.def.countHasDenominator': 'A count has no denominator.',
  'indicators.def.dimensionNotInSource': 'Source {source} cannot be split by {dimension}.',
  'indicators.def.facilityFieldNotStored':
    'Indicators using facility fields can only be split by facility level.',
  'indicators.def.periodEndInRollup': 'Comparisons with the end of the period are for facility counts only.',
  'indicators.def.stateNeedsSignedSource':
    'A state at the end of the period needs a rolled-up source of signed changes, without disaggregations.',
  'indicators.def.unknownMeasure': 'Relation names an unknown count of {indicator}.',
  'indicators.def.grainNeedsRollup':
    'A count of its own per quarter or year needs a rolled-up source, and is for events in the period, not states at its end.',
  'period.format': 'Write the period as 2024, 2024Q1, 202403, or give from and to dates (YYYY-MM-DD).',
  'period.range': 'The year is out of range.',
  'period.order': 'The end date is before the start date.',
  'period.tooLong': 'The period is too long.',
  'indicators.unknownIndicator': 'Unknown indicator {id}.',
  'indicators.customPeriodForPartners':
    'Partner accounts see whole months, quarters and years only (custom ranges could reveal small counts).',
  'indicators.noRecordsForSource': 'This indicator does not count patient records.',
  'indicators.noRecordList':
    'This indicator has no list of records: its counts are derived from several records each (coaching, postnatal care, KMC), so open the module to see them.',
  'indicators.compareParentOrUnits':
    'Give either parent (to compare the units under it) or units (a list of unit ids), not both.',
  'indicators.tooManyUnits': 'Compare at most {max} units at once.',
  'indicators.badUnitId': '{id} is not an org unit id.',
  'indicators.unknownUnit': 'Unknown org unit {id}.',
  'indicators.valueNeedsDimension': 'Give the dimension of this value.',
  'indicators.export.valuesSheet': 'Indicators',
  'indicators.export.definitionsSheet': 'Definitions',
  'indicators.export.notesSheet': 'Notes',
  'indicators.export.perturbationNote':
    'Counts of people are adjusted for partner accounts (the cell-key method): a count other than 0 may be off by a few, most by 2 or less (the largest change is kept secret), always the same way for the same records, so totals may differ slightly from the sum of their parts. Rates are computed from the adjusted counts. Column "perturbed" marks adjusted counts; 0 is exact.',
} as const;

export const vi: Record<keyof typeof en, string> = {
  'indicators.def.unknownField': 'Trường {field} không tồn tại.',
  'indicators.def.wrongType': 'Trường {field} có kiểu {type}; không dùng được phép so sánh này.',
  'indicators.def.unknownValue': 'Trường {field} không có giá trị {value}.',
  'indicators.def.notOverPeriodEnd': '"not" không được bao phép so sánh với cuối kỳ.',
  'indicators.def.duplicateId': 'Mã chỉ số {id} bị trùng.',
  'indicators.def.rateNeedsDenominator': 'Tỷ lệ phải có mẫu số.',
  'indicators.def.countHasDenominator': 'Chỉ số đếm không có mẫu số.',
  'indicators.def.dimensionNotInSource': 'Nguồn {source} không phân tổ được theo {dimension}.',
  'indicators.def.facilityFieldNotStored': 'Chỉ số dùng thông tin cơ sở chỉ phân tổ được theo tuyến.',
  'indicators.def.periodEndInRollup': 'So sánh với cuối kỳ chỉ dùng cho chỉ số đếm cơ sở.',
  'indicators.def.stateNeedsSignedSource':
    'Trạng thái vào cuối kỳ cần một nguồn tổng hợp sẵn gồm các thay đổi có dấu, không phân tổ.',
  'indicators.def.unknownMeasure': 'Quan hệ nêu một số đếm không có của {indicator}.',
  'indicators.def.grainNeedsRollup':
    'Số đếm riêng theo quý hoặc năm cần một nguồn tổng hợp sẵn, và chỉ dùng cho sự kiện trong kỳ, không dùng cho trạng thái vào cuối kỳ.',
  'period.format': 'Nhập kỳ dạng 2024, 2024Q1, 202403, hoặc ngày bắt đầu và kết thúc (YYYY-MM-DD).',
  'period.range': 'Năm nằm ngoài phạm vi.',
  'period.order': 'Ngày kết thúc trước ngày bắt đầu.',
  'period.tooLong': 'Kỳ quá dài.',
  'indicators.unknownIndicator': 'Không có chỉ số {id}.',
  'indicators.customPeriodForPartners':
    'Tài khoản đối tác chỉ xem được theo tháng, quý và năm (khoảng ngày tùy chọn có thể làm lộ số nhỏ).',
  'indicators.noRecordsForSource': 'Chỉ số này không đếm hồ sơ bệnh nhân.',
  'indicators.noRecordList':
    'Chỉ số này không có danh sách hồ sơ: mỗi số đếm được suy ra từ nhiều hồ sơ (huấn luyện, chăm sóc sau sinh, KMC), hãy mở phân hệ tương ứng để xem.',
  'indicators.compareParentOrUnits':
    'Hãy nêu hoặc parent (so sánh các đơn vị trực thuộc) hoặc units (danh sách mã đơn vị), không nêu cả hai.',
  'indicators.tooManyUnits': 'Chỉ so sánh được tối đa {max} đơn vị một lần.',
  'indicators.badUnitId': '{id} không phải là mã đơn vị.',
  'indicators.unknownUnit': 'Không có đơn vị {id}.',
  'indicators.valueNeedsDimension': 'Hãy nêu phân tổ của giá trị này.',
  'indicators.export.valuesSheet': 'Chỉ số',
  'indicators.export.definitionsSheet': 'Định nghĩa',
  'indicators.export.notesSheet': 'Ghi chú',
  'indicators.export.perturbationNote':
    'Với tài khoản đối tác, số người được điều chỉnh (phương pháp khóa ô): một số khác 0 có thể lệch vài đơn vị, phần lớn không quá 2 (mức lệch lớn nhất được giữ bí mật), luôn như nhau với cùng các hồ sơ, nên tổng có thể khác một chút so với tổng các phần. Tỷ lệ được tính từ các số đã điều chỉnh. Cột "perturbed" đánh dấu các số đã điều chỉnh; số 0 là chính xác.',
};
