import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { namespaces } from '../../lib/catalogues';
import { I18N_OPTIONS, i18nResources } from '../../lib/i18n';
import { specialCareText } from './kmc-labels';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ ...I18N_OPTIONS, resources: i18nResources(namespaces), lng: 'en' });
});

describe('the special-care mark in words', () => {
  it("names the country's thresholds, formatted for each language, not fixed numbers", () => {
    const b = { specialCareBelow: { grams: 1800, weeks: 34 }, specialCareHere: null };
    expect(specialCareText(i18n.getFixedT('en', 'kmc'), b, 'en')).toBe(
      'Special care: under 1,800 g or under 34 weeks; refer urgently if not available here',
    );
    expect(specialCareText(i18n.getFixedT('vi', 'kmc'), b, 'vi')).toBe(
      'Chăm sóc đặc biệt: dưới 1.800 g hoặc dưới 34 tuần; chuyển tuyến khẩn nếu cơ sở không có',
    );
  });

  it('says urgent referral only where the facility declares it cannot provide special care', () => {
    const en = i18n.getFixedT('en', 'kmc');
    const below = { grams: 1500, weeks: 32 };
    expect(specialCareText(en, { specialCareBelow: below, specialCareHere: false }, 'en')).toBe(
      'Urgent referral: under 1,500 g or under 32 weeks needs special care, which this facility does not provide',
    );
    expect(specialCareText(en, { specialCareBelow: below, specialCareHere: true }, 'en')).toBe(
      'Special care (under 1,500 g or under 32 weeks), provided at this facility',
    );
    expect(
      specialCareText(i18n.getFixedT('vi', 'kmc'), { specialCareBelow: below, specialCareHere: false }, 'vi'),
    ).toMatch(/^Chuyển tuyến khẩn: dưới 1.500 g/);
  });
});
