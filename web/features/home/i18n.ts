const en = {
  welcome: 'Welcome, {name}',
  yourRole: 'Your role: {role}',
  yourArea: 'You work in:',
  start: 'Start here',
  primary: 'What to do now',
  newBirth: 'New birth',
  todaysTasks: "Today's tasks",
  todaysTasksHint: 'Postnatal contacts due today and overdue, riskiest first.',
  newBirthHint: 'Record a birth with its EENC steps as it happens.',
  dashboard: 'Dashboard',
  dashboardHint: 'Indicators of your area, with the records behind each number.',
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
  primary: 'Việc cần làm',
  newBirth: 'Ca sinh mới',
  todaysTasks: 'Việc hôm nay',
  todaysTasksHint: 'Các lần chăm sóc sau sinh đến hạn hôm nay và quá hạn, nguy cơ cao trước.',
  newBirthHint: 'Ghi ca sinh cùng các bước EENC ngay khi diễn ra.',
  dashboard: 'Bảng chỉ số',
  dashboardHint: 'Chỉ số của khu vực bạn, kèm các hồ sơ sau mỗi con số.',
  'card.births': 'Ghi ca sinh cùng chăm sóc EENC; xem cảnh báo thực hành.',
  'card.eencSettings': 'Đặt ngưỡng EENC và quy tắc KMC của quốc gia.',
  'card.orgUnits': 'Xem cây đơn vị trong khu vực của bạn.',
  'card.users': 'Tạo tài khoản, phân vai trò và khu vực, đặt lại mật khẩu.',
  'card.audit': 'Xem ai đã thay đổi, mở xem hay xuất dữ liệu gì.',
};

export const homeI18n = { en, vi };
