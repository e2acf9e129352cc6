/**
 * The review workflow of a country report as one table (issue 17), read by the server (which refuses
 * anything the table does not allow) and by the web (which shows only the buttons the table allows).
 *
 * draft → submitted → under_review → queried ⇄ responded → validated → published; reopening a published
 * report makes a new version in draft and keeps the published snapshot.
 */
export const REPORT_STATES = [
  'draft',
  'submitted',
  'under_review',
  'queried',
  'responded',
  'validated',
  'published',
] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/**
 * Who acts: the country's author (a national manager of the country, `report.write`), a reviewer of the
 * country's assigned pair (`report.review`), the regional coordinator (`report.coordinate`, scoped above
 * the country).
 */
export type ReportActor = 'author' | 'reviewer' | 'coordinator';

/** Conditions checked by the server before a transition; named here so the web can explain a refusal. */
export type ReportGuard = 'pairAssigned' | 'noOpenQuery' | 'lastQueryAnswered';

export type ReportTransition = {
  action: ReportAction;
  from: readonly ReportState[];
  to: ReportState;
  actor: ReportActor;
  guards: readonly ReportGuard[];
};

export const REPORT_ACTIONS = [
  'submit',
  'start_review',
  'query',
  'respond',
  'validate',
  'publish',
  'reopen',
] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const REVIEWING = ['under_review', 'queried', 'responded'] as const satisfies readonly ReportState[];

export const REPORT_TRANSITIONS: readonly ReportTransition[] = [
  { action: 'submit', from: ['draft'], to: 'submitted', actor: 'author', guards: [] },
  {
    action: 'start_review',
    from: ['submitted'],
    to: 'under_review',
    actor: 'coordinator',
    guards: ['pairAssigned'],
  },
  // Opening a query thread on one value.
  { action: 'query', from: REVIEWING, to: 'queried', actor: 'reviewer', guards: [] },
  // The author's answer to the last query still waiting for one.
  { action: 'respond', from: ['queried'], to: 'responded', actor: 'author', guards: ['lastQueryAnswered'] },
  {
    action: 'validate',
    from: ['under_review', 'responded'],
    to: 'validated',
    actor: 'reviewer',
    guards: ['noOpenQuery'],
  },
  { action: 'publish', from: ['validated'], to: 'published', actor: 'coordinator', guards: [] },
  // Makes a new version in draft; the published version stays as it was.
  { action: 'reopen', from: ['published'], to: 'draft', actor: 'author', guards: [] },
];

/** What may be done inside a state without changing it. */
export const REPORT_EDITS = {
  /** Manual items, narrative, recomputing the indicator values. */
  content: ['draft'],
  /** Per-value validated / not validated, query threads opened and closed. */
  review: REVIEWING,
  /** The author's answers in a thread. */
  answer: ['queried', 'responded', 'under_review'],
} as const satisfies Record<string, readonly ReportState[]>;
export type ReportEdit = keyof typeof REPORT_EDITS;

export function transitionOf(action: ReportAction): ReportTransition {
  const t = REPORT_TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`No transition ${action}`);
  return t;
}

/** The state after `action`, or null when the table does not allow it from `state`. */
export function nextState(state: ReportState, action: ReportAction): ReportState | null {
  const t = transitionOf(action);
  return t.from.includes(state) ? t.to : null;
}

/** Transitions open from `state` to someone acting as one of `actors` (the web's buttons). */
export function availableTransitions(state: ReportState, actors: readonly ReportActor[]): ReportTransition[] {
  return REPORT_TRANSITIONS.filter((t) => t.from.includes(state) && actors.includes(t.actor));
}

export function canEdit(state: ReportState, edit: ReportEdit): boolean {
  return (REPORT_EDITS[edit] as readonly ReportState[]).includes(state);
}

/** Biennium ids are `YYYY-YYYY` with consecutive years: "2024-2025". */
export const BIENNIUM_RE = /^(\d{4})-(\d{4})$/;
export function bienniumRange(id: string): { from: string; to: string } | null {
  const m = BIENNIUM_RE.exec(id);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (b !== a + 1 || a < 1990 || b > 2100) return null;
  return { from: `${a}-01-01`, to: `${b}-12-31` };
}
/** The biennium containing a date: bienniums start on even years (2024-2025, 2026-2027). */
export function bienniumOf(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const a = y % 2 === 0 ? y : y - 1;
  return `${a}-${a + 1}`;
}
export function previousBiennium(id: string): string {
  const a = Number(id.slice(0, 4)) - 2;
  return `${a}-${a + 1}`;
}
