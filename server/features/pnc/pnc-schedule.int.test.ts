import { beforeAll, describe, expect, it } from 'vitest';
import { buildBirth, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { newId } from '../../../shared/ids';
import { scheduleFor } from '../../../shared/pnc/pnc-schedule';
import { DEFAULT_PNC_SETTINGS, type RiskMarker } from '../../../shared/pnc/pnc-settings';
import { toIso } from '../../lib/rows';
import { orgUnitIdOf } from '../../seed/demo';
import { useTestApp } from '../../test/test-app';
import { insertMany } from '../../db/bulk-insert';
import { insertBirthRows } from '../births/births.repo';
import { BIRTH_COLUMNS, NEWBORN_COLUMNS } from '../births/births.rows';
import { prepareBirth } from '../births/births.service';

/**
 * The schedule exists for every birth whatever wrote it (the births API, the bulk import through
 * insertBirthRows, plain SQL), follows edits, and the database computes the same instants as the
 * pure functions of shared/pnc/pnc-schedule.ts, in every time zone.
 */
describe('PNC schedule in the database', () => {
  const t = useTestApp();
  const zones = [
    'Asia/Ho_Chi_Minh',
    'Pacific/Port_Moresby',
    'Asia/Kathmandu',
    'Pacific/Honolulu',
    'Asia/Manila',
  ];
  const facility = new Map<string, string>();

  beforeAll(async () => {
    const [vn] = await t.db.query<{ path: string }>('select path from org_units where id = $1', [
      orgUnitIdOf('VN'),
    ]);
    for (const [i, tz] of zones.entries()) {
      const id = newId();
      facility.set(tz, id);
      await t.db.query(
        `insert into org_units (id, code, name, kind, level, parent_id, path, timezone, provides_births)
         values ($1, $2, $3, 'facility', 3, $4, $5, $6, true)`,
        [id, `TZ-${i}`, `Facility ${tz}`, orgUnitIdOf('VN'), `${vn!.path}${id}/`, tz],
      );
    }
  });

  /** Prepares births the way the bulk import does and writes them with insertBirthRows in one batch. */
  async function importBirths(list: { tz: string; bornAt: string; weight?: number }[]) {
    const births: unknown[][] = [];
    const newborns: unknown[][] = [];
    const ids: string[] = [];
    for (const b of list) {
      const id = newId();
      const input = buildBirth({
        facilityId: facility.get(b.tz)!,
        delivery: { bornAt: b.bornAt },
        newborns: [buildNewbornRaw({ birthWeightGrams: b.weight ?? 3100 })],
      });
      const { prepared, issues } = prepareBirth(input, {
        id,
        facility: { id: facility.get(b.tz)!, timezone: b.tz },
        settings: DEFAULT_EENC_SETTINGS,
        now: new Date('2027-06-01T00:00:00Z'),
        actorId: null,
      });
      expect(issues).toEqual([]);
      births.push(prepared!.birthRow);
      newborns.push(...prepared!.newbornRows);
      ids.push(id);
    }
    await t.db.transaction((tx) => insertBirthRows(tx, births, newborns));
    return ids;
  }

  type FactRow = {
    birth_id: string;
    subject: 'mother' | 'newborn';
    contact_code: string;
    born_at: Date;
    birth_date: string;
    due_from: Date;
    due_until: Date;
    overdue_at: Date;
    expires_at: Date;
  };
  const factsOf = (ids: string[]) =>
    t.db.query<FactRow & { timezone: string; risk_markers: RiskMarker[] }>(
      `select f.*, o.timezone, s.risk_markers from pnc_contact_facts f join org_units o on o.id = f.facility_id
         join pnc_subjects s on s.id = f.subject_id where f.birth_id = any($1::uuid[])`,
      [ids],
    );

  it('computes the same due, on-time, overdue and expiry instants as the pure functions, in every zone', async () => {
    const cases = zones.flatMap((tz) => [
      { tz, bornAt: '2026-01-31T23:30:00+07:00' },
      { tz, bornAt: '2026-02-28T00:10:00Z' },
      { tz, bornAt: '2026-12-31T12:00:00Z', weight: 2200 },
    ]);
    const ids = await importBirths(cases);
    const rows = await factsOf(ids);
    // mother 4 + baby 4 each, and the small babies' 2 extra visits
    expect(rows).toHaveLength(cases.length * 8 + zones.length * 2);
    for (const r of rows) {
      const birth = { bornAt: r.born_at, birthDate: r.birth_date, timeZone: r.timezone };
      const s = scheduleFor(DEFAULT_PNC_SETTINGS, { kind: r.subject, markers: r.risk_markers }, birth).find(
        (x) => x.def.code === r.contact_code,
      );
      expect(s, `${r.contact_code} for ${r.subject} in ${r.timezone}`).toBeDefined();
      expect([toIso(r.due_from), toIso(r.due_until), toIso(r.overdue_at), toIso(r.expires_at)]).toEqual([
        s!.times.dueFrom.toISOString(),
        s!.times.dueUntil.toISOString(),
        s!.times.overdueAt.toISOString(),
        s!.times.expiresAt.toISOString(),
      ]);
    }
  });

  it('creates subjects for births written by plain bulk SQL (the synthetic generator), a statement per batch', async () => {
    const fac = facility.get('Asia/Ho_Chi_Minh')!;
    await t.db.query(
      `insert into births (id, facility_id, born_at, birth_date, mode, baby_count, mother_record_number)
       select gen_random_uuid(), $1, timestamptz '2026-05-01 10:00+07' + i * interval '1 hour',
              (timestamptz '2026-05-01 10:00+07' + i * interval '1 hour') at time zone 'Asia/Ho_Chi_Minh',
              'spontaneous_vaginal', 1, 'GEN-' || i
         from generate_series(1, 1000) as i`,
      [fac],
    );
    await t.db.query(
      `insert into newborns (id, birth_id, birth_order, facility_id, birth_date, sex, outcome, weight_band, preterm_band)
       select gen_random_uuid(), b.id, 1, b.facility_id, b.birth_date, 'female',
              case when b.mother_record_number like '%7' then 'fresh_stillbirth' else 'live_birth' end, 'normal', 'term'
         from births b where b.mother_record_number like 'GEN-%'`,
    );
    const [counts] = await t.db.query<{ mothers: number; babies: number; live: number }>(
      `select count(*) filter (where s.kind = 'mother')::int as mothers, count(*) filter (where s.kind = 'newborn')::int as babies,
              count(*) filter (where s.kind = 'newborn' and s.live_born)::int as live
         from pnc_subjects s join births b on b.id = s.birth_id where b.mother_record_number like 'GEN-%'`,
    );
    expect(counts).toEqual({ mothers: 1000, babies: 1000, live: 900 });
  });

  it('derives the same subjects for a batch whether insertBirthRows writes it or the row triggers do', async () => {
    const fac = facility.get('Asia/Manila')!;
    const commune = orgUnitIdOf('VN-DN-HC-C01');
    const docs = [
      buildBirth({
        facilityId: fac,
        delivery: { bornAt: '2026-07-01T08:00:00+08:00', babyCount: 2 },
        mother: { communeId: commune },
        newborns: [
          buildNewbornRaw({ birthOrder: 1, birthWeightGrams: 1800 }),
          buildNewbornRaw({ birthOrder: 2, birthWeightGrams: 2900 }),
        ],
      }),
      buildBirth({
        facilityId: fac,
        delivery: { bornAt: '2026-07-02T23:30:00+08:00' },
        newborns: [{ birthOrder: 1, sex: 'male', birthWeightGrams: 2600, outcome: 'fresh_stillbirth' }],
      }),
      buildBirth({ facilityId: fac, delivery: { bornAt: '2026-07-03T04:00:00+08:00' } }),
    ];
    const write = async (deferred: boolean) => {
      const births: unknown[][] = [];
      const newborns: unknown[][] = [];
      for (const doc of docs) {
        const { prepared, issues } = prepareBirth(
          { ...doc, newborns: doc.newborns.map((n) => ({ ...n, id: newId() })) },
          {
            id: newId(),
            facility: { id: fac, timezone: 'Asia/Manila' },
            settings: DEFAULT_EENC_SETTINGS,
            now: new Date('2026-07-04T00:00:00Z'),
            actorId: null,
          },
        );
        expect(issues).toEqual([]);
        births.push(prepared!.birthRow);
        newborns.push(...prepared!.newbornRows);
      }
      await t.db.transaction(async (tx) => {
        if (deferred) await insertBirthRows(tx, births, newborns);
        else {
          await insertMany(tx, 'births', BIRTH_COLUMNS, births);
          await insertMany(tx, 'newborns', NEWBORN_COLUMNS, newborns);
        }
      });
      const rows = await t.db.query<Record<string, unknown>>(
        `select s.kind, s.birth_order, s.commune_id, s.assigned_unit_id, s.country_id, s.born_at, s.birth_date, s.day0,
                s.live_born, s.alive, s.counted, s.risk_markers, s.pair_risk, s.priority
           from pnc_subjects s where s.birth_id = any($1::uuid[]) order by s.born_at, s.kind, s.birth_order`,
        [births.map((b) => b[0])],
      );
      return rows;
    };
    const viaTriggers = await write(false);
    const viaBatch = await write(true);
    expect(viaTriggers).toHaveLength(7);
    expect(viaBatch).toEqual(viaTriggers);
    // The twins' mother carries the pair risk of the small baby; the stillborn baby has no contacts.
    expect(viaBatch.map((r) => `${r.kind}:${r.pair_risk}:${r.live_born}`)).toEqual([
      'mother:2:true',
      'newborn:2:true',
      'newborn:2:true',
      'mother:0:true',
      'newborn:0:false',
      'mother:0:true',
      'newborn:0:true',
    ]);
    // The setting does not outlive the batch: a later plain insert in the same transaction uses the triggers.
    const [setting] = await t.db.query<{ v: string | null }>(
      "select current_setting('openeenc.pnc_subjects', true) as v",
    );
    expect(setting!.v ?? '').toBe('');
  });

  it('follows edits made by any path: birth time, death, removed baby, deleted birth, facility time zone', async () => {
    const [id] = await importBirths([
      { tz: 'Asia/Ho_Chi_Minh', bornAt: '2026-06-10T08:00:00+07:00', weight: 1900 },
    ]);
    const subjects = () =>
      t.db.query<{ kind: string; born_at: Date; day0: Date; alive: boolean; risk_markers: string[] }>(
        `select kind, born_at, day0, alive, risk_markers from pnc_subjects
          where id = any(array(select $1::uuid union all select id from newborns where birth_id = $1)) order by kind`,
        [id],
      );
    expect((await subjects()).map((s) => `${s.kind}:${s.risk_markers.join('+')}`)).toEqual([
      'mother:',
      'newborn:low_birth_weight+kmc',
    ]);
    await t.db.query(
      "update births set born_at = '2026-06-11T01:00:00+07:00', birth_date = '2026-06-11' where id = $1",
      [id],
    );
    expect((await subjects()).map((s) => toIso(s.day0))).toEqual([
      '2026-06-10T17:00:00.000Z',
      '2026-06-10T17:00:00.000Z',
    ]);
    await t.db.query(
      "update newborns set discharge_status = 'died', discharge_date = '2026-06-12' where birth_id = $1",
      [id],
    );
    expect((await subjects()).map((s) => s.alive)).toEqual([true, false]);
    await t.db.query("update org_units set timezone = 'Asia/Tokyo' where id = $1", [
      facility.get('Asia/Ho_Chi_Minh'),
    ]);
    expect(toIso((await subjects())[0]!.day0)).toBe('2026-06-10T15:00:00.000Z');
    await t.db.query("update org_units set timezone = 'Asia/Ho_Chi_Minh' where id = $1", [
      facility.get('Asia/Ho_Chi_Minh'),
    ]);
    await t.db.query('delete from newborns where birth_id = $1', [id]);
    expect((await subjects()).map((s) => s.kind)).toEqual(['mother']);
    await t.db.query('delete from births where id = $1', [id]);
    const [n] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from pnc_subjects where birth_id = $1',
      [id],
    );
    expect(n!.n).toBe(0);
  });
});
