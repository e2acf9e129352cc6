import { z } from 'zod';
import { DELIVERY_MODES } from './birth-values';
import { DeviationReasonsSchema, int, minutes, opt } from './field-rules';
import type { FieldEntry } from './field-table';
import { RANGES } from './value-ranges';

/**
 * The field table of a birth (one row of `births`; its babies are in newborn-fields.ts): for every
 * stored field its path in the API document, zod rule, column, SQL type, CSV column(s), label and form
 * kind. The mother and delivery objects of the zod schema (birth.schema.ts) are built from the rules;
 * the column lists, row builders, read row types and API mapper (server/features/births/births.rows.ts),
 * the CSV columns (birth-csv-columns.ts) and the form's draft and plain inputs (web/features/births/)
 * are made from it. The compiler checks the table against the document's types (birth-field-rows.ts):
 * a path that does not exist, or an SQL type that cannot hold the value, is a type error that names it.
 *
 * Order matters: the schema's keys (and so the order of validation issues) and the CSV's columns follow
 * the table (birth, then newborn).
 */

/** Values of a birth write that are not in its input document. */
export type BirthWriteValue = 'id' | 'facilityId' | 'birthDate' | 'flags' | 'now' | 'actorId';
export type BirthField = FieldEntry<'input' | BirthWriteValue>;

export const BIRTH_FIELDS = [
  {
    path: 'id',
    from: 'id',
    column: 'id',
    sql: 'uuid',
    keepOnUpdate: true,
    csv: {
      header: 'birth_id',
      required: true,
      en: 'Id of the delivery (UUID). Rows with the same birth_id are the babies of one delivery and must follow each other. Importing an id that exists already skips it, so a re-run never duplicates.',
      vi: 'Mã định danh ca sinh (UUID). Các dòng cùng birth_id là các trẻ của một ca sinh và phải liền nhau. Mã đã có sẽ được bỏ qua, nên nhập lại không bao giờ tạo bản trùng.',
    },
  },
  {
    path: 'facilityId',
    from: 'facilityId',
    column: 'facility_id',
    sql: 'uuid',
    label: 'facility',
    csv: {
      header: 'facility_code',
      type: 'code',
      required: true,
      en: 'Code of the facility or commune health station where the birth took place (org-unit code). You need the right to record births there.',
      vi: 'Mã cơ sở y tế hoặc trạm y tế xã nơi sinh (mã đơn vị). Bạn cần có quyền ghi ca sinh tại đó.',
    },
  },
  {
    path: 'mother.recordNumber',
    from: 'input',
    schema: z.string().trim().min(1, { error: 'births.recordNumberRequired' }).max(50),
    form: 'text',
    column: 'mother_record_number',
    sql: 'text',
    label: 'recordNumber',
    csv: {
      header: 'record_number',
      required: true,
      en: "The facility's record (register) number of this delivery, up to 50 characters.",
      vi: 'Số hồ sơ (sổ đẻ) của cơ sở cho ca sinh này, tối đa 50 ký tự.',
    },
  },
  {
    path: 'delivery.bornAt',
    from: 'input',
    schema: z.iso.datetime({ offset: true, error: 'births.bornAtFormat' }),
    column: 'born_at',
    sql: 'timestamptz',
    label: 'bornAt',
    csv: {
      header: 'born_at',
      required: true,
      en: "Date and time of birth of the first baby: 2026-03-10T02:15:00+07:00, or 2026-03-10 02:15 in the facility's local time.",
      vi: 'Ngày giờ sinh của trẻ đầu tiên: 2026-03-10T02:15:00+07:00, hoặc 2026-03-10 02:15 theo giờ địa phương của cơ sở.',
    },
  },
  {
    path: 'delivery.mode',
    from: 'input',
    schema: z.enum(DELIVERY_MODES, { error: 'births.modeRequired' }),
    column: 'mode',
    fhir: { code: { system: 'openeenc', code: 'delivery-mode', display: 'Mode of birth' } },
    sql: 'text',
    label: 'mode',
    values: DELIVERY_MODES,
    csv: {
      header: 'delivery_mode',
      required: true,
      en: 'How the baby was delivered: spontaneous vaginal, assisted vaginal (vacuum or forceps) or caesarean.',
      vi: 'Cách sinh: sinh thường, sinh có can thiệp (giác hút hoặc forceps) hoặc mổ lấy thai.',
    },
  },
  {
    path: 'delivery.gestationalAgeWeeks',
    from: 'input',
    schema: opt(int(RANGES.gestationalAgeWeeks.min, RANGES.gestationalAgeWeeks.max, 'births.gaRange')),
    form: 'number',
    column: 'gestational_age_weeks',
    fhir: { code: { system: 'loinc', code: '11884-4', display: 'Gestational age Estimated' }, unit: 'wk' },
    sql: 'smallint',
    label: 'gestationalAge',
    csv: {
      header: 'gestational_age_weeks',
      en: 'Completed weeks of pregnancy, 22 to 42.',
      vi: 'Số tuần thai đã tròn, từ 22 đến 42.',
    },
  },
  {
    path: 'delivery.babyCount',
    from: 'input',
    schema: int(RANGES.babyCount.min, RANGES.babyCount.max, 'births.babyCountRange'),
    column: 'baby_count',
    sql: 'smallint',
    label: 'babyCount',
    csv: {
      header: 'baby_count',
      required: true,
      en: 'Number of babies born in this delivery (1 to 6); the delivery has this many rows.',
      vi: 'Số trẻ sinh ra trong ca này (1 đến 6); ca sinh có đúng số dòng này.',
    },
  },
  {
    path: 'delivery.secondBabyChecked',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    section: 'delivery',
    column: 'second_baby_checked',
    sql: 'boolean',
    label: 'secondBabyChecked',
    csv: {
      header: 'second_baby_checked',
      en: 'The abdomen was checked for a second baby before the uterotonic was given.',
      vi: 'Đã kiểm tra bụng xem còn thai thứ hai trước khi dùng thuốc co hồi tử cung.',
    },
  },
  {
    path: 'delivery.uterotonicGiven',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    section: 'delivery',
    column: 'uterotonic_given',
    fhir: { code: { system: 'openeenc', code: 'uterotonic-given', display: 'Uterotonic given after birth' } },
    sql: 'boolean',
    label: 'uterotonicGiven',
    csv: {
      header: 'uterotonic_given',
      en: 'A uterotonic (oxytocin) was given to the mother.',
      vi: 'Đã dùng thuốc co hồi tử cung (oxytocin) cho mẹ.',
    },
  },
  {
    path: 'delivery.uterotonicMinutes',
    from: 'input',
    schema: minutes(),
    form: 'number',
    column: 'uterotonic_minutes',
    fhir: {
      code: { system: 'openeenc', code: 'uterotonic-time', display: 'Uterotonic given after birth' },
      unit: 'min',
    },
    sql: 'numeric',
    label: 'uterotonicMinutes',
    csv: {
      header: 'uterotonic_minutes',
      en: 'Minutes after birth when the uterotonic was given.',
      vi: 'Số phút sau sinh khi dùng thuốc co hồi tử cung.',
    },
  },
  {
    path: 'delivery.membranesRupturedOver18h',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    column: 'membranes_ruptured_over_18h',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'membranes-over-18h',
        display: 'Membranes ruptured more than 18 hours before birth',
      },
    },
    sql: 'boolean',
    label: 'membranesRupturedOver18h',
    csv: {
      header: 'membranes_ruptured_over_18h',
      en: 'The membranes ruptured more than 18 hours before the birth (a risk factor for infection of the babies).',
      vi: 'Ối vỡ trên 18 giờ trước khi sinh (yếu tố nguy cơ nhiễm khuẩn của trẻ).',
    },
  },
  {
    path: 'delivery.maternalFeverInLabour',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    column: 'maternal_fever_in_labour',
    fhir: { code: { system: 'openeenc', code: 'maternal-fever', display: 'Maternal fever in labour' } },
    sql: 'boolean',
    label: 'maternalFeverInLabour',
    csv: {
      header: 'maternal_fever_in_labour',
      en: 'The mother had a fever (38 °C or more) in labour (a risk factor for infection of the babies).',
      vi: 'Mẹ sốt (từ 38 °C trở lên) trong chuyển dạ (yếu tố nguy cơ nhiễm khuẩn của trẻ).',
    },
  },
  {
    path: 'delivery.deviationReasons',
    from: 'input',
    schema: DeviationReasonsSchema,
    column: 'deviation_reasons',
    sql: 'jsonb',
    fromRow: (v: Record<string, string> | null) => v ?? {},
    csv: {
      header: 'delivery_deviation_reasons',
      en: 'Optional reasons for deviations of the delivery, as JSON: {"uterotonic_late":"reason"}.',
      vi: 'Lý do sai lệch của ca sinh (không bắt buộc), dạng JSON: {"uterotonic_late":"lý do"}.',
    },
  },
  {
    path: 'mother.age',
    from: 'input',
    schema: opt(int(RANGES.motherAgeYears.min, RANGES.motherAgeYears.max, 'births.motherAgeRange')),
    form: 'number',
    section: 'mother',
    column: 'mother_age',
    sql: 'smallint',
    label: 'age',
    csv: { header: 'mother_age', en: "Mother's age in years, 10 to 60.", vi: 'Tuổi mẹ, từ 10 đến 60.' },
  },
  {
    path: 'mother.birthYear',
    from: 'input',
    schema: opt(int(1900, 2100, 'births.motherBirthYearRange')),
    form: 'number',
    section: 'mother',
    column: 'mother_birth_year',
    sql: 'smallint',
    label: 'birthYear',
    csv: { header: 'mother_birth_year', en: "Mother's year of birth.", vi: 'Năm sinh của mẹ.' },
  },
  {
    path: 'mother.communeId',
    from: 'input',
    schema: opt(z.uuid()),
    form: 'optionalText',
    column: 'mother_commune_id',
    sql: 'uuid',
    label: 'commune',
    csv: {
      header: 'commune_code',
      type: 'code',
      en: 'Code of the commune where the mother lives (postnatal follow-up is handed over there).',
      vi: 'Mã xã/phường nơi mẹ sinh sống (chăm sóc sau sinh được chuyển về đó).',
    },
  },
  {
    path: 'mother.ethnicMinority',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    column: 'mother_ethnic_minority',
    sql: 'boolean',
    label: 'ethnicMinority',
    csv: {
      header: 'mother_ethnic_minority',
      en: 'The mother belongs to an ethnic minority.',
      vi: 'Mẹ là người dân tộc thiểu số.',
    },
  },
  {
    path: 'mother.parity',
    from: 'input',
    schema: opt(int(RANGES.parity.min, RANGES.parity.max, 'births.parityRange')),
    form: 'number',
    section: 'mother',
    column: 'mother_parity',
    fhir: { code: { system: 'loinc', code: '11977-6', display: '[#] Parity' } },
    sql: 'smallint',
    label: 'parity',
    csv: {
      header: 'mother_parity',
      en: 'Births before this one, 0 to 20.',
      vi: 'Số lần sinh trước lần này, từ 0 đến 20.',
    },
  },
  {
    path: 'mother.name',
    from: 'input',
    schema: opt(z.string().trim().max(120)),
    form: 'optionalText',
    column: 'mother_name',
    sql: 'text',
    label: 'motherName',
    personal: true,
    csv: {
      header: 'mother_name',
      en: "Mother's name (personal data: exported only to users at the facility).",
      vi: 'Họ tên mẹ (dữ liệu cá nhân: chỉ xuất cho người dùng tại cơ sở).',
    },
  },
  {
    path: 'mother.phone',
    from: 'input',
    schema: opt(
      z
        .string()
        .trim()
        .max(30)
        .regex(/^\+?[0-9 ().-]{6,30}$/, { error: 'births.phoneFormat' }),
    ),
    form: 'optionalText',
    column: 'mother_phone',
    sql: 'text',
    label: 'motherPhone',
    personal: true,
    csv: {
      header: 'mother_phone',
      en: "Mother's phone number (personal data: exported only to users at the facility).",
      vi: 'Số điện thoại của mẹ (dữ liệu cá nhân: chỉ xuất cho người dùng tại cơ sở).',
    },
  },
  {
    path: 'mother.address',
    from: 'input',
    schema: opt(z.string().trim().max(200)),
    form: 'optionalText',
    column: 'mother_address',
    sql: 'text',
    label: 'motherAddress',
    personal: true,
    csv: {
      header: 'mother_address',
      en: 'Where the mother will stay after discharge, for home visits: house, hamlet or street (personal data: exported only to users at the facility).',
      vi: 'Nơi mẹ ở sau khi ra viện, để thăm tại nhà: số nhà, thôn/xóm hoặc đường phố (dữ liệu cá nhân: chỉ xuất cho người dùng tại cơ sở).',
    },
  },
  // Not in the input document: made when the birth is written.
  { path: 'birthDate', from: 'birthDate', column: 'birth_date', sql: 'date' },
  { path: 'delivery.flags', from: 'flags', column: 'flags', sql: 'text[]' },
  { path: 'createdAt', from: 'now', column: 'created_at', sql: 'timestamptz', keepOnUpdate: true },
  { path: 'updatedAt', from: 'now', column: 'updated_at', sql: 'timestamptz' },
  // The API shows who by user name (a join), not these ids.
  { from: 'actorId', column: 'created_by', sql: 'uuid', nullable: true, keepOnUpdate: true },
  { from: 'actorId', column: 'updated_by', sql: 'uuid', nullable: true },
] as const satisfies readonly BirthField[];

/** The entries of the table, one type a row (the read row type and the checks, birth-field-rows.ts). */
export type BirthFields = (typeof BIRTH_FIELDS)[number];
