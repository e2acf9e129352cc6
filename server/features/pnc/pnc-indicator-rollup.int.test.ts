import { beforeAll, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { Birth } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import { loadIndicators } from '../../../shared/indicators/definitions';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import type { VisitInputRaw } from '../../../shared/pnc/pnc.schema';
import { ROOT_REGION_ID } from '../../seed/bootstrap';
import { orgUnitIdOf } from '../../seed/demo';
import { idSeries } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { type Cell, countCells, type EngineUnit } from '../indicators/indicator-engine';
import { rebuildRollups } from '../indicators/indicator-schema';
import {
  PNC_ALL_CORE_SQL,
  PNC_ANY_SQL,
  PNC_DANGER_REFERRED_SQL,
  PNC_EXCLUSIVE_BF_SQL,
  PNC_ON_TIME_SQL,
} from './pnc-indicators.sql';
import { C01, DN, H01, recordBirth, wellVisit } from './pnc-test-helpers';
import { buildKmcStart } from '../../../shared/kmc/kmc-builders';

/**
 * The postnatal-care rollups (docs/indicators.md, "Postnatal care"): the rollup counts every follow-up
 * as over once it will be, and the engine corrects each cell with the subjects still open at the
 * instant asked. Compared with the SQL of docs/pnc.md over the view pnc_contact_facts at instants on
 * both sides of the windows' end, after each kind of change the triggers follow: a contact recorded
 * late, a death, a KMC discharge. Clock: 2026-03-10T08:00Z (15:00 in Đà Nẵng, UTC+7); the default
 * schedule's core windows expire 49 days after the day of birth (local midnight).
 */
const { registry } = loadIndicators();
const INDICATORS: Array<[string, string, (string | null)[]]> = [
  ['pnc_on_time_newborn', PNC_ON_TIME_SQL, ['newborn']],
  ['pnc_on_time_mother', PNC_ON_TIME_SQL, ['mother']],
  ['any_pnc_newborn', PNC_ANY_SQL, ['newborn']],
  ['any_pnc_mother', PNC_ANY_SQL, ['mother']],
  ['all_pnc_newborn', PNC_ALL_CORE_SQL, ['newborn']],
  ['all_pnc_mother', PNC_ALL_CORE_SQL, ['mother']],
  ['pnc_exclusive_bf', PNC_EXCLUSIVE_BF_SQL, []],
  ['pnc_danger_referred', PNC_DANGER_REFERRED_SQL, [null]],
];
const measures = registry.measures.filter((m) => m.source === 'pnc_subject' || m.source === 'pnc_contact');
const newId = idSeries('a210');
/** The end of the core windows of a subject born on `date` (local): 49 days after its local midnight. */
const windowsEnd = (date: string) => new Date(new Date(`${date}T00:00:00+07:00`).getTime() + 49 * 86_400_000);

describe('postnatal-care rollups: the next query is right at any instant', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  let units: Record<string, EngineUnit>;
  let lateBirth: Awaited<ReturnType<typeof recordBirth>>;

  const visit = async (
    b: { id: string; newborns: { id: string }[] },
    code: string,
    at: string,
    as = midwife,
  ) => {
    const v: VisitInputRaw = wellVisit(b, code, at);
    const res = await as.post('/api/pnc/visits', v);
    expect(res.statusCode, res.body).toBe(201);
  };
  const cells = (): Cell[] => [
    { unit: units.H01!, from: '2026-01-01', to: '2026-01-31' },
    { unit: units.H01!, from: '2026-01-19', to: '2026-01-22' },
    { unit: units.DN!, from: '2026-01-15', to: '2026-03-09' },
    { unit: units.VN!, from: '2026-01-01', to: '2026-03-31' },
    // The region's current month and quarter: periods that end after the clock.
    { unit: units.WPR!, from: '2026-03-01', to: '2026-03-31' },
    { unit: units.WPR!, from: '2026-01-01', to: '2026-03-31' },
    // Ranges that cut months at a country and the region: their edge days from the day rollup, the clock
    // corrected over the whole range (issue 21).
    { unit: units.VN!, from: '2026-01-15', to: '2026-03-09' },
    { unit: units.WPR!, from: '2026-01-19', to: '2026-03-20' },
  ];
  /** Every PNC indicator of every cell at `asOf`: the engine against the SQL of docs/pnc.md. */
  const expectAgreement = async (asOf: Date) => {
    const got = await countCells(t.db, cells(), measures, asOf, { withKeys: true });
    for (const [i, cell] of cells().entries()) {
      for (const [id, text, extra] of INDICATORS) {
        const [want] = await t.db.query<{ numerator: number; denominator: number }>(text, [
          cell.from,
          cell.to,
          cell.unit.path,
          ...extra,
          ...(text === PNC_ALL_CORE_SQL ? [asOf.toISOString()] : []),
        ]);
        const parts = registry.parts[id]!;
        const label = `${id} ${cell.unit.kind} ${cell.from}..${cell.to} at ${asOf.toISOString()}`;
        expect(
          { numerator: got[i]![parts.numerator], denominator: got[i]![parts.denominator!] },
          label,
        ).toEqual(want);
      }
    }
    return got;
  };
  /** The rollup rows as the triggers kept them equal those of a rebuild from the records. */
  const expectRollupsExact = async () => {
    const read = (q: { query: typeof t.db.query }) =>
      Promise.all(
        [
          ['ind_pnc_subject_rollup', 'month'],
          ['ind_pnc_contact_rollup', 'month'],
          ['ind_pnc_subject_day', 'day'],
        ].map(([table, grain]) =>
          q.query(
            `select org_unit_id, ${grain}::text, to_jsonb(r) - 'org_unit_id' - '${grain}' as v from ${table} r
              where exists (select 1 from jsonb_each(to_jsonb(r) - 'org_unit_id' - '${grain}') x where x.value <> '0')
              order by 1, 2`,
          ),
        ),
      );
    // The clock table: each follow-up's differences and the instant its windows end.
    const clockRows = (q: { query: typeof t.db.query }) =>
      q.query(`select facility_id, day::text, id, ends_at, to_jsonb(k) - 'day' - 'ends_at' as v
                 from ind_pnc_subject_clock k order by 1, 2, 3`);
    const kept = [...(await read(t.db)), await clockRows(t.db)];
    let rebuilt: unknown[] = [];
    await t.db.transaction(async (tx) => {
      await rebuildRollups(tx);
      rebuilt = [...(await read(tx)), await clockRows(tx)];
    });
    expect(kept).toEqual(rebuilt);
    expect(kept[0]!.length).toBeGreaterThan(0);
    expect(kept[3]!.length).toBeGreaterThan(0);
    // The follow-ups' day rows, for the country among others (what a cut range there reads).
    expect((kept[2] as Array<{ org_unit_id: string }>).some((r) => r.org_unit_id === units.VN!.id)).toBe(
      true,
    );
  };

  beforeAll(async () => {
    const rows = await t.db.query<EngineUnit>(
      'select id, path, kind from org_units where id = any($1::uuid[])',
      [[H01, DN, orgUnitIdOf('VN'), ROOT_REGION_ID]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    units = {
      H01: byId.get(H01)!,
      DN: byId.get(DN)!,
      VN: byId.get(orgUnitIdOf('VN'))!,
      WPR: byId.get(ROOT_REGION_ID)!,
    };
    // Windows closed yesterday (local midnight 10 March, before the clock): every core contact made.
    const closed = await recordBirth(midwife, { bornAt: '2026-01-20T08:00:00+07:00', communeId: C01 });
    await visit(closed, 'c1', '2026-01-20T20:00:00+07:00');
    await visit(closed, 'c2', '2026-01-22T12:00:00+07:00');
    await visit(closed, 'c3', '2026-01-28T09:00:00+07:00');
    await visit(closed, 'c4', '2026-03-05T09:00:00+07:00');
    // Windows close tonight (local midnight 11 March, after the clock): three contacts so far.
    lateBirth = await recordBirth(midwife, { bornAt: '2026-01-21T08:00:00+07:00', communeId: C01 });
    await visit(lateBirth, 'c1', '2026-01-21T20:00:00+07:00');
    await visit(lateBirth, 'c2', '2026-01-23T12:00:00+07:00');
    await visit(lateBirth, 'c3', '2026-01-29T09:00:00+07:00');
    // Long over, and still open (born a week ago).
    await recordBirth(midwife, { bornAt: '2026-01-05T08:00:00+07:00', communeId: C01 });
    await recordBirth(midwife, { bornAt: '2026-03-03T08:00:00+07:00', communeId: C01 });
  });

  it('agrees with docs/pnc.md on both sides of a window end, the clock included', async () => {
    const closedEnd = windowsEnd('2026-01-20');
    const openEnd = windowsEnd('2026-01-21');
    for (const asOf of [
      new Date(closedEnd.getTime() - 1),
      closedEnd,
      t.clock.now(),
      new Date(openEnd.getTime() - 1),
      openEnd,
      new Date('2026-06-01T00:00:00Z'),
    ])
      await expectAgreement(asOf);
    // The follow-up closing tonight is not over at the clock and is a minute after midnight.
    const [now] = await countCells(t.db, [cells()[1]!], measures, t.clock.now());
    const [later] = await countCells(t.db, [cells()[1]!], measures, new Date(openEnd.getTime() + 60_000));
    const den = registry.parts.all_pnc_mother!.denominator!;
    expect(later![den]! - now![den]!).toBe(1);
    await expectRollupsExact();
  });

  it('follows a contact recorded late, a death and a KMC discharge at the next query', async () => {
    const den = registry.parts.all_pnc_mother!.denominator!;
    const num = registry.parts.all_pnc_mother!.numerator;
    const after = new Date(windowsEnd('2026-01-21').getTime() + 1);
    const [before] = await countCells(t.db, [cells()[1]!], measures, after);
    // The fourth contact, made in its window, entered after the windows closed.
    t.clock.set(new Date('2026-03-12T08:00:00Z'));
    const clerk = await t.login('midwife.dn');
    await visit(lateBirth, 'c4', '2026-03-10T09:00:00+07:00', clerk);
    const [recorded] = await countCells(t.db, [cells()[1]!], measures, after);
    expect(recorded![num]! - before![num]!).toBe(1);
    expect(recorded![den]).toBe(before![den]);
    await expectAgreement(after);
    await expectAgreement(t.clock.now());

    // A baby who died in the facility leaves every newborn cohort.
    const died = await recordBirth(clerk, { bornAt: '2026-01-19T08:00:00+07:00' });
    await visit(died, 'c1', '2026-01-19T20:00:00+07:00', clerk);
    const newbornDen = registry.parts.any_pnc_newborn!.denominator!;
    const [alive] = await countCells(t.db, [cells()[1]!], measures, t.clock.now());
    const stored = (await clerk.get(`/api/births/${died.id}`)).json<Birth>();
    const input = birthToInput(stored);
    input.newborns[0]!.discharge = {
      date: '2026-01-20',
      time: null,
      status: 'died',
      exclusiveBreastfeeding: null,
    };
    const res = await clerk.put(`/api/births/${died.id}`, { ...input, version: stored.version });
    expect(res.statusCode, res.body).toBe(200);
    const [dead] = await countCells(t.db, [cells()[1]!], measures, t.clock.now());
    expect(alive![newbornDen]! - dead![newbornDen]!).toBe(1);
    await expectAgreement(t.clock.now());

    // A small baby discharged in KMC: its markers and discharge day change its subject's row.
    const small = await recordBirth(clerk, {
      bornAt: '2026-01-22T10:00:00+07:00',
      communeId: C01,
      gestationalAgeWeeks: 33,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1800 })],
    });
    const started = await clerk.post('/api/kmc/episodes', {
      id: newId(),
      newbornId: small.newborns[0]!.id,
      ...buildKmcStart('2026-01-22T10:30:00+07:00'),
    });
    expect(started.statusCode, started.body).toBe(201);
    const e = started.json<KmcEpisode>();
    const discharged = await clerk.post(`/api/kmc/episodes/${e.episodeId}/discharge`, {
      version: e.episode!.version,
      dischargedOn: '2026-03-05',
      outcome: 'discharged_in_kmc',
      weightGrams: 1850,
      checks: { feedsWell: true, weightGain3Days: true, temperatureStable: true, caregiverReady: true },
    });
    expect(discharged.statusCode, discharged.body).toBe(200);
    const [kmc] = await t.db.query<{ kmc_day0: Date | null }>(
      'select kmc_day0 from pnc_subjects where id = $1',
      [small.newborns[0]!.id],
    );
    expect(kmc!.kmc_day0).not.toBeNull();
    await expectAgreement(t.clock.now());
    await expectAgreement(new Date('2026-06-01T00:00:00Z'));
    await expectRollupsExact();
  });

  it('moves the stored end of a follow-up with an edit of its birth, over or open again', async () => {
    const clerk = await t.login('midwife.dn');
    const endsAt = async (id: string) =>
      (
        await t.db.query<{ ends_at: Date }>('select ends_at from ind_pnc_subject_clock where id = $1', [id])
      )[0]?.ends_at;
    // Born 10 January: its windows ended on 28 February, before the clock (12 March).
    const b = await recordBirth(clerk, { bornAt: '2026-01-10T08:00:00+07:00', communeId: C01 });
    const baby = b.newborns[0]!.id;
    expect(await endsAt(baby)).toEqual(windowsEnd('2026-01-10'));
    const den = registry.parts.all_pnc_newborn!.denominator!;
    const [over] = await countCells(t.db, cells(), measures, t.clock.now());
    await expectAgreement(t.clock.now());
    // The birth time corrected to 25 January: its windows end on 15 March, after the clock.
    const stored = (await clerk.get(`/api/births/${b.id}`)).json<Birth>();
    const input = birthToInput(stored);
    input.delivery.bornAt = '2026-01-25T08:00:00+07:00';
    const res = await clerk.put(`/api/births/${b.id}`, { ...input, version: stored.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(await endsAt(baby)).toEqual(windowsEnd('2026-01-25'));
    const [open] = await countCells(t.db, cells(), measures, t.clock.now());
    // Open again: out of the denominator of January at the facility (cell 0), in none of the region's.
    expect(over![den]! - open![den]!).toBe(1);
    await expectAgreement(t.clock.now());
    await expectAgreement(windowsEnd('2026-01-25'));
    await expectRollupsExact();
  });
});
