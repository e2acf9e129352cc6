import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BirthInputRaw, NewbornInputRaw } from '../../../shared/births/birth.schema';
import { type BirthCsvSource, birthToCsvCells, formatZonedIso } from '../../../shared/births/birth-csv';
import { BIRTH_CSV_HEADER } from '../../../shared/births/birth-csv-columns';
import { toCsvRecords } from '../../../shared/csv/csv-writer';
import { DEMO_COUNTRIES, type DemoUnit } from '../../seed/demo-org-units';
import { createRng } from '../../lib/rng';

/**
 * Deterministic synthetic births as import CSV, for the import benchmark and the large-file tests: the
 * same seed gives the same bytes. Every birth passes the hard rules; the mix is realistic (twins about
 * 1.5 %, stillbirths about 0.9 %, resuscitations about 4.5 %, late or missed EENC steps that become
 * practice flags, discharges with exclusive breastfeeding), so that indicator code sees plausible data.
 */

export type GeneratorFacility = { code: string; timezone: string; communes: readonly string[] };

export type BirthGeneratorOptions = {
  births: number;
  seed?: number;
  facilities: readonly GeneratorFacility[];
  /** Births are spread over the year before this instant; every step and discharge falls before it. */
  until: Date;
  /** Characters of deviation-reason text added to each newborn: big files with few rows. */
  padding?: number;
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim'];
const GIVEN = [
  'Lan',
  'Hương',
  'Mai',
  'Hoa',
  'Thảo',
  'Linh',
  'Trang',
  'Hạnh',
  'Yến',
  'Nhung',
  'Phương',
  'Vân',
];
const REASON =
  'Mẹ mệt sau sinh, nữ hộ sinh ghi nhận và đã giải thích lại lợi ích của tiếp xúc da kề da cho gia đình. ';

const DAY = 86_400_000;

export function demoGeneratorFacilities(): GeneratorFacility[] {
  const out: GeneratorFacility[] = [];
  for (const country of DEMO_COUNTRIES) {
    const units: DemoUnit[] = [];
    const walk = (u: DemoUnit) => {
      units.push(u);
      u.children?.forEach(walk);
    };
    walk(country);
    const communes = units.filter((u) => u.kind === 'commune').map((u) => u.code);
    for (const u of units)
      if (u.providesBirths) out.push({ code: u.code, timezone: country.timezone ?? 'UTC', communes });
  }
  return out;
}

/**
 * Input types, where fields with a default may be left out: a field added to the tables later is blank in
 * the generated data until it is given a distribution here.
 */
type Newborn = NewbornInputRaw & { id: string };

/** The generated births one by one, as documents ready for `birthToCsvCells`. */
export function* generateBirths(opts: BirthGeneratorOptions): Generator<BirthCsvSource> {
  const r = createRng(opts.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const chance = (p: number) => r() < p;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const hex8 = () => (Math.floor(r() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
  const uuid = () => {
    const h = hex8() + hex8() + hex8() + hex8();
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const normal = (mean: number, sd: number) => {
    const u = Math.max(r(), 1e-9);
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  };
  const padding = opts.padding ?? 0;
  const reasons = (): Record<string, string> => {
    const out: Record<string, string> = {};
    let left = padding;
    for (let k = 0; left > 0; k++) {
      const n = Math.min(left, 480);
      const key = `note_${String.fromCharCode(97 + (k % 26)).repeat(1 + Math.floor(k / 26))}`;
      out[key] = REASON.repeat(Math.ceil(n / REASON.length))
        .slice(0, n)
        .trim();
      left -= n;
    }
    return out;
  };

  const end = opts.until.getTime() - 6 * DAY;
  const start = end - 365 * DAY;
  const step = (end - start) / Math.max(opts.births, 1);
  const sequence = new Map<string, number>();

  for (let i = 0; i < opts.births; i++) {
    const facility = opts.facilities[i % opts.facilities.length]!;
    const bornMs = Math.floor(start + i * step + r() * step);
    const bornAt = new Date(Math.floor(bornMs / 60_000) * 60_000);
    const localBirthDate = formatZonedIso(bornAt, facility.timezone).slice(0, 10);
    const year = Number(localBirthDate.slice(0, 4));
    const seq = (sequence.get(facility.code) ?? 0) + 1;
    sequence.set(facility.code, seq);

    const mode = chance(0.7) ? 'spontaneous_vaginal' : chance(1 / 6) ? 'assisted_vaginal' : 'caesarean';
    const gaRoll = r();
    const ga = chance(0.03) ? null : gaRoll < 0.015 ? int(28, 31) : gaRoll < 0.09 ? int(32, 36) : int(37, 41);
    const babyCount = chance(0.015) ? 2 : 1;
    const uterotonicGiven = chance(0.97) ? true : chance(0.67) ? false : null;
    const delivery: BirthInputRaw['delivery'] = {
      bornAt: bornAt.toISOString(),
      mode,
      gestationalAgeWeeks: ga,
      babyCount,
      secondBabyChecked: chance(0.95) ? true : chance(0.6) ? false : null,
      uterotonicGiven,
      uterotonicMinutes: uterotonicGiven && chance(0.98) ? (chance(0.9) ? pick([0.5, 1]) : int(2, 5)) : null,
      deviationReasons: {},
    };
    const age = int(17, 42);
    const mother: BirthInputRaw['mother'] = {
      recordNumber: `${facility.code}-${year}-${String(seq).padStart(6, '0')}`,
      age,
      birthYear: chance(0.6) ? year - age : null,
      communeId: null,
      ethnicMinority: chance(0.15),
      parity: int(0, 4),
      name: chance(0.9) ? `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}` : null,
      phone: chance(0.7) ? `09${int(0, 9)}${int(0, 9)} ${int(100, 999)} ${int(100, 999)}` : null,
    };
    const communeCode = facility.communes.length && chance(0.8) ? pick(facility.communes) : null;

    const newborns: Newborn[] = [];
    for (let order = 1; order <= babyCount; order++) {
      const outcomeRoll = r();
      const outcome =
        outcomeRoll < 0.006
          ? 'fresh_stillbirth'
          : outcomeRoll < 0.009
            ? 'macerated_stillbirth'
            : 'live_birth';
      const meanWeight = ga === null || ga >= 37 ? 3150 : ga >= 32 ? 2350 : 1500;
      const weight = chance(0.02)
        ? null
        : Math.round(Math.min(5200, Math.max(600, normal(meanWeight - (babyCount > 1 ? 350 : 0), 420))));
      const base: Newborn = {
        id: '', // empty newborn_id: the importer derives it from birth_id and birth_order
        birthOrder: order,
        sex: chance(0.515) ? 'male' : 'female',
        birthWeightGrams: weight,
        outcome,
        apgar1: null,
        apgar5: null,
        dryingStartedSeconds: null,
        breathingAtBirth: null,
        sscStartedMinutes: null,
        sscDurationMinutes: null,
        separatedBeforeBreastfeed: null,
        cordClampedMinutes: null,
        breastfeedStartedMinutes: null,
        breastfeedCompletedMinutes: null,
        procedures: { weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null },
        bagMaskStartedSeconds: null,
        resuscitationOutcome: null,
        kmcInitiated: null,
        deviationReasons: padding ? reasons() : {},
        discharge: null,
      };
      if (outcome !== 'live_birth') {
        newborns.push({
          ...base,
          apgar1: 0,
          apgar5: 0,
          breathingAtBirth: outcome === 'fresh_stillbirth' ? false : null,
          cordClampedMinutes: chance(0.5) ? 1 : null,
          procedures: { ...base.procedures, weighing: { done: true, minutes: int(10, 60) } },
        });
        continue;
      }
      const breathing = chance(0.955);
      const resuscitation = breathing
        ? null
        : chance(0.88)
          ? 'breathing'
          : chance(0.75)
            ? 'referred'
            : 'died';
      const died = resuscitation === 'died';
      const caesarean = mode === 'caesarean';
      const bfStart =
        died || resuscitation === 'referred' ? null : chance(0.95) ? int(15, chance(0.8) ? 60 : 180) : null;
      const bfDone = bfStart === null ? null : bfStart + int(15, 45);
      const after = (bfDone ?? 90) + int(5, 60);
      const early = chance(0.1);
      const procedure = (p: number, minutes: number) => (chance(p) ? { done: true, minutes } : null);
      const dischargeDays = caesarean ? int(2, 4) : int(1, 3);
      const nb: Newborn = {
        ...base,
        apgar1: breathing ? int(7, 9) : int(2, 6),
        apgar5: breathing
          ? int(8, 10)
          : died
            ? int(0, 2)
            : resuscitation === 'referred'
              ? int(3, 6)
              : int(6, 9),
        dryingStartedSeconds: chance(0.02) ? null : chance(0.9) ? int(0, 5) : int(6, 30),
        breathingAtBirth: breathing,
        sscStartedMinutes:
          died || resuscitation === 'referred'
            ? null
            : breathing
              ? caesarean
                ? int(chance(0.5) ? 2 : 6, 30)
                : chance(0.85)
                  ? pick([0, 0.5, 1])
                  : int(2, 15)
              : int(10, 30),
        sscDurationMinutes: died ? null : chance(0.05) ? null : chance(0.78) ? int(90, 150) : int(30, 89),
        separatedBeforeBreastfeed: died ? null : chance(0.08),
        cordClampedMinutes: breathing ? (chance(0.9) ? round1(1 + r() * 2) : 0.5) : 0.5,
        breastfeedStartedMinutes: bfStart,
        breastfeedCompletedMinutes: bfDone,
        procedures: {
          weighing: { done: true, minutes: early ? int(5, 12) : after },
          eyeCare: died ? null : procedure(0.95, early ? int(5, 12) : after),
          vitaminK: died ? null : procedure(0.97, after + 5),
          hepatitisB: died ? null : procedure(0.9, after + 10),
          bath:
            died || !chance(0.3)
              ? null
              : { done: true, minutes: chance(0.9) ? int(1440, 1800) : int(360, 1200) },
        },
        bagMaskStartedSeconds: breathing ? null : chance(0.8) ? int(20, 60) : int(61, 120),
        resuscitationOutcome: resuscitation,
        kmcInitiated: died ? null : weight !== null && weight < 2000 ? chance(0.7) : null,
        discharge: died
          ? { date: localBirthDate, status: 'died', exclusiveBreastfeeding: null }
          : chance(0.85)
            ? {
                date: formatZonedIso(
                  new Date(bornAt.getTime() + dischargeDays * DAY),
                  facility.timezone,
                ).slice(0, 10),
                status: resuscitation === 'referred' ? 'referred' : chance(0.997) ? 'alive' : 'referred',
                exclusiveBreastfeeding: chance(0.8) ? true : chance(0.75) ? false : null,
              }
            : null,
      };
      newborns.push(nb);
    }
    yield {
      id: uuid(),
      facilityCode: facility.code,
      communeCode,
      timeZone: facility.timezone,
      input: { mother, delivery, newborns },
    };
  }
}

/** The CSV text, header first, in chunks of about a hundred births. */
export function* generateBirthCsv(opts: BirthGeneratorOptions): Generator<string> {
  yield `${BIRTH_CSV_HEADER}\r\n`;
  // Written as the export writes (cells formatted and guarded by the field table), so generated files
  // are the files users export and import again.
  let chunk: string[][] = [];
  let n = 0;
  for (const birth of generateBirths(opts)) {
    chunk.push(...birthToCsvCells(birth));
    if (++n % 100 === 0) {
      yield toCsvRecords(chunk, { guardText: false });
      chunk = [];
    }
  }
  if (chunk.length) yield toCsvRecords(chunk, { guardText: false });
}

/** Writes a generated CSV file (never buffering it whole); answers its size in bytes. */
export async function writeBirthCsvFile(path: string, opts: BirthGeneratorOptions): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const chunk of generateBirthCsv(opts)) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
