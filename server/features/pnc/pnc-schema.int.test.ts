import { describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import { NewbornInputSchema } from '../../../shared/births/birth.schema';
import { diedInFacility } from '../../../shared/births/birth-rules';
import { DEFAULT_PNC_SETTINGS } from '../../../shared/pnc/pnc-settings';
import { type NewbornMarkerFacts, newbornRiskMarkers } from '../../../shared/pnc/risk-markers';
import { postBirth } from '../../test/api-helpers';
import { C01, H01 } from '../../test/demo-units';
import { useTestApp } from '../../test/test-app';
import { DIED_RESUSCITATING } from './pnc-test-helpers';
import { syncPncSchema } from './pnc-schema';
import { PNC_WORKER_ROLES } from './pnc-worklist';

/**
 * The PNC rules the database applies are generated from their definition in code after migrations
 * (server/features/pnc/pnc-schema.ts): the SQL gives what the TypeScript gives, a restart installs
 * nothing, and a changed marker rule re-derives every follow-up.
 */
describe('PNC rules generated from code', () => {
  const t = useTestApp();

  const base: NewbornMarkerFacts = {
    weight_band: 'normal',
    preterm_band: 'term',
    bag_mask_started_seconds: null,
    breathing_at_birth: true,
    kmc_eligible: false,
    kmc_initiated: null,
    discharge_status: null,
    membranes_ruptured_over_18h: false,
    maternal_fever_in_labour: false,
    kmc_follow_up: false,
    kmc_follow_up_weekly: false,
  };
  const cases: Array<[string, Partial<NewbornMarkerFacts>]> = [
    ['a well term baby', {}],
    ['nothing recorded', Object.fromEntries(Object.keys(base).map((k) => [k, null]))],
    ['low birth weight', { weight_band: 'lbw' }],
    ['very low birth weight', { weight_band: 'vlbw' }],
    ['extremely low birth weight, KMC eligible', { weight_band: 'elbw', kmc_eligible: true }],
    ['weight unknown', { weight_band: 'unknown' }],
    ['moderate or late preterm', { preterm_band: 'moderate_late_preterm' }],
    ['extremely preterm', { preterm_band: 'extremely_preterm' }],
    ['gestational age unknown', { preterm_band: 'unknown' }],
    ['not breathing at birth', { breathing_at_birth: false }],
    ['breathing, ventilated anyway', { bag_mask_started_seconds: 40 }],
    ['breathing not recorded', { breathing_at_birth: null }],
    ['KMC started although not eligible', { kmc_initiated: true }],
    ['KMC eligibility unknown, not started', { kmc_eligible: null, kmc_initiated: false }],
    ['referred at discharge', { discharge_status: 'referred' }],
    ['discharged alive', { discharge_status: 'alive' }],
    ['membranes ruptured more than 18 h before birth', { membranes_ruptured_over_18h: true }],
    ['mother with fever in labour', { maternal_fever_in_labour: true }],
    ['discharged in KMC, not yet graduated', { kmc_follow_up: true }],
    ['in KMC follow-up, under the weekly threshold', { kmc_follow_up: true, kmc_follow_up_weekly: true }],
    ['graduated, weekly flag left over', { kmc_follow_up: false, kmc_follow_up_weekly: true }],
    [
      'infection risk factors not recorded',
      { membranes_ruptured_over_18h: null, maternal_fever_in_labour: null },
    ],
    [
      'every marker',
      {
        weight_band: 'vlbw',
        preterm_band: 'very_preterm',
        breathing_at_birth: false,
        bag_mask_started_seconds: 30,
        kmc_eligible: true,
        kmc_initiated: true,
        discharge_status: 'referred',
        membranes_ruptured_over_18h: true,
        maternal_fever_in_labour: true,
        kmc_follow_up: true,
        kmc_follow_up_weekly: true,
      },
    ],
  ];

  it('gives the markers of newbornRiskMarkers for every case', async () => {
    const facts = cases.map(([, patch]) => ({ ...base, ...patch }));
    // The rule takes a newborn row: each case is one, its other columns null.
    const rows = await t.db.query<{ markers: string[] }>(
      `select pnc_newborn_markers(jsonb_populate_record(null::newborns, c.f)) as markers
         from jsonb_array_elements($1::jsonb) with ordinality as c(f, i)
        order by c.i`,
      [JSON.stringify(facts)],
    );
    const named = (markers: string[][]) => cases.map(([name], i) => [name, markers[i]]);
    expect(named(rows.map((r) => r.markers))).toEqual(named(facts.map(newbornRiskMarkers)));
    expect(newbornRiskMarkers(facts.at(-1)!)).toHaveLength(8);
  });

  it('follows only the babies who did not die in the facility (the rule of diedInFacility)', async () => {
    const midwife = await t.login('midwife.dn');
    const discharge = (status: 'alive' | 'died' | 'referred') => ({
      discharge: { date: '2026-01-21', status, exclusiveBreastfeeding: status === 'alive' ? true : null },
    });
    const babies = [
      buildNewbornRaw({ birthOrder: 1, ...DIED_RESUSCITATING }),
      buildNewbornRaw({ birthOrder: 2, ...DIED_RESUSCITATING, ...discharge('died') }),
      buildNewbornRaw({ birthOrder: 3, ...discharge('died') }),
      buildNewbornRaw({ birthOrder: 4, ...discharge('alive') }),
      buildNewbornRaw({
        birthOrder: 5,
        apgar1: 5,
        breathingAtBirth: false,
        bagMaskStartedSeconds: 40,
        resuscitationOutcome: 'referred',
      }),
    ];
    const created = await postBirth(midwife, {
      facilityId: H01,
      mother: { recordNumber: 'PNC-DIED' },
      delivery: { bornAt: '2026-01-20T08:00:00+07:00', babyCount: babies.length },
      newborns: babies,
    });
    const rows = await t.db.query<{ alive: boolean }>(
      "select alive from pnc_subjects where kind = 'newborn' and birth_id = $1 order by birth_order",
      [created.id],
    );
    const expected = babies.map((b) => !diedInFacility(NewbornInputSchema.parse(b)));
    expect(expected).toEqual([false, false, false, true, true]);
    expect(rows.map((r) => r.alive)).toEqual(expected);
  });

  it('installs the default schedule and the PNC roles from code', async () => {
    const [row] = await t.db.query<{ s: unknown; roles: string[] }>(
      'select pnc_default_settings() as s, pnc_worker_roles() as roles',
    );
    expect(row!.s).toEqual(DEFAULT_PNC_SETTINGS);
    expect(row!.roles).toEqual([...PNC_WORKER_ROLES].sort());
  });

  it('installs nothing on a restart, and re-derives every follow-up when the marker rule changed', async () => {
    expect(await syncPncSchema(t.db)).toEqual([]);
    const midwife = await t.login('midwife.dn');
    const created = await postBirth(midwife, {
      facilityId: H01,
      newborns: [buildNewbornRaw({ birthWeightGrams: 2200 })],
    });
    const [risky] = await t.db.query<{ id: string; risk_markers: string[] }>(
      "select id, risk_markers from pnc_subjects where kind = 'newborn' and birth_id = $1",
      [created.id],
    );
    expect(risky!.risk_markers).toEqual(['low_birth_weight']);
    // As if the database held the function of an older marker rule, and subjects derived with it.
    await t.db.query(
      "update generated_sql_state set fingerprint = 'older rule' where name = 'pnc:pnc_newborn_markers'",
    );
    await t.db.query("update pnc_subjects set risk_markers = '{}' where id = $1", [risky!.id]);
    const lines: string[] = [];
    expect(await syncPncSchema(t.db, (l) => lines.push(l))).toEqual(['pnc_newborn_markers']);
    const [after] = await t.db.query<{ risk_markers: string[] }>(
      'select risk_markers from pnc_subjects where id = $1',
      [risky!.id],
    );
    expect(after!.risk_markers).toEqual(risky!.risk_markers);
    expect(lines.join('\n')).toMatch(/risk markers changed, \d+ births re-derived/);
  });

  it('derives every follow-up again when the rule of the babies followed changed', async () => {
    const midwife = await t.login('midwife.dn');
    const created = await postBirth(midwife, {
      facilityId: H01,
      delivery: { bornAt: '2026-01-20T08:00:00+07:00' },
      newborns: [
        buildNewbornRaw({ discharge: { date: '2026-01-21', status: 'died', exclusiveBreastfeeding: null } }),
      ],
    });
    const alive = async () =>
      (
        await t.db.query<{ alive: boolean }>(
          "select alive from pnc_subjects where kind = 'newborn' and birth_id = $1",
          [created.id],
        )
      ).map((r) => r.alive);
    expect(await alive()).toEqual([false]);
    // As if the subjects had been derived with an older rule.
    await t.db.query(
      "update generated_sql_state set fingerprint = 'older rule' where name = 'pnc:pnc_newborn_alive'",
    );
    await t.db.query("update pnc_subjects set alive = true where kind = 'newborn' and birth_id = $1", [
      created.id,
    ]);
    const lines: string[] = [];
    expect(await syncPncSchema(t.db, (l) => lines.push(l))).toEqual(['pnc_newborn_alive']);
    expect(await alive()).toEqual([false]);
    expect(lines.join('\n')).toMatch(/babies followed changed, \d+ births re-derived/);
  });

  it('hands every commune over again when the roles making postnatal contacts changed', async () => {
    const assigned = () =>
      t.db.query<{ id: string; assigned_unit_id: string }>(
        'select id, assigned_unit_id from pnc_subjects order by id',
      );
    const midwife = await t.login('midwife.dn');
    await postBirth(midwife, { facilityId: H01, mother: { communeId: C01 } });
    const before = await assigned();
    // The commune's PNC worker follows this pair up.
    expect(before.filter((r) => r.assigned_unit_id === C01).length).toBeGreaterThan(0);
    // As if a handover had been computed with other roles: the pair sits at its facility.
    await t.db.query('update pnc_subjects set assigned_unit_id = facility_id');
    await t.db.query(
      "update generated_sql_state set fingerprint = 'older roles' where name = 'pnc:pnc_worker_roles'",
    );
    const lines: string[] = [];
    expect(await syncPncSchema(t.db, (l) => lines.push(l))).toEqual(['pnc_worker_roles']);
    expect(await assigned()).toEqual(before);
    expect(lines.join('\n')).toMatch(/handovers recomputed/);
  });
});
