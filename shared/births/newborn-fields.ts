import { z } from 'zod';
import {
  BIRTH_OUTCOMES,
  DISCHARGE_STATUSES,
  PROCEDURES,
  type Procedure,
  RESUSCITATION_OUTCOMES,
  SEXES,
} from './birth-values';
import { DeviationReasonsSchema, int, minutes, num, opt, ProcedureSchema, seconds } from './field-rules';
import type { FieldCsv, FieldEntry } from './field-table';
import { RANGES } from './value-ranges';

/**
 * The field table of a newborn (one row of `newborns`): the babies of a birth, with what the rules
 * derive from them. Made into the schema's newborn object, rows, documents, CSV columns and the form's
 * draft like the birth's (birth-fields.ts); CSV columns follow the birth's, in table order. The
 * discharge is one object of the document stored as three columns: its rule is in the schema.
 */

/** Values of a newborn write that are not in its input document. */
export type NewbornWriteValue =
  'id' | 'birthId' | 'facilityId' | 'birthDate' | 'membranesRupturedOver18h' | 'maternalFeverInLabour';
export type NewbornField = FieldEntry<'input' | 'derived' | NewbornWriteValue>;

const PROCEDURE_CSV: Record<Procedure, { prefix: string; en: string; vi: string }> = {
  weighing: { prefix: 'weighing', en: 'Weighing', vi: 'cân trẻ' },
  eyeCare: { prefix: 'eye_care', en: 'Eye care', vi: 'chăm sóc mắt' },
  vitaminK: { prefix: 'vitamin_k', en: 'Vitamin K injection', vi: 'tiêm vitamin K' },
  hepatitisB: { prefix: 'hepatitis_b', en: 'Hepatitis B vaccination', vi: 'tiêm vắc xin viêm gan B' },
  bath: { prefix: 'bath', en: 'Bath', vi: 'tắm trẻ' },
};

/** The procedures are one jsonb field but two CSV columns each: done, and minutes after birth. */
const procedureCsv: readonly FieldCsv[] = PROCEDURES.flatMap((p): FieldCsv[] => {
  const { prefix, en, vi } = PROCEDURE_CSV[p];
  return [
    {
      header: `${prefix}_done`,
      type: 'boolean',
      path: `procedures.${p}.done`,
      en: `${en} done. Empty with an empty ${prefix}_minutes = not recorded.`,
      vi: `Đã ${vi}. Để trống cùng ${prefix}_minutes = không ghi.`,
    },
    {
      header: `${prefix}_minutes`,
      type: 'decimal',
      path: `procedures.${p}.minutes`,
      en: `Minutes after birth when ${en.toLowerCase()} was done (a value without ${prefix}_done means done).`,
      vi: `Số phút sau sinh khi ${vi} (có giá trị mà để trống ${prefix}_done nghĩa là đã làm).`,
    },
  ];
});

type Procedures = Record<Procedure, z.infer<typeof ProcedureSchema>>;
const NO_PROCEDURES = Object.fromEntries(PROCEDURES.map((p) => [p, null])) as Procedures;

/** The Apgar score at 1 or 5 minutes, with its LOINC code. */
const apgarField = <const Minute extends 1 | 5>(minute: Minute, loinc: string) =>
  ({
    path: `apgar${minute}`,
    from: 'input',
    schema: opt(int(RANGES.apgar.min, RANGES.apgar.max, 'births.apgarRange')),
    form: 'number',
    section: 'baby',
    column: `apgar${minute}`,
    fhir: { code: { system: 'loinc', code: loinc, display: `${minute} minute Apgar Score` } },
    sql: 'smallint',
    label: `apgar${minute}`,
    csv: {
      header: `apgar${minute}`,
      en: `Apgar score at ${minute === 1 ? '1 minute' : `${minute} minutes`}, 0 to 10.`,
      vi: `Điểm Apgar phút thứ ${minute}, từ 0 đến 10.`,
    },
  }) as const;

export const NEWBORN_FIELDS = [
  {
    path: 'id',
    from: 'id',
    column: 'id',
    sql: 'uuid',
    csv: {
      header: 'newborn_id',
      en: 'Id of the baby (UUID). When empty, it is derived from birth_id and birth_order, so re-runs give the same id.',
      vi: 'Mã định danh của trẻ (UUID). Để trống thì được suy ra từ birth_id và birth_order, nên nhập lại vẫn cùng mã.',
    },
  },
  {
    path: 'birthOrder',
    from: 'input',
    schema: int(1, RANGES.babyCount.max, 'births.birthOrderRange'),
    column: 'birth_order',
    sql: 'smallint',
    csv: {
      header: 'birth_order',
      required: true,
      en: 'Order of this baby in the delivery: 1, or 1 and 2 for twins.',
      vi: 'Thứ tự của trẻ trong ca sinh: 1, hoặc 1 và 2 với song thai.',
    },
  },
  {
    path: 'sex',
    from: 'input',
    schema: z.enum(SEXES, { error: 'births.sexRequired' }),
    form: 'requiredChoice',
    column: 'sex',
    sql: 'text',
    label: 'sex',
    values: SEXES,
    csv: {
      header: 'sex',
      required: true,
      en: 'Sex of the baby: female, male or undetermined.',
      vi: 'Giới tính của trẻ: nữ (female), nam (male) hoặc chưa xác định (undetermined).',
    },
  },
  {
    path: 'birthWeightGrams',
    from: 'input',
    schema: opt(int(RANGES.birthWeightGrams.min, RANGES.birthWeightGrams.max, 'births.weightRange')),
    form: 'number',
    column: 'birth_weight_grams',
    fhir: { code: { system: 'loinc', code: '8339-4', display: 'Birth weight Measured' }, unit: 'g' },
    sql: 'integer',
    label: 'weight',
    csv: {
      header: 'birth_weight_grams',
      en: 'Birth weight in grams, 500 to 9,000.',
      vi: 'Cân nặng lúc sinh (gam), từ 500 đến 9.000.',
    },
  },
  {
    path: 'outcome',
    from: 'input',
    schema: z.enum(BIRTH_OUTCOMES, { error: 'births.outcomeRequired' }),
    column: 'outcome',
    sql: 'text',
    label: 'outcome',
    values: BIRTH_OUTCOMES,
    csv: {
      header: 'outcome',
      required: true,
      en: 'Live birth, or fresh or macerated stillbirth.',
      vi: 'Sinh sống, hoặc thai chết lưu tươi hay thai chết lưu đã ngâm mục.',
    },
  },
  apgarField(1, '9272-6'),
  apgarField(5, '9274-2'),
  {
    path: 'dryingStartedSeconds',
    from: 'input',
    schema: seconds(),
    form: 'number',
    column: 'drying_started_seconds',
    fhir: {
      code: { system: 'openeenc', code: 'drying-started', display: 'Drying started after birth' },
      unit: 's',
    },
    sql: 'integer',
    label: 'drying',
    csv: {
      header: 'drying_started_seconds',
      en: 'Seconds after birth when thorough drying started.',
      vi: 'Số giây sau sinh khi bắt đầu lau khô kỹ.',
    },
  },
  {
    path: 'breathingAtBirth',
    from: 'input',
    // Breathing or crying well after drying; `false` = not breathing (resuscitation path).
    schema: opt(z.boolean()),
    form: 'yesNo',
    column: 'breathing_at_birth',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'breathing-at-birth',
        display: 'Breathing or crying well after drying',
      },
    },
    sql: 'boolean',
    label: 'breathing',
    csv: {
      header: 'breathing_at_birth',
      en: 'The baby was breathing or crying well after drying (false = not breathing).',
      vi: 'Trẻ thở hoặc khóc tốt sau khi lau khô (false = không thở).',
    },
  },
  {
    path: 'sscStartedMinutes',
    from: 'input',
    schema: minutes(),
    form: 'number',
    column: 'ssc_started_minutes',
    fhir: {
      code: { system: 'openeenc', code: 'ssc-started', display: 'Skin-to-skin contact started after birth' },
      unit: 'min',
    },
    sql: 'numeric',
    label: 'sscStarted',
    csv: {
      header: 'ssc_started_minutes',
      en: 'Minutes after birth when skin-to-skin contact started.',
      vi: 'Số phút sau sinh khi bắt đầu tiếp xúc da kề da.',
    },
  },
  {
    path: 'sscDurationMinutes',
    from: 'input',
    schema: opt(num(RANGES.sscDurationMinutes.min, RANGES.sscDurationMinutes.max, 'births.minutesRange')),
    form: 'number',
    column: 'ssc_duration_minutes',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'ssc-duration',
        display: 'Duration of uninterrupted skin-to-skin contact',
      },
      unit: 'min',
    },
    sql: 'numeric',
    label: 'sscDuration',
    csv: {
      header: 'ssc_duration_minutes',
      en: 'How long skin-to-skin contact lasted without interruption, in minutes.',
      vi: 'Thời gian tiếp xúc da kề da liên tục, tính bằng phút.',
    },
  },
  {
    path: 'separatedBeforeBreastfeed',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    column: 'separated_before_breastfeed',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'separated-before-bf',
        display: 'Separated from the mother before the first breastfeed',
      },
    },
    sql: 'boolean',
    label: 'separated',
    csv: {
      header: 'separated_before_breastfeed',
      en: 'Mother and baby were separated before the first complete breastfeed.',
      vi: 'Mẹ và con bị tách trước bữa bú hoàn toàn đầu tiên.',
    },
  },
  {
    path: 'cordClampedMinutes',
    from: 'input',
    schema: minutes(),
    form: 'number',
    column: 'cord_clamped_minutes',
    fhir: {
      code: { system: 'openeenc', code: 'cord-clamped', display: 'Cord clamped after birth' },
      unit: 'min',
    },
    sql: 'numeric',
    label: 'cordClamped',
    csv: {
      header: 'cord_clamped_minutes',
      en: 'Minutes after birth when the cord was clamped.',
      vi: 'Số phút sau sinh khi kẹp dây rốn.',
    },
  },
  {
    path: 'breastfeedStartedMinutes',
    from: 'input',
    schema: minutes(),
    form: 'number',
    column: 'breastfeed_started_minutes',
    fhir: {
      code: { system: 'openeenc', code: 'bf-started', display: 'First breastfeed started after birth' },
      unit: 'min',
    },
    sql: 'numeric',
    label: 'bfStarted',
    csv: {
      header: 'breastfeed_started_minutes',
      en: 'Minutes after birth when the first breastfeed started.',
      vi: 'Số phút sau sinh khi bắt đầu bữa bú đầu tiên.',
    },
  },
  {
    path: 'breastfeedCompletedMinutes',
    from: 'input',
    schema: minutes(),
    form: 'number',
    column: 'breastfeed_completed_minutes',
    fhir: {
      code: { system: 'openeenc', code: 'bf-completed', display: 'First breastfeed completed after birth' },
      unit: 'min',
    },
    sql: 'numeric',
    label: 'bfCompleted',
    csv: {
      header: 'breastfeed_completed_minutes',
      en: 'Minutes after birth when the first breastfeed was complete.',
      vi: 'Số phút sau sinh khi bữa bú đầu tiên hoàn tất.',
    },
  },
  {
    path: 'procedures',
    from: 'input',
    schema: z
      .strictObject({
        weighing: ProcedureSchema,
        eyeCare: ProcedureSchema,
        vitaminK: ProcedureSchema,
        hepatitisB: ProcedureSchema,
        bath: ProcedureSchema,
      })
      .default({ weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null }),
    column: 'procedures',
    sql: 'jsonb',
    label: 'section.procedures',
    // Rows may hold only the procedures recorded; the document always names all five.
    fromRow: (v: Partial<Procedures> | null): Procedures => ({ ...NO_PROCEDURES, ...v }),
    csv: procedureCsv,
  },
  {
    path: 'bagMaskStartedSeconds',
    from: 'input',
    schema: seconds(),
    form: 'number',
    column: 'bag_mask_started_seconds',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'bag-mask-started',
        display: 'Bag-and-mask ventilation started after birth',
      },
      unit: 's',
    },
    sql: 'integer',
    label: 'bagMask',
    csv: {
      header: 'bag_mask_started_seconds',
      en: 'Seconds after birth when bag-and-mask ventilation started (empty = not ventilated).',
      vi: 'Số giây sau sinh khi bắt đầu bóp bóng qua mặt nạ (để trống = không bóp bóng).',
    },
  },
  {
    path: 'resuscitationOutcome',
    from: 'input',
    schema: opt(z.enum(RESUSCITATION_OUTCOMES)),
    form: 'choice',
    column: 'resuscitation_outcome',
    fhir: {
      code: { system: 'openeenc', code: 'resuscitation-outcome', display: 'Outcome of resuscitation' },
    },
    sql: 'text',
    label: 'resusOutcome',
    values: RESUSCITATION_OUTCOMES,
    csv: {
      header: 'resuscitation_outcome',
      en: 'How bag-and-mask ventilation ended.',
      vi: 'Kết quả bóp bóng qua mặt nạ.',
    },
  },
  {
    path: 'kmcInitiated',
    from: 'input',
    schema: opt(z.boolean()),
    form: 'yesNo',
    column: 'kmc_initiated',
    fhir: { code: { system: 'openeenc', code: 'kmc-initiated', display: 'Kangaroo mother care initiated' } },
    sql: 'boolean',
    label: 'kmcInitiated',
    csv: {
      header: 'kmc_initiated',
      en: 'Kangaroo mother care was started.',
      vi: 'Đã bắt đầu chăm sóc bà mẹ kangaroo.',
    },
  },
  {
    path: 'discharge.date',
    from: 'input',
    column: 'discharge_date',
    sql: 'date',
    label: 'dischargeDate',
    presence: true,
    csv: {
      header: 'discharge_date',
      en: 'Date the baby left the facility (YYYY-MM-DD); with discharge_status.',
      vi: 'Ngày trẻ ra viện (YYYY-MM-DD); đi cùng discharge_status.',
    },
  },
  {
    path: 'discharge.time',
    from: 'input',
    column: 'discharge_time',
    sql: 'text',
    label: 'dischargeTime',
    csv: {
      header: 'discharge_time',
      en: 'Time the baby left the facility (HH:MM, 24-hour, facility time), with discharge_date. Empty = not recorded: early discharge is then judged by the date only.',
      vi: 'Giờ trẻ ra viện (HH:MM, 24 giờ, giờ tại cơ sở), đi cùng discharge_date. Để trống = không ghi: khi đó ra viện sớm chỉ xét theo ngày.',
    },
  },
  {
    path: 'discharge.status',
    from: 'input',
    column: 'discharge_status',
    sql: 'text',
    label: 'dischargeStatus',
    values: DISCHARGE_STATUSES,
    presence: true,
    csv: {
      header: 'discharge_status',
      en: 'Status at discharge; with discharge_date.',
      vi: 'Tình trạng khi ra viện; đi cùng discharge_date.',
    },
  },
  {
    path: 'discharge.exclusiveBreastfeeding',
    from: 'input',
    column: 'discharge_exclusive_bf',
    fhir: {
      code: { system: 'openeenc', code: 'ebf-at-discharge', display: 'Exclusively breastfed at discharge' },
    },
    sql: 'boolean',
    label: 'exclusiveBf',
    csv: {
      header: 'discharge_exclusive_bf',
      en: 'Fed only breast milk from birth to discharge.',
      vi: 'Chỉ bú sữa mẹ hoàn toàn từ khi sinh đến khi ra viện.',
    },
  },
  {
    path: 'deviationReasons',
    from: 'input',
    schema: DeviationReasonsSchema,
    column: 'deviation_reasons',
    sql: 'jsonb',
    fromRow: (v: Record<string, string> | null) => v ?? {},
    csv: {
      header: 'newborn_deviation_reasons',
      en: 'Optional reasons for practice deviations of this baby, as JSON: {"ssc_short":"reason"}.',
      vi: 'Lý do sai lệch thực hành của trẻ này (không bắt buộc), dạng JSON: {"ssc_short":"lý do"}.',
    },
  },
  // Copied from the birth so that indicators scan one table by facility and date.
  { from: 'birthId', column: 'birth_id', sql: 'uuid' },
  { from: 'facilityId', column: 'facility_id', sql: 'uuid' },
  { from: 'birthDate', column: 'birth_date', sql: 'date' },
  // The delivery's infection risk factors are each baby's (§8.3): its risk markers read them here.
  { from: 'membranesRupturedOver18h', column: 'membranes_ruptured_over_18h', sql: 'boolean', nullable: true },
  { from: 'maternalFeverInLabour', column: 'maternal_fever_in_labour', sql: 'boolean', nullable: true },
  // Derived by the rules on every write, and again when a country's thresholds change.
  { path: 'derived.weightBand', from: 'derived', column: 'weight_band', sql: 'text' },
  { path: 'derived.pretermBand', from: 'derived', column: 'preterm_band', sql: 'text' },
  {
    path: 'derived.kmcEligible',
    from: 'derived',
    column: 'kmc_eligible',
    sql: 'boolean',
    label: 'kmcEligible',
  },
  {
    path: 'derived.practices.immediateDrying',
    from: 'derived',
    column: 'immediate_drying',
    sql: 'boolean',
    fhir: {
      code: { system: 'openeenc', code: 'immediate-drying', display: 'Immediate drying (EENC practice met)' },
    },
  },
  {
    path: 'derived.practices.immediateSsc',
    from: 'derived',
    column: 'immediate_ssc',
    sql: 'boolean',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'immediate-ssc',
        display: 'Immediate skin-to-skin contact (EENC practice met)',
      },
    },
  },
  {
    path: 'derived.practices.sscFullNoSeparation',
    from: 'derived',
    column: 'ssc_full_no_separation',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'ssc-full',
        display: 'Skin-to-skin for the full time without separation (EENC practice met)',
      },
    },
    sql: 'boolean',
  },
  {
    path: 'derived.practices.delayedCordClamping',
    from: 'derived',
    column: 'delayed_cord_clamping',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'delayed-cord-clamping',
        display: 'Delayed cord clamping (EENC practice met)',
      },
    },
    sql: 'boolean',
  },
  {
    path: 'derived.practices.earlyBreastfeeding',
    from: 'derived',
    column: 'early_breastfeeding',
    fhir: {
      code: { system: 'openeenc', code: 'early-bf', display: 'Early breastfeeding (EENC practice met)' },
    },
    sql: 'boolean',
  },
  {
    path: 'derived.practices.bagMaskWithinTarget',
    from: 'derived',
    column: 'bag_mask_within_target',
    fhir: {
      code: {
        system: 'openeenc',
        code: 'bag-mask-in-time',
        display: 'Bag-and-mask within the first minute (EENC practice met)',
      },
    },
    sql: 'boolean',
  },
  { path: 'derived.flags', from: 'derived', column: 'flags', sql: 'text[]' },
] as const satisfies readonly NewbornField[];

/** The entries of the table, one type a row (the read row type and the checks, birth-field-rows.ts). */
export type NewbornFields = (typeof NEWBORN_FIELDS)[number];
