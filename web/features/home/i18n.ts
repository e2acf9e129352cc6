const en = {
  welcome: 'Welcome, {name}',
  yourRole: 'Your role: {role}',
  yourArea: 'You work in:',
  start: 'Start here',
  'card.births': 'Record births with their EENC care; see practice warnings.',
  'card.eencSettings': "Set your country's EENC thresholds and KMC rule.",
  'card.orgUnits': 'Browse the org-unit tree of your area.',
  'card.users': 'Create accounts, set roles and areas, reset passwords.',
  'card.audit': 'See who changed, opened or exported what.',
} as const;

const vi: Record<keyof typeof en, string> = {
  welcome: 'Xin chào, {name}',
  yourRole: 'Vai trò: {role}',
  yourArea: 'Khu vực làm việc:',
  start: 'Bắt đầu',
  'card.births': 'Ghi ca sinh cùng chăm sóc EENC; xem cảnh báo thực hành.',
  'card.eencSettings': 'Đặt ngưỡng EENC và quy tắc KMC của quốc gia.',
  'card.orgUnits': 'Xem cây đơn vị trong khu vực của bạn.',
  'card.users': 'Tạo tài khoản, phân vai trò và khu vực, đặt lại mật khẩu.',
  'card.audit': 'Xem ai đã thay đổi, mở xem hay xuất dữ liệu gì.',
};

export const homeI18n = { en, vi };
