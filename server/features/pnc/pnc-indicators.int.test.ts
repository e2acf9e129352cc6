import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNewbornRaw, NO_CARE_AFTER_BIRTH } from '../../../shared/births/birth-builders';
import type { Birth } from '../../../shared/births/birth.schema';
import { birthToInput } from '../../../shared/births/birth-to-input';
import {
  allCoreContactsCompleted,
  anyPnc,
  dangerSignsReferred,
  exclusiveBreastfeedingAtPnc,
  type PncFact,
  pncOnTime,
} from '../../../shared/pnc/pnc-indicators';
import type { VisitInputRaw } from '../../../shared/pnc/pnc.schema';
import { postBirth } from '../../test/api-helpers';
import { HC_H } from '../../test/demo-units';
import { useLogin, useTestApp } from '../../test/test-app';
import { toIso } from '../../lib/rows';
import {
  PNC_ALL_CORE_SQL,
  PNC_ANY_SQL,
  PNC_DANGER_REFERRED_SQL,
  PNC_EXCLUSIVE_BF_SQL,
  PNC_INDICATOR_SQL,
  PNC_ON_TIME_SQL,
} from './pnc-indicators.sql';
import { C01, DIED_RESUSCITATING, H01, recordBirth, wellVisit } from './pnc-test-helpers';

type Recorded = Awaited<ReturnType<typeof recordBirth>>;

describe('PNC indicators: SQL over pnc_contact_facts agrees with the pure functions', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  let path: string;
  const asOf = '2026-03-10T08:00:00.000Z';
  const period = ['2026-01-01', '2026-01-31'] as const;

  const visit = async (
    b: Recorded,
    code: string,
    at: string,
    change: (v: VisitInputRaw) => void = () => {},
  ) => {
    const v = wellVisit(b, code, at);
    change(v);
    const res = await midwife.post('/api/pnc/visits', v);
    expect(res.statusCode, res.body).toBe(201);
  };
  const facts = async (): Promise<PncFact[]> => {
    const rows = await t.db.query<{
      subject_id: string;
      subject: 'mother' | 'newborn';
      contact_code: string;
      contact_number: number | null;
      core: boolean;
      due_from: Date;
      due_until: Date;
      expires_at: Date;
      cancelled: boolean;
      died_in_facility: boolean;
      done_at: Date | null;
      danger_signs_found: boolean | null;
      referred: boolean | null;
      exclusive_bf_yesterday: boolean | null;
    }>(
      `select * from pnc_contact_facts f
        where f.birth_date between $1::date and $2::date and f.facility_id in (select id from org_units where path like $3 || '%')`,
      [period[0], period[1], path],
    );
    return rows.map((r) => ({
      subjectId: r.subject_id,
      subject: r.subject,
      contactCode: r.contact_code,
      contactNumber: r.contact_number,
      core: r.core,
      dueFrom: toIso(r.due_from),
      dueUntil: toIso(r.due_until),
      expiresAt: toIso(r.expires_at),
      cancelled: r.cancelled,
      diedInFacility: r.died_in_facility,
      doneAt: r.done_at ? toIso(r.done_at) : null,
      dangerSignsFound: r.danger_signs_found === true,
      referred: r.referred,
      exclusiveBfYesterday: r.exclusive_bf_yesterday,
    }));
  };
  const sql = async (text: string, ...extra: unknown[]) => {
    const [row] = await t.db.query<{ numerator: number; denominator: number }>(text, [
      period[0],
      period[1],
      path,
      ...extra,
    ]);
    return row;
  };

  beforeAll(async () => {
    const [unit] = await t.db.query<{ path: string }>('select path from org_units where id = $1', [H01]);
    path = unit!.path;
    // A: all four contacts on time, only breast milk at the last one.
    const a = await recordBirth(midwife, { bornAt: '2026-01-05T08:00:00+07:00', communeId: C01 });
    await visit(a, 'c1', '2026-01-05T20:00:00+07:00', (v) => (v.place = 'facility'));
    await visit(a, 'c2', '2026-01-07T12:00:00+07:00');
    await visit(a, 'c3', '2026-01-13T09:00:00+07:00');
    await visit(a, 'c4', '2026-02-16T09:00:00+07:00');
    // B: the baby seen late for contact 1 (30 h), danger signs at contact 2 and referred.
    const b = await recordBirth(midwife, { bornAt: '2026-01-06T08:00:00+07:00', communeId: C01 });
    await visit(b, 'c1', '2026-01-06T20:00:00+07:00', (v) => (v.newborns = []));
    await visit(b, 'c1', '2026-01-07T14:00:00+07:00', (v) => (v.mother = null));
    await visit(b, 'c2', '2026-01-08T15:00:00+07:00', (v) => {
      v.newborns![0] = { ...v.newborns![0]!, temperatureC: 38.2, referred: true };
    });
    // C: twins; baby 1 with a danger sign, not referred; baby 2 fed other milk; the mother never seen.
    const c = await recordBirth(midwife, {
      bornAt: '2026-01-07T08:00:00+07:00',
      newborns: [buildNewbornRaw({ birthOrder: 1 }), buildNewbornRaw({ birthOrder: 2, sex: 'male' })],
    });
    await visit(c, 'c2', '2026-01-09T15:00:00+07:00', (v) => {
      v.mother = null;
      v.newborns = [
        { ...v.newborns![0]!, newbornId: c.newborns[0]!.id, dangerSigns: ['convulsions'], referred: false },
        { ...v.newborns![0]!, newbornId: c.newborns[1]!.id, exclusiveBreastfeedingYesterday: false },
      ];
    });
    // D: a stillbirth (a delivery, no live birth). E: a baby who died before discharge.
    await recordBirth(midwife, {
      bornAt: '2026-01-08T08:00:00+07:00',
      newborns: [
        buildNewbornRaw({
          outcome: 'fresh_stillbirth',
          ...NO_CARE_AFTER_BIRTH,
          breathingAtBirth: null,
          dryingStartedSeconds: null,
          cordClampedMinutes: null,
          procedures: {
            weighing: { done: true, minutes: 30 },
            eyeCare: null,
            vitaminK: null,
            hepatitisB: null,
            bath: null,
          },
        }),
      ],
    });
    await recordBirth(midwife, {
      bornAt: '2026-01-09T08:00:00+07:00',
      newborns: [
        buildNewbornRaw({ discharge: { date: '2026-01-10', status: 'died', exclusiveBreastfeeding: null } }),
      ],
    });
    // F: a baby who died during resuscitation, with no discharge entered: in no newborn cohort.
    await recordBirth(midwife, {
      bornAt: '2026-01-10T08:00:00+07:00',
      newborns: [buildNewbornRaw(DIED_RESUSCITATING)],
    });
    // G: a baby seen at 6 h with a danger sign and referred, who then died in the facility: the
    // contact still counts per contact (danger signs referred), the baby in no newborn cohort.
    const g = await recordBirth(midwife, { bornAt: '2026-01-11T08:00:00+07:00' });
    await visit(g, 'c1', '2026-01-11T14:00:00+07:00', (v) => {
      v.mother = null;
      v.place = 'facility';
      v.newborns![0] = { ...v.newborns![0]!, dangerSigns: ['convulsions'], referred: true };
    });
    const stored = (await midwife.get(`/api/births/${g.id}`)).json<Birth>();
    const input = birthToInput(stored);
    input.newborns[0]!.discharge = {
      date: '2026-01-12',
      time: null,
      status: 'died',
      exclusiveBreastfeeding: null,
    };
    const died = await midwife.put(`/api/births/${g.id}`, { ...input, version: stored.version });
    expect(died.statusCode, died.body).toBe(200);
    // Outside the org unit (another facility) and outside the period: not counted.
    const nurse = await t.login('nurse.hc');
    await postBirth(nurse, { facilityId: HC_H, delivery: { bornAt: '2026-01-05T08:00:00+07:00' } });
    await recordBirth(midwife, { bornAt: '2026-02-01T08:00:00+07:00' });
  });

  it.each([
    [
      'PNC on time, newborns',
      () => sql(PNC_ON_TIME_SQL, 'newborn'),
      (f: PncFact[]) => pncOnTime(f, 'newborn'),
      { numerator: 1, denominator: 4 },
    ],
    [
      'PNC on time, mothers',
      () => sql(PNC_ON_TIME_SQL, 'mother'),
      (f: PncFact[]) => pncOnTime(f, 'mother'),
      { numerator: 2, denominator: 7 },
    ],
    [
      'any PNC, newborns',
      () => sql(PNC_ANY_SQL, 'newborn'),
      (f: PncFact[]) => anyPnc(f, 'newborn'),
      { numerator: 4, denominator: 4 },
    ],
    [
      'any PNC, mothers',
      () => sql(PNC_ANY_SQL, 'mother'),
      (f: PncFact[]) => anyPnc(f, 'mother'),
      { numerator: 2, denominator: 7 },
    ],
    [
      'all four contacts, newborns',
      () => sql(PNC_ALL_CORE_SQL, 'newborn', asOf),
      (f: PncFact[]) => allCoreContactsCompleted(f, 'newborn', asOf),
      { numerator: 1, denominator: 4 },
    ],
    [
      'all four contacts, mothers',
      () => sql(PNC_ALL_CORE_SQL, 'mother', asOf),
      (f: PncFact[]) => allCoreContactsCompleted(f, 'mother', asOf),
      { numerator: 1, denominator: 7 },
    ],
    [
      'only breast milk at PNC',
      () => sql(PNC_EXCLUSIVE_BF_SQL),
      exclusiveBreastfeedingAtPnc,
      { numerator: 3, denominator: 4 },
    ],
    [
      'danger signs found and referred',
      () => sql(PNC_DANGER_REFERRED_SQL, null),
      (f: PncFact[]) => dangerSignsReferred(f),
      { numerator: 2, denominator: 3 },
    ],
    [
      'danger signs found and referred, mothers',
      () => sql(PNC_DANGER_REFERRED_SQL, 'mother'),
      (f: PncFact[]) => dangerSignsReferred(f, 'mother'),
      { numerator: 0, denominator: 0 },
    ],
  ])('%s', async (_name, viaSql, pure, expected) => {
    expect(await viaSql()).toEqual(expected);
    expect(pure(await facts())).toEqual(expected);
  });

  it('gives the same numbers through the indicator library (API and dashboard)', async () => {
    const res = await midwife.get(
      `/api/indicators/values?orgUnit=${H01}&from=${period[0]}&to=${period[1]}&indicators=${[
        'pnc_on_time_newborn',
        'pnc_on_time_mother',
        'any_pnc_newborn',
        'any_pnc_mother',
        'all_pnc_newborn',
        'all_pnc_mother',
        'pnc_exclusive_bf',
        'pnc_danger_referred',
      ].join(',')}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const got = Object.fromEntries(
      (res.json().indicators as Array<{ id: string; numerator: number; denominator: number }>).map((v) => [
        v.id,
        { numerator: v.numerator, denominator: v.denominator },
      ]),
    );
    const now = t.clock.now().toISOString();
    expect(got).toEqual({
      pnc_on_time_newborn: await sql(PNC_ON_TIME_SQL, 'newborn'),
      pnc_on_time_mother: await sql(PNC_ON_TIME_SQL, 'mother'),
      any_pnc_newborn: await sql(PNC_ANY_SQL, 'newborn'),
      any_pnc_mother: await sql(PNC_ANY_SQL, 'mother'),
      all_pnc_newborn: await sql(PNC_ALL_CORE_SQL, 'newborn', now),
      all_pnc_mother: await sql(PNC_ALL_CORE_SQL, 'mother', now),
      pnc_exclusive_bf: await sql(PNC_EXCLUSIVE_BF_SQL),
      pnc_danger_referred: await sql(PNC_DANGER_REFERRED_SQL, null),
    });
    // Not all zero: the fixture exercises every indicator.
    expect(got.pnc_on_time_newborn).toEqual({ numerator: 1, denominator: 4 });
    expect(got.pnc_danger_referred).toEqual({ numerator: 2, denominator: 3 });
  });

  it('is the SQL that docs/pnc.md documents, word for word', async () => {
    const doc = await readFile(new URL('../../../docs/pnc.md', import.meta.url), 'utf8');
    for (const [name, text] of Object.entries(PNC_INDICATOR_SQL)) expect(doc, name).toContain(text);
  });
});
