import type { FacilityLevel, OrgUnitKind } from '../../shared/org-units/org-unit.schema';

/** One node of the demo tree; ids are derived from codes so the demo is the same on every machine. */
export type DemoUnit = {
  code: string;
  name: string;
  kind: OrgUnitKind;
  timezone?: string;
  facilityLevel?: FacilityLevel;
  providesBirths?: boolean;
  birthsPerYear?: number;
  eencIntroducedOn?: string;
  eencTeamFormedOn?: string;
  children?: DemoUnit[];
};

const hospital = (
  code: string,
  name: string,
  facilityLevel: FacilityLevel,
  birthsPerYear: number,
  eencIntroducedOn?: string,
  eencTeamFormedOn?: string,
): DemoUnit => ({
  code,
  name,
  kind: 'facility',
  facilityLevel,
  providesBirths: true,
  birthsPerYear,
  ...(eencIntroducedOn ? { eencIntroducedOn } : {}),
  ...(eencTeamFormedOn ? { eencTeamFormedOn } : {}),
});
const commune = (code: string, name: string, providesBirths = false, birthsPerYear?: number): DemoUnit => ({
  code,
  name,
  kind: 'commune',
  facilityLevel: 'commune',
  providesBirths,
  ...(birthsPerYear ? { birthsPerYear } : {}),
});

const area =
  (kind: 'province' | 'district') =>
  (code: string, name: string, children: DemoUnit[]): DemoUnit => ({ code, name, kind, children });
const province = area('province');
const district = area('district');

/** Two countries, four provinces, eight districts, 14 facilities and 10 commune health stations. */
export const DEMO_COUNTRIES: DemoUnit[] = [
  {
    code: 'VN',
    name: 'Việt Nam',
    kind: 'country',
    timezone: 'Asia/Ho_Chi_Minh',
    children: [
      hospital('VN-H-TW', 'Bệnh viện Phụ sản Trung ương', 'central', 22000, '2014-03-01', '2014-06-01'),
      province('VN-DN', 'Thành phố Đà Nẵng', [
        hospital(
          'VN-DN-H01',
          'Bệnh viện Phụ sản - Nhi Đà Nẵng',
          'provincial',
          14000,
          '2014-06-01',
          '2014-09-15',
        ),
        district('VN-DN-HC', 'Quận Hải Châu', [
          hospital('VN-DN-HC-H', 'Trung tâm Y tế quận Hải Châu', 'district', 1800, '2016-05-01'),
          commune('VN-DN-HC-C01', 'Trạm Y tế phường Hải Châu I'),
          commune('VN-DN-HC-C02', 'Trạm Y tế phường Thạch Thang'),
        ]),
        district('VN-DN-LC', 'Quận Liên Chiểu', [
          hospital('VN-DN-LC-H', 'Trung tâm Y tế quận Liên Chiểu', 'district', 1500),
          commune('VN-DN-LC-C01', 'Trạm Y tế phường Hòa Khánh Bắc'),
          commune('VN-DN-LC-C02', 'Trạm Y tế phường Hòa Minh'),
        ]),
      ]),
      province('VN-QNA', 'Tỉnh Quảng Nam', [
        hospital(
          'VN-QNA-H01',
          'Bệnh viện Đa khoa tỉnh Quảng Nam',
          'provincial',
          6000,
          '2015-04-01',
          '2015-10-01',
        ),
        district('VN-QNA-TK', 'Thành phố Tam Kỳ', [
          hospital('VN-QNA-TK-H', 'Trung tâm Y tế thành phố Tam Kỳ', 'district', 1200, '2017-02-01'),
          commune('VN-QNA-TK-C01', 'Trạm Y tế phường An Mỹ', true, 60),
        ]),
        district('VN-QNA-DB', 'Thị xã Điện Bàn', [
          hospital('VN-QNA-DB-H', 'Trung tâm Y tế thị xã Điện Bàn', 'district', 1400),
          commune('VN-QNA-DB-C01', 'Trạm Y tế xã Điện Minh', true, 40),
        ]),
      ]),
    ],
  },
  {
    code: 'LA',
    name: 'Lao PDR',
    kind: 'country',
    timezone: 'Asia/Vientiane',
    children: [
      province('LA-VT', 'Vientiane Capital', [
        hospital('LA-VT-H01', 'Mother and Newborn Hospital', 'central', 9000, '2014-10-01', '2015-01-15'),
        hospital('LA-VT-H02', 'Mahosot Hospital', 'central', 4000, '2015-03-01'),
        district('LA-VT-CH', 'Chanthabouly District', [
          hospital('LA-VT-CH-H', 'Chanthabouly District Hospital', 'district', 900),
          commune('LA-VT-CH-C01', 'Nongduang Health Centre'),
        ]),
        district('LA-VT-SS', 'Sisattanak District', [
          hospital('LA-VT-SS-H', 'Sisattanak District Hospital', 'district', 700, '2018-06-01'),
          commune('LA-VT-SS-C01', 'Thongkhankham Health Centre'),
        ]),
      ]),
      province('LA-SV', 'Savannakhet Province', [
        hospital(
          'LA-SV-H01',
          'Savannakhet Provincial Hospital',
          'provincial',
          5000,
          '2016-01-15',
          '2016-08-01',
        ),
        district('LA-SV-KP', 'Kaysone Phomvihane District', [
          hospital('LA-SV-KP-H', 'Kaysone Phomvihane District Hospital', 'district', 1100),
          commune('LA-SV-KP-C01', 'Naxeng Health Centre', true, 80),
        ]),
        district('LA-SV-OT', 'Outhoumphone District', [
          hospital('LA-SV-OT-H', 'Outhoumphone District Hospital', 'district', 600),
          commune('LA-SV-OT-C01', 'Dongsavanh Health Centre', true, 50),
        ]),
      ]),
    ],
  },
];
