import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_DOMAIN_SCORES,
  COACHING_CHECKLIST_INDICATORS,
  MEAN_CHANGE,
} from '../../../shared/coaching/checklist-indicators';
import type { ChecklistAnswer } from '../../../shared/coaching/checklist-scoring';
import { findChecklist } from '../../../shared/coaching/checklists';
import type { CoachingSettings, Course, HealthWorker } from '../../../shared/coaching/coaching.schema';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { expectError } from '../../test/api-helpers';
import { useLogins, useTestApp } from '../../test/test-app';
import { DN, H01, VN } from '../../test/demo-units';
import { loadPerturbationTable } from '../indicators/perturbation-table';

const def = findChecklist('eenc_breathing', 1)!;
const codes = def.domains.flatMap((d) => d.items.map((i) => i.code));
const IDS = COACHING_CHECKLIST_INDICATORS.map((d) => d.id).join(',');

/** The first `n` items answered `a` (the rest not applicable), then `more`. */
const answered = (parts: Array<[number, ChecklistAnswer]>): Record<string, ChecklistAnswer> => {
  const out: Record<string, ChecklistAnswer> = {};
  let i = 0;
  for (const [n, a] of parts) for (const c of codes.slice(i, (i += n))) out[c] = a;
  return out;
};

type Stored = {
  id: string;
  course_id: string;
  worker_id: string;
  checklist_id: string;
  checklist_version: number;
  /** The shipped checklist it counts as. */
  base: string;
  moment: string;
  observed_on: string;
  created_at: string;
  percent: string | null;
  domains: Record<string, { total: number; max: number }>;
};

/**
 * The checklist indicators from the stored checklists, as docs/coaching.md states them (points per
 * domain of each checklist; checklists at the passing score; a participant's last before and
 * after checklists of a course, dated by the after one), to compare with the API.
 */
function expected(rows: Stored[], from: string, to: string, passing: number) {
  const inPeriod = rows.filter((r) => r.observed_on >= from && r.observed_on <= to);
  const out: Record<string, [number, number]> = {};
  const add = (id: string, num: number, den: number) => {
    const [n, d] = out[id] ?? [0, 0];
    out[id] = [n + num, d + den];
  };
  for (const r of inPeriod) {
    add('checklists_passing', r.percent !== null && Number(r.percent) >= passing ? 1 : 0, 1);
    // Per domain of the checklist it counts as (a country's copy: the shipped one).
    const scores = CHECKLIST_DOMAIN_SCORES.find((c) => c.checklist.id === r.base)!.domains;
    for (const [code, s] of Object.entries(r.domains))
      add(scores.find((d) => d.domain.code === code)!.indicator, s.total, s.max);
  }
  const last = (course: string, worker: string, moment: string, among = rows) =>
    among
      .filter((r) => r.course_id === course && r.worker_id === worker && r.moment === moment)
      .sort((a, b) =>
        (a.observed_on + a.created_at + a.id).localeCompare(b.observed_on + b.created_at + b.id),
      )
      .at(-1);
  const pairs = new Set(rows.filter((r) => r.moment === 'after').map((r) => `${r.course_id}|${r.worker_id}`));
  for (const key of pairs) {
    const [course, worker] = key.split('|') as [string, string];
    const after = last(course, worker, 'after')!;
    const before = last(course, worker, 'before');
    if (!before || after.observed_on < from || after.observed_on > to) continue;
    for (const [moment, r] of [
      ['before', before],
      ['after', after],
    ] as const) {
      const points = Object.values(r.domains);
      add(
        `checklist_paired_${moment}`,
        points.reduce((n, s) => n + s.total, 0),
        points.reduce((n, s) => n + s.max, 0),
      );
    }
  }
  // The mean change, per participant, course and checklist version: the last before and last after
  // checklist on that version, both with a percentage, counted when the after one is in the period.
  const versions = new Set(
    rows
      .filter((r) => r.moment === 'after')
      .map((r) => [r.course_id, r.worker_id, r.checklist_id, r.checklist_version].join('|')),
  );
  for (const key of versions) {
    const [course, worker, checklist, version] = key.split('|') as [string, string, string, string];
    const on = rows.filter((r) => r.checklist_id === checklist && String(r.checklist_version) === version);
    const after = last(course, worker, 'after', on)!;
    const before = last(course, worker, 'before', on);
    if (!before || before.percent === null || after.percent === null) continue;
    if (after.observed_on < from || after.observed_on > to) continue;
    add(MEAN_CHANGE, Math.round((Number(after.percent) - Number(before.percent)) * 10), 1000);
  }
  return COACHING_CHECKLIST_INDICATORS.map((d) => ({ id: d.id, parts: out[d.id] ?? [0, 0] }));
}

describe('coaching: skills-checklist indicators against the records', () => {
  const t = useTestApp();
  const [lead, coach, province, national] = useLogins(t, 'lead.dn', 'coach.dn', 'province.dn', 'national.vn');
  const [partner] = useLogins(t, 'partner.who');
  let course: Course;
  const w: HealthWorker[] = [];
  let seq = 0;

  const record = (
    worker: number,
    moment: string,
    observedOn: string,
    answers: Record<string, ChecklistAnswer>,
    checklistId = 'eenc_breathing',
  ) =>
    coach
      .post(`/api/coaching/courses/${course.id}/participants/${w[worker]!.id}/checklists`, {
        id: `00000000-0000-4000-b400-${String(++seq).padStart(12, '0')}`,
        checklistId,
        checklistVersion: 1,
        moment,
        method: 'mannequin',
        observedOn,
        answers,
      })
      .then((res) => expect(res.statusCode, res.body).toBe(200));

  async function compare(unit: string, from: string, to: string, passing: number) {
    const res = await province.get(
      `/api/indicators/values?orgUnit=${unit}&from=${from}&to=${to}&indicators=${IDS}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const got = (res.json() as ValuesResponse).indicators.map((v) => ({
      id: v.id,
      parts: [v.numerator, v.denominator],
    }));
    const rows = await t.db.query<Stored>(
      `select id, course_id, worker_id, checklist_id, checklist_version, moment, observed_on::text, created_at::text,
              percent, domains,
              coalesce((select v.based_on_id from coaching_checklist_versions v
                         where v.checklist_id = k.checklist_id and v.version = k.checklist_version), k.checklist_id) as base
         from coaching_checklists k order by observed_on, created_at, id`,
    );
    const want = expected(rows, from, to, passing);
    expect(got).toEqual(want);
    return Object.fromEntries(got.map((g) => [g.id, g.parts]));
  }

  it('records before and after checklists for three participants', async () => {
    for (const name of ['Pair A', 'Before B', 'After C']) {
      const res = await lead.post('/api/coaching/workers', {
        facilityId: H01,
        name: `Indicator ${name}`,
        cadre: 'midwife',
        ward: 'delivery_room',
        activeFrom: '2020-01-01',
      });
      expect(res.statusCode, res.body).toBe(201);
      w.push(res.json() as HealthWorker);
    }
    const c = await coach.post('/api/coaching/courses', {
      venueId: H01,
      module: 'eenc_routine',
      startsOn: '2026-03-04',
      endsOn: '2026-03-06',
      days: 3,
    });
    course = c.json() as Course;
    const added = await coach.post(`/api/coaching/courses/${course.id}/participants`, {
      workerIds: w.map((x) => x.id),
    });
    expect(added.statusCode, added.body).toBe(200);
    // A: an early before (all no), a later before (all partial: the pair's), then after (all yes but one no).
    await record(0, 'before', '2026-03-04', answered([[24, 'no']]));
    await record(0, 'before', '2026-03-05', answered([[24, 'partial']]));
    await record(
      0,
      'after',
      '2026-03-06',
      answered([
        [1, 'no'],
        [23, 'yes'],
      ]),
    );
    // B: before only, 12 items applicable: 7 yes and 5 partial = 19 of 24 = 79.2 %.
    await record(
      1,
      'before',
      '2026-03-05',
      answered([
        [7, 'yes'],
        [5, 'partial'],
      ]),
    );
  });

  it('counts per domain, at the passing score and by pair, on a country copy too', async () => {
    // C records on the country's copy of the checklist (it counts as the breathing-baby checklist):
    // 10 items applicable, 8 yes and 2 no = 16 of 20 = exactly 80 %.
    const copy = await national.post('/api/coaching/checklists', {
      id: '00000000-0000-4000-b401-000000000001',
      basedOnId: 'eenc_breathing',
      countryId: VN,
    });
    expect(copy.statusCode, copy.body).toBe(200);
    await record(
      2,
      'after',
      '2026-03-06',
      answered([
        [8, 'yes'],
        [2, 'no'],
      ]),
      '00000000-0000-4000-b401-000000000001',
    );
    await record(2, 'before', '2026-03-05', answered([[10, 'no']]), '00000000-0000-4000-b401-000000000001');
    const all = await compare(H01, '2026-03-01', '2026-03-31', 80);
    // Named values: 6 checklists, passing: A's after (47 of 48 = 97.9) and C's after (80.0, at the boundary).
    expect(all.checklists_passing).toEqual([2, 6]);
    // Pairs A (before 24 of 48, after 46 of 48) and C (before 0 of 20, after 16 of 20).
    expect(all.checklist_paired_before).toEqual([24, 68]);
    expect(all.checklist_paired_after).toEqual([62, 68]);
    // Mean change: A 50.0 → 95.8 (+45.8), C 0.0 → 80.0 (+80.0): (45.8 + 80.0) / 2 = +62.9 points.
    expect(all[MEAN_CHANGE]).toEqual([1258, 2000]);
    // The province counts the same; one day counts only that day's checklists, and the pairs whose after is in it.
    await compare(DN, '2026-03-01', '2026-03-31', 80);
    const day = await compare(H01, '2026-03-06', '2026-03-06', 80);
    expect(day.checklists_passing).toEqual([2, 2]);
    expect(day.checklist_paired_before).toEqual([24, 68]);
    const before = await compare(H01, '2026-03-05', '2026-03-05', 80);
    expect(before.checklist_paired_after).toEqual([0, 0]);
  });

  it("follows the country's passing score and corrections at the next query", async () => {
    const current = (await national.get(`/api/coaching/settings/${VN}`)).json() as CoachingSettings;
    const put = await national.put(`/api/coaching/settings/${VN}`, {
      version: current.version,
      coverageYears: current.coverageYears,
      passingPercent: 79,
      lowBandPercent: current.lowBandPercent,
    });
    expect(put.statusCode, put.body).toBe(200);
    // B's 79.2 % now passes.
    expect((await compare(H01, '2026-03-01', '2026-03-31', 79)).checklists_passing).toEqual([3, 6]);
    // C's after corrected to all no: below passing, and the pair's after score falls.
    const view = (await coach.get(`/api/coaching/courses/${course.id}`)).json() as Course;
    const rec = view.participantList
      .find((p) => p.worker.id === w[2]!.id)!
      .checklists.find((c) => c.moment === 'after')!;
    const fixed = await coach.put(
      `/api/coaching/courses/${course.id}/participants/${w[2]!.id}/checklists/${rec.id}`,
      {
        version: rec.version,
        moment: 'after',
        method: 'mannequin',
        observedOn: rec.observedOn,
        answers: answered([[10, 'no']]),
      },
    );
    expect(fixed.statusCode, fixed.body).toBe(200);
    const after = await compare(H01, '2026-03-01', '2026-03-31', 79);
    expect([after.checklists_passing, after.checklist_paired_after]).toEqual([
      [2, 6],
      [46, 68],
    ]);
    // C's change is now 0.0: the mean is (45.8 + 0) / 2.
    expect(after[MEAN_CHANGE]).toEqual([458, 2000]);
  });

  it('takes the mean change per checklist version, negative changes included, perturbed for partners', async () => {
    const partnerReads = async () => {
      const res = await partner.get(
        `/api/indicators/values?orgUnit=${H01}&period=202603&indicators=${MEAN_CHANGE}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as ValuesResponse).indicators[0]!;
    };
    // A partner reads March (whole months only): A +45.8 and C 0.0, both parts perturbed by the
    // cell-key method, at most the installation table's largest move off, and marked, as every count
    // of people; the value is the mean of the published parts.
    const { maxMove } = await loadPerturbationTable(t.db);
    const before = await partnerReads();
    expect(before.perturbed).toEqual(['numerator', 'denominator']);
    expect(Math.abs(before.numerator! - 458)).toBeLessThanOrEqual(maxMove);
    expect(Math.abs(before.denominator! - 2000)).toBeLessThanOrEqual(maxMove);
    expect(Math.abs(before.value! - (100 * before.numerator!) / before.denominator!)).toBeLessThan(0.06);
    const copy = '00000000-0000-4000-b401-000000000001';
    // C: a later before on the copy, all yes (100.0 %), then an after, 2 yes and 8 no (20.0 %): −80.0.
    await record(2, 'before', '2026-03-06', answered([[10, 'yes']]), copy);
    await record(
      2,
      'after',
      '2026-03-07',
      answered([
        [2, 'yes'],
        [8, 'no'],
      ]),
      copy,
    );
    // B: an after on the country's copy, whose before was on the shipped checklist: another version,
    // so no pair of the mean change (the pooled pair takes both); then a not-breathing-baby after with no
    // before on that checklist: no pair either.
    await record(1, 'after', '2026-03-06', answered([[24, 'partial']]), copy);
    const nb = findChecklist('eenc_not_breathing', 1)!;
    const nbCodes = nb.domains.flatMap((d) => d.items.map((i) => i.code));
    await record(1, 'after', '2026-03-07', Object.fromEntries(nbCodes.map((c) => [c, 'yes'])), nb.id);
    const all = await compare(H01, '2026-03-01', '2026-03-31', 79);
    // A +45.8 and C −80.0: a mean of −17.1 points.
    expect(all[MEAN_CHANGE]).toEqual([-342, 2000]);
    await compare(DN, '2026-03-01', '2026-03-31', 79);
    // C's pair is dated by its after checklist: a period ending the day before sees A's pair only.
    expect((await compare(H01, '2026-03-01', '2026-03-06', 79))[MEAN_CHANGE]).toEqual([458, 1000]);
    // A partner, after: a negative sum is published as it is (the cell-key table moves counts of one or
    // more only), though marked like every count other than zero; the pairs perturbed.
    const after = await partnerReads();
    expect([after.numerator, after.perturbed]).toEqual([-342, ['numerator', 'denominator']]);
    expect(Math.abs(after.denominator! - 2000)).toBeLessThanOrEqual(maxMove);
  });

  it('refuses the drill-down of a coaching measure with a clear message, in the reader’s language', async () => {
    // The province manager reads Vietnamese (their account's language).
    for (const indicator of ['checklists_passing', 'health_workers_coached']) {
      const res = await province.get(
        `/api/indicators/records?orgUnit=${H01}&period=2026&indicator=${indicator}&part=numerator`,
      );
      const body = expectError(res, 400, 'validation_failed');
      expect(body.issues).toEqual([
        { path: 'indicator', message: expect.stringContaining('Chỉ số này không có danh sách hồ sơ') },
      ]);
    }
    // Birth indicators keep their list.
    const births = await province.get(
      `/api/indicators/records?orgUnit=${H01}&period=2026&indicator=live_births&part=numerator`,
    );
    expect(births.statusCode, births.body).toBe(200);
  });
});
