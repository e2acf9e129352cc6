import { describe, expect, it } from 'vitest';
import {
  availableTransitions,
  bienniumOf,
  bienniumRange,
  canEdit,
  nextState,
  REPORT_STATES,
  REPORT_TRANSITIONS,
  type ReportAction,
  type ReportState,
} from './report-workflow';

describe('the report workflow table', () => {
  it.each<[ReportState, ReportAction, ReportState | null]>([
    ['draft', 'submit', 'submitted'],
    ['submitted', 'submit', null],
    ['submitted', 'start_review', 'under_review'],
    ['draft', 'start_review', null],
    ['under_review', 'query', 'queried'],
    ['responded', 'query', 'queried'],
    ['queried', 'respond', 'responded'],
    ['under_review', 'respond', null],
    ['under_review', 'validate', 'validated'],
    ['responded', 'validate', 'validated'],
    ['queried', 'validate', null],
    ['validated', 'publish', 'published'],
    ['responded', 'publish', null],
    ['published', 'reopen', 'draft'],
    ['validated', 'reopen', null],
  ])('from %s, %s leads to %s', (state, action, to) => {
    expect(nextState(state, action)).toBe(to);
  });

  it('lets nothing leave a published report but reopening', () => {
    expect(REPORT_TRANSITIONS.filter((t) => t.from.includes('published')).map((t) => t.action)).toEqual([
      'reopen',
    ]);
    for (const edit of ['content', 'review', 'answer'] as const)
      expect(canEdit('published', edit)).toBe(false);
  });

  it('reaches every state from draft', () => {
    const seen = new Set<ReportState>(['draft']);
    for (let i = 0; i < REPORT_STATES.length; i++)
      for (const t of REPORT_TRANSITIONS) if (t.from.some((f) => seen.has(f))) seen.add(t.to);
    expect([...seen].sort()).toEqual([...REPORT_STATES].sort());
  });

  it('offers each actor only their own buttons', () => {
    expect(availableTransitions('under_review', ['author']).map((t) => t.action)).toEqual([]);
    expect(availableTransitions('under_review', ['reviewer']).map((t) => t.action)).toEqual([
      'query',
      'validate',
    ]);
    expect(availableTransitions('validated', ['coordinator', 'author']).map((t) => t.action)).toEqual([
      'publish',
    ]);
  });

  it.each([
    ['2024-2025', { from: '2024-01-01', to: '2025-12-31' }],
    ['2024-2026', null],
    ['2025-2024', null],
    ['2100-2101', null],
    ['24-25', null],
  ])('reads biennium %s as %j', (id, range) => {
    expect(bienniumRange(id)).toEqual(range);
  });

  it.each([
    ['2026-12-06', '2026-2027'],
    ['2027-01-01', '2026-2027'],
    ['2024-06-30', '2024-2025'],
  ])('puts %s in biennium %s', (date, biennium) => {
    expect(bienniumOf(date)).toBe(biennium);
  });
});
