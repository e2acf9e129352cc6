import { describe, expect, it } from 'vitest';
import { evaluateFilter } from '../indicators/filter';
import { COACHING_CHECKLIST_INDICATORS } from './checklist-indicators';
import { type ChecklistAnswer, scoreChecklist } from './checklist-scoring';
import { findChecklist } from './checklists';

const def = findChecklist('eenc_breathing', 1)!;
const prepare = def.domains[0]!.items.map((i) => i.code);

/** The source's rows of one checklist (server/features/coaching/checklist-indicator-source.ts). */
function rowsOf(
  answers: Record<string, ChecklistAnswer>,
  moment: string,
  kind: 'point' | 'pair_point' = 'point',
) {
  const s = scoreChecklist(def, answers);
  return [
    ...(kind === 'point'
      ? [{ kind: 'checklist', checklist: def.id, moment, passing: (s.percent ?? -1) >= 80 }]
      : []),
    ...Object.entries(s.domains).flatMap(([domain, d]) =>
      Array.from({ length: d.max }, (_, n) => ({
        kind,
        checklist: def.id,
        domain,
        moment,
        earned: n < d.total,
      })),
    ),
  ];
}

const value = (id: string, rows: Array<Record<string, unknown>>) => {
  const d = COACHING_CHECKLIST_INDICATORS.find((x) => x.id === id)!;
  const n = rows.filter((r) => evaluateFilter(d.numerator.where, r)).length;
  const m = rows.filter((r) => evaluateFilter(d.denominator.where, r)).length;
  return [n, m];
};

describe('checklist indicators counted in points', () => {
  it.each<[string, Array<Record<string, ChecklistAnswer>>, [number, number]]>([
    ['one checklist, prepare all yes', [Object.fromEntries(prepare.map((c) => [c, 'yes']))], [8, 8]],
    ['partial is one point of two', [{ [prepare[0]!]: 'partial', [prepare[1]!]: 'no' }], [1, 4]],
    ['not applicable drops out of both', [{ [prepare[0]!]: 'yes', [prepare[1]!]: 'na' }], [2, 2]],
    // 4 of 8 and 2 of 2: 6 of 10 = 60 %, where the mean of 50 % and 100 % would be 75 %: a checklist
    // with fewer items applicable weighs less.
    [
      'two checklists together',
      [Object.fromEntries(prepare.map((c, i) => [c, i % 2 ? 'yes' : 'no'])), { [prepare[0]!]: 'yes' }],
      [6, 10],
    ],
  ])('%s', (_n, checklists, parts) => {
    expect(
      value(
        'checklist_score_prepare',
        checklists.flatMap((a) => rowsOf(a, 'after')),
      ),
    ).toEqual(parts);
  });

  it('counts checklists at the passing score by their flag, and pairs by moment', () => {
    const all = (a: ChecklistAnswer) =>
      Object.fromEntries(def.domains.flatMap((d) => d.items.map((i) => [i.code, a])));
    const rows = [
      ...rowsOf(all('yes'), 'after'),
      ...rowsOf(all('partial'), 'before'),
      ...rowsOf(all('partial'), 'before', 'pair_point'),
      ...rowsOf(all('yes'), 'after', 'pair_point'),
    ];
    expect(value('checklists_passing', rows)).toEqual([1, 2]);
    expect(value('checklist_paired_before', rows)).toEqual([24, 48]);
    expect(value('checklist_paired_after', rows)).toEqual([48, 48]);
    // Point rows are not checklists, and checklist rows are not points.
    expect(value('checklist_score_dry', rows)).toEqual([10 + 5, 20]);
  });
});
