import type { Principal } from '../../../shared/auth/principal';
import { buildBirth, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { DEFAULT_PNC_SETTINGS } from '../../../shared/pnc/pnc-settings';
import { VisitInputSchema, type VisitInputRaw } from '../../../shared/pnc/pnc.schema';
import { loadConfig } from '../../config';
import type { Db } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';
import { orgUnitIdOf, userIdOf } from '../../seed/demo';
import { insertBirthRows } from '../births/births.repo';
import { prepareBirth } from '../births/births.service';
import { recordVisit } from './pnc-visits.service';

const H = 3_600_000;

/**
 * Demo follow-ups (first start of `npm start`): births at the provincial hospital over the last three
 * weeks, written through insertBirthRows (the bulk path), mothers living in Hải Châu I (covered by
 * pnc.hc1), in Thạch Thang (no PNC worker: kept by the hospital) or with no commune; some small or
 * resuscitated babies; contacts already made, one with a danger sign and an open referral. Viet Nam
 * writes reminders in Vietnamese by default.
 */
const DEMO_STREETS = ['Nguyễn Văn Linh', 'Lê Duẩn', 'Hùng Vương', 'Âu Cơ', 'Tôn Đức Thắng'];

export async function seedPncDemo(db: Db, now: Date): Promise<void> {
  const facility = { id: orgUnitIdOf('VN-DN-H01'), timezone: 'Asia/Ho_Chi_Minh' };
  const c01 = orgUnitIdOf('VN-DN-HC-C01');
  const c02 = orgUnitIdOf('VN-DN-HC-C02');
  const demo = [
    { hoursAgo: 6, commune: c01, name: 'Trần Thị Hoa', weight: 3200 },
    { hoursAgo: 50, commune: c01, name: 'Lê Thị Mai', weight: 2300 },
    { hoursAgo: 54, commune: c01, name: 'Phạm Thị Lan', weight: 3400, resuscitated: true },
    { hoursAgo: 70, commune: c02, name: 'Võ Thị Hằng', weight: 3000 },
    { hoursAgo: 100, commune: null, name: 'Đỗ Thị Thu', weight: 2900 },
    { hoursAgo: 130, commune: c01, name: 'Hoàng Thị Yến', weight: 1800 },
    { hoursAgo: 170, commune: c01, name: 'Bùi Thị Ngọc', weight: 3300 },
    { hoursAgo: 220, commune: c01, name: 'Ngô Thị Hương', weight: 3100 },
    { hoursAgo: 300, commune: c02, name: 'Dương Thị Liên', weight: 3500 },
    { hoursAgo: 460, commune: c01, name: 'Đặng Thị Thảo', weight: 2600 },
  ];
  const births: unknown[][] = [];
  const newborns: unknown[][] = [];
  const ids: { id: string; newbornId: string; hoursAgo: number }[] = [];
  demo.forEach((d, i) => {
    const id = uuidV5(`demo:pnc-birth:${i}`);
    const newbornId = uuidV5(`demo:pnc-newborn:${i}`);
    const input = buildBirth({
      facilityId: facility.id,
      mother: {
        recordNumber: `PNC-${String(i + 1).padStart(3, '0')}`,
        communeId: d.commune,
        name: d.name,
        phone: `0905 ${String(100 + i).padStart(3, '0')} ${String(200 + i * 7).padStart(3, '0')}`,
        // Invented house numbers on real street names of the demo's communes, for the home visits.
        address: `${12 + i * 9} ${DEMO_STREETS[i % DEMO_STREETS.length]}`,
      },
      delivery: { bornAt: new Date(now.getTime() - d.hoursAgo * H).toISOString() },
      newborns: [
        buildNewbornRaw({
          id: newbornId,
          birthWeightGrams: d.weight,
          ...(d.resuscitated
            ? {
                breathingAtBirth: false,
                bagMaskStartedSeconds: 50,
                resuscitationOutcome: 'breathing',
                cordClampedMinutes: 0.5,
              }
            : {}),
        }),
      ],
    });
    const { prepared } = prepareBirth(input, {
      id,
      facility,
      settings: DEFAULT_EENC_SETTINGS,
      now,
      actorId: userIdOf('midwife.dn'),
    });
    if (!prepared) return; // a birth too recent for its EENC steps (never with these ages)
    births.push(prepared.birthRow);
    newborns.push(...prepared.newbornRows);
    ids.push({ id, newbornId, hoursAgo: d.hoursAgo });
  });
  await db.transaction((tx) => insertBirthRows(tx, births, newborns));

  await db.query(
    `insert into country_settings (country_id, pnc, pnc_version) values ($1, $2::jsonb, 1)
     on conflict (country_id) do update set pnc = excluded.pnc, pnc_version = country_settings.pnc_version + 1`,
    [orgUnitIdOf('VN'), JSON.stringify({ ...DEFAULT_PNC_SETTINGS, defaultLanguage: 'vi' })],
  );
  await db.query(
    `insert into pnc_worker_profiles (user_id, phone) values ($1, '0236 3 821 001') on conflict (user_id) do nothing`,
    [userIdOf('pnc.hc1')],
  );

  const principalOf = async (username: string): Promise<Principal> => {
    const scopes = await db.query<Principal['scopes'][number]>(
      `select o.id, o.code, o.name, o.kind, o.path from user_scopes us join org_units o on o.id = us.org_unit_id
        where us.user_id = $1`,
      [userIdOf(username)],
    );
    return {
      userId: userIdOf(username),
      username,
      displayName: username,
      role: 'clinician',
      locale: 'vi',
      scopes,
    };
  };
  const midwife = await principalOf('midwife.dn');
  const worker = { ...(await principalOf('pnc.hc1')), role: 'pnc_worker' as const };
  const deps = { db, clock: { now: () => now }, config: loadConfig({}) };
  const visit = async (who: Principal, raw: VisitInputRaw) =>
    recordVisit(deps, who, VisitInputSchema.parse(raw));
  const at = (b: (typeof ids)[number], hoursAfterBirth: number) =>
    new Date(now.getTime() - (b.hoursAgo - hoursAfterBirth) * H).toISOString();
  const baby = (
    b: (typeof ids)[number],
    extra: Partial<NonNullable<VisitInputRaw['newborns']>[number]> = {},
  ) => ({
    newbornId: b.newbornId,
    weightGrams: 3000,
    temperatureC: 36.8,
    breathingRate: 44,
    exclusiveBreastfeedingYesterday: true,
    cord: 'clean_dry' as const,
    jaundice: 'none' as const,
    dangerSigns: ['none' as const],
    ...extra,
  });
  const mother = {
    systolic: 115,
    diastolic: 75,
    temperatureC: 36.9,
    pulseBpm: 80,
    bleeding: 'normal' as const,
    dangerSigns: ['none' as const],
  };
  // The first-day contact in the hospital for most pairs.
  for (const b of ids.filter((x) => x.hoursAgo >= 20 && x.hoursAgo !== 100))
    await visit(midwife, {
      id: uuidV5(`demo:pnc-visit-c1:${b.id}`),
      birthId: b.id,
      contactCode: 'c1',
      visitedAt: at(b, 12),
      place: 'facility',
      seenBy: 'NHS. Phạm Thị Mai',
      mother,
      newborns: [baby(b)],
    });
  // Contact 2 at home: one baby with fast breathing, referred; the case stays open.
  const sick = ids.find((b) => b.hoursAgo === 130)!;
  await visit(worker, {
    id: uuidV5('demo:pnc-visit-c2-sick'),
    birthId: sick.id,
    contactCode: 'c2',
    visitedAt: at(sick, 60),
    place: 'home',
    seenBy: 'YS. Đặng Thị Hương',
    mother,
    newborns: [baby(sick, { breathingRate: 66, temperatureC: 37.8, referred: true })],
  });
  const well = ids.find((b) => b.hoursAgo === 220)!;
  await visit(worker, {
    id: uuidV5('demo:pnc-visit-c2-well'),
    birthId: well.id,
    contactCode: 'c2',
    visitedAt: at(well, 56),
    place: 'home',
    seenBy: 'YS. Đặng Thị Hương',
    mother,
    newborns: [baby(well)],
  });
}
