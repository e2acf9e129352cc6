import { describe, expect, it } from 'vitest';
import { registerLanguage } from '../i18n/messages';
import { DEFAULT_PNC_SETTINGS } from './pnc-settings';
import {
  formatReminderDate,
  motherReminderText,
  reminderLanguage,
  workerReminderText,
} from './reminder-text';

const withKhmer = {
  ...DEFAULT_PNC_SETTINGS,
  defaultLanguage: 'vi',
  reminderTemplates: { km: { mother: 'KM {contact} {date} {station}', worker: 'KM {count} {date} {risk}' } },
};

describe('reminder language', () => {
  it.each([
    ['vi', DEFAULT_PNC_SETTINGS, { language: 'vi', template: 'vi' }],
    ['en', DEFAULT_PNC_SETTINGS, { language: 'en', template: 'en' }],
    ['km', withKhmer, { language: 'km', template: 'custom' }],
    ['km', DEFAULT_PNC_SETTINGS, { language: 'en', template: 'en' }],
    ['lo', withKhmer, { language: 'vi', template: 'vi' }],
    [null, withKhmer, { language: 'vi', template: 'vi' }],
  ] as const)('a mother speaking %s gets %j', (wanted, settings, expected) => {
    expect(reminderLanguage(settings, wanted)).toEqual(expected);
  });
});

describe('reminder texts', () => {
  it('writes the mother’s reminder in Vietnamese, without names', () => {
    expect(
      motherReminderText(DEFAULT_PNC_SETTINGS, 'vi', {
        contactNumber: 2,
        contactDay: 2,
        dueDate: '2026-03-12',
        station: 'Trạm Y tế phường Hải Châu I',
      }),
    ).toEqual({
      language: 'vi',
      body: 'Lịch khám sau sinh (lần 2) cho mẹ và bé đến hạn từ ngày 12/03/2026. Xin mời đến hoặc gọi Trạm Y tế phường Hải Châu I.',
    });
  });

  it('names an extra visit by its day, and uses a country template when there is one', () => {
    expect(
      motherReminderText(DEFAULT_PNC_SETTINGS, 'en', {
        contactNumber: null,
        contactDay: 5,
        dueDate: '2026-03-15',
        station: 'X',
      }).body,
    ).toBe(
      'Postnatal check-up (extra visit (day 5)) for you and your baby is due from 15/03/2026. Please come to or call X.',
    );
    expect(
      motherReminderText(withKhmer, 'km', {
        contactNumber: 3,
        contactDay: 7,
        dueDate: '2026-03-15',
        station: 'X',
      }),
    ).toEqual({ language: 'km', body: 'KM visit 3 15/03/2026 X' });
  });

  it('tells the worker how many contacts are due and how many are risky', () => {
    expect(
      workerReminderText(DEFAULT_PNC_SETTINGS, 'en', { count: 4, risky: 1, dueDate: '2026-03-12' }).body,
    ).toBe('OpenEENC: 4 postnatal contact(s) due on 12/03/2026, 1 with risk markers. Open your worklist.');
    expect(
      workerReminderText(DEFAULT_PNC_SETTINGS, 'vi', { count: 2, risky: 0, dueDate: '2026-03-12' }).body,
    ).toBe('OpenEENC: 2 lần khám sau sinh đến hạn ngày 12/03/2026. Mở danh sách công việc.');
  });

  it('formats dates day first', () => expect(formatReminderDate('2026-12-01')).toBe('01/12/2026'));
});

describe('reminder texts of a language added as a catalogue', () => {
  it('are built in once the catalogue writes both reminders, and in English before', () => {
    registerLanguage({ code: 'mn', name: 'Монгол', intlTag: 'mn-MN' }, { 'errors.notFound': 'Олдсонгүй.' });
    expect(reminderLanguage(DEFAULT_PNC_SETTINGS, 'mn')).toEqual({ language: 'en', template: 'en' });
    registerLanguage(
      { code: 'mn', name: 'Монгол', intlTag: 'mn-MN' },
      {
        'pnc.reminderMother': 'MN {contact} {date} {station}',
        'pnc.reminderWorker': 'MN {count} {date}{risk}',
      },
    );
    expect(reminderLanguage(DEFAULT_PNC_SETTINGS, 'mn')).toEqual({ language: 'mn', template: 'mn' });
    expect(
      workerReminderText(DEFAULT_PNC_SETTINGS, 'mn', { count: 2, risky: 0, dueDate: '2026-03-12' }),
    ).toEqual({
      language: 'mn',
      body: 'MN 2 12/03/2026',
    });
  });
});
