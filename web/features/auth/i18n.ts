const en = {
  title: 'Log in to OpenEENC',
  username: 'Username',
  password: 'Password',
  submit: 'Log in',
  submitting: 'Logging in…',
  intro: 'Birth register, postnatal follow-up and EENC quality improvement.',
  'changePassword.title': 'Choose a new password',
  'changePassword.intro': 'Your password was set by an administrator. Choose your own before you continue.',
  'changePassword.current': 'Current password',
  'changePassword.new': 'New password',
  'changePassword.confirm': 'Repeat the new password',
  'changePassword.mismatch': 'The two new passwords differ.',
  'changePassword.submit': 'Change password',
  'changePassword.hint': 'At least 10 characters. A short sentence is easy to remember and hard to guess.',
  offlineNoSession:
    'No network. Logging in needs the network: there is no recent session on this device to work offline with.',
  offlineSession:
    'No network: you are working with your last session, until {until}. What you record stays on this device and is sent when the network returns.',
} as const;

const vi: Record<keyof typeof en, string> = {
  title: 'Đăng nhập OpenEENC',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  submit: 'Đăng nhập',
  submitting: 'Đang đăng nhập…',
  intro: 'Sổ sinh, theo dõi sau sinh và cải thiện chất lượng EENC.',
  'changePassword.title': 'Đặt mật khẩu mới',
  'changePassword.intro': 'Mật khẩu của bạn do quản trị viên đặt. Hãy đặt mật khẩu riêng trước khi tiếp tục.',
  'changePassword.current': 'Mật khẩu hiện tại',
  'changePassword.new': 'Mật khẩu mới',
  'changePassword.confirm': 'Nhập lại mật khẩu mới',
  'changePassword.mismatch': 'Hai mật khẩu mới không giống nhau.',
  'changePassword.submit': 'Đổi mật khẩu',
  'changePassword.hint': 'Ít nhất 10 ký tự. Một câu ngắn vừa dễ nhớ vừa khó đoán.',
  offlineNoSession:
    'Không có mạng. Cần có mạng để đăng nhập: thiết bị này không có phiên làm việc gần đây để làm việc ngoại tuyến.',
  offlineSession:
    'Không có mạng: bạn đang làm việc với phiên đăng nhập gần nhất, đến {until}. Những gì bạn ghi được lưu trên thiết bị này và sẽ gửi đi khi có mạng trở lại.',
};

export const authI18n = { en, vi };
