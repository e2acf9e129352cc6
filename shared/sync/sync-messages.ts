/** Messages of the sync protocol (per-operation results, the conflict inbox), translated by the server. */
export const syncMessagesEn = {
  'sync.opIdTaken': 'Another user already sent an operation with this id.',
  'sync.recordNotFound': 'This record does not exist on the server.',
  'sync.conflictResolved': 'This conflict is already resolved.',
  'sync.editNeedsField': 'Only a conflict on one field can be resolved with an edited value.',
  'sync.valueOnlyForEdit': 'Send a value with an edit, and only with an edit.',
  'sync.baseAhead':
    'This change is based on a version the server never had. Reload the record and make the change again.',
  'sync.badCursor': 'This sync cursor is not valid. Start a new pull without a cursor.',
  'sync.fieldFixed': 'This field names the record and cannot be changed by an edit.',
  'sync.deleteNotAllowed': 'This kind of record cannot be deleted.',
} as const;

export const syncMessagesVi: Record<keyof typeof syncMessagesEn, string> = {
  'sync.opIdTaken': 'Một người dùng khác đã gửi một thao tác với mã này.',
  'sync.recordNotFound': 'Hồ sơ này không có trên máy chủ.',
  'sync.conflictResolved': 'Xung đột này đã được giải quyết.',
  'sync.editNeedsField': 'Chỉ xung đột trên một trường mới có thể giải quyết bằng giá trị sửa.',
  'sync.valueOnlyForEdit': 'Chỉ gửi giá trị khi sửa, và phải gửi giá trị khi sửa.',
  'sync.baseAhead': 'Thay đổi này dựa trên một phiên bản máy chủ chưa từng có. Hãy tải lại hồ sơ và sửa lại.',
  'sync.badCursor': 'Con trỏ đồng bộ không hợp lệ. Hãy bắt đầu lấy dữ liệu lại không có con trỏ.',
  'sync.fieldFixed': 'Trường này xác định hồ sơ và không thể thay đổi khi sửa.',
  'sync.deleteNotAllowed': 'Loại hồ sơ này không thể xóa.',
};
