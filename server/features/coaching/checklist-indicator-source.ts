import { CHANGE_SCALE } from '../../../shared/coaching/checklist-indicators';
import { DEFAULT_PASSING_PERCENT } from '../../../shared/coaching/checklist-scoring';

/**
 * The indicator source `coaching_checklist` (registered in
 * server/features/indicators/indicator-source-registry.ts; fields and indicators in
 * shared/coaching/checklist-indicators.ts): the recorded skills checklists of the courses held at the
 * facility (the course's venue), rolled up per facility and month. Rows:
 * - `checklist`: one per checklist, dated by its date, passing at the worker's country's passing score;
 * - `point`: two per applicable item of each checklist (its two points, `earned` for those scored);
 * - `pair_point`: the points of a participant's last before- and last after-coaching checklist of a
 *   course, dated by that after-coaching checklist;
 * - `change_pair` and `change`: per participant, course and checklist version, the last after-coaching
 *   checklist on that version and the last before one, both with a percentage, dated by the after one:
 *   weights `CHANGE_SCALE.pair` and the change in tenths of a point (shared/coaching/checklist-indicators.ts).
 * Every row has a `weight` (1 but on those two), which the engine sums instead of counting rows; a
 * bigint, because the engine multiplies it by the record key (below 2^25) for the cell key.
 * A country's copy of a checklist counts as the shipped checklist it copies (`checklist`).
 *
 * Every row is dated by a checklist's own date (a pair by its last after-coaching one), whatever the
 * period asked: the facts roll up per month like births. A checklist's facts also depend on the other
 * checklists of its participant in the course (which are last), its course's venue, its checklist
 * version's original, and its worker's country's passing score: the triggers of `recountOn` recount the
 * cells those belong to, in the writing transaction, so a new, corrected or deleted checklist, a course
 * moved to another venue, a worker moved to another country or a country's passing score shows at the
 * next query (docs/coaching.md, "Checklist indicators").
 *
 * A plain value (no import of the indicator feature's engine, which imports this file): the registry
 * checks it against `RolledUpSource`.
 */

/** The points of a checklist `k`, one row per point of each domain (stored score: `domains` of the record). */
const POINTS = `jsonb_each(k.domains) d cross join generate_series(1, (d.value->>'max')::int) s(n)`;
/** The shipped checklist that checklist `k` counts as. */
const baseOf = (k: string) => `coalesce((select v.based_on_id from coaching_checklist_versions v
                         where v.checklist_id = ${k}.checklist_id and v.version = ${k}.checklist_version), ${k}.checklist_id)`;
const BASE = baseOf('k');
const PASSING = `k.percent >= coalesce((select cs.passing_percent from coaching_settings cs join health_workers w
                                         on w.country_id = cs.country_id where w.id = k.worker_id), ${DEFAULT_PASSING_PERCENT})`;

/** The shipped checklist of `k` once per checklist (not once per point): `kx.base`. */
const onceOf = (k: string) => `cross join lateral (select ${baseOf(k)} as base offset 0) kx`;
const ONCE = onceOf('k');

/**
 * The fact rows of the checklists of the courses `courses` (a relation aliased `cc`: the courses table,
 * a transition table of it) where `courseWhere` holds, each dated row kept when `dated(date)` holds.
 * Pairs: a participant's last after-coaching checklist of a course `ka` and their last before one `kb`.
 * Plain joins in a `union all`, so that the engine's conditions on the facility and the date reach the
 * indexes (courses by venue, checklists by course).
 */
const checklistFacts = (courses: string, courseWhere: string, dated: (date: string) => string) =>
  `select k.id, cc.venue_id as facility_id, k.observed_on as counted_on, 'checklist' as kind, ${BASE} as checklist,
         null::text as domain, k.moment, null::boolean as earned, ${PASSING} as passing, 1::bigint as weight
    from ${courses} join coaching_checklists k on k.course_id = cc.id
   where ${courseWhere} and ${dated('k.observed_on')}
  union all
  select k.id, cc.venue_id, k.observed_on, 'point', kx.base, d.key, k.moment, s.n <= (d.value->>'total')::int, null, 1
    from ${courses} join coaching_checklists k on k.course_id = cc.id ${ONCE} cross join ${POINTS}
   where ${courseWhere} and ${dated('k.observed_on')}
  union all
  select k.id, cc.venue_id, ka.observed_on, 'pair_point', kx.base, d.key, k.moment, s.n <= (d.value->>'total')::int, null, 1
    from ${courses} join coaching_checklists ka on ka.course_id = cc.id and ka.moment = 'after'
    cross join lateral (
      select kb.id from coaching_checklists kb
       where kb.course_id = ka.course_id and kb.worker_id = ka.worker_id and kb.moment = 'before'
       order by kb.observed_on desc, kb.created_at desc, kb.id desc limit 1) kb
    join coaching_checklists k on k.id in (ka.id, kb.id) ${ONCE}
    cross join ${POINTS}
   where ${courseWhere} and ${dated('ka.observed_on')}
     and not exists (select 1 from coaching_checklists kl
                      where kl.course_id = ka.course_id and kl.worker_id = ka.worker_id and kl.moment = 'after'
                        and (kl.observed_on, kl.created_at, kl.id) > (ka.observed_on, ka.created_at, ka.id))
  union all
  select ka.id, cc.venue_id, ka.observed_on, x.kind, kx.base, null, 'after', null, null, x.weight
    from ${courses} join coaching_checklists ka on ka.course_id = cc.id and ka.moment = 'after' and ka.percent is not null
    cross join lateral (
      select kb.percent from coaching_checklists kb
       where kb.course_id = ka.course_id and kb.worker_id = ka.worker_id and kb.moment = 'before'
         and kb.checklist_id = ka.checklist_id and kb.checklist_version = ka.checklist_version
       order by kb.observed_on desc, kb.created_at desc, kb.id desc limit 1) kb
    ${onceOf('ka')}
    cross join lateral (values ('change_pair', ${CHANGE_SCALE.pair}),
                               ('change', ((ka.percent - kb.percent) * ${CHANGE_SCALE.tenthsPerPoint})::int)) x(kind, weight)
   where ${courseWhere} and kb.percent is not null and ${dated('ka.observed_on')}
     and not exists (select 1 from coaching_checklists kl
                      where kl.course_id = ka.course_id and kl.worker_id = ka.worker_id and kl.moment = 'after'
                        and kl.checklist_id = ka.checklist_id and kl.checklist_version = ka.checklist_version
                        and (kl.observed_on, kl.created_at, kl.id) > (ka.observed_on, ka.created_at, ka.id))`;

/** The cells (venue of its course, month) of each checklist `k` that `join` finds for the rows `x` of `t`. */
const cellsOfChecklists = (t: string, join: string) =>
  `select cc.venue_id, date_trunc('month', k.observed_on)::date
     from ${t} x ${join} join coaching_courses cc on cc.id = k.course_id`;

export const COACHING_CHECKLIST_SOURCE = {
  kind: 'rolledUp' as const,
  id: 'coaching_checklist',
  // The course is the record: a new course adds its checklists' facts (none yet); its checklists'
  // writes recount their cells (a new after-coaching checklist changes which is a pair's last).
  recordTable: 'coaching_courses',
  relation: (rel: string) => `(${checklistFacts(`${rel} cc`, 'true', () => 'true')}) ck`,
  recountOn: [
    // A course's venue changed, or the course deleted: every month of its venues.
    { table: 'coaching_courses', cells: (t: string) => `select venue_id, null::date from ${t}` },
    {
      // A checklist's own month, and those of every after-coaching checklist of its participant in the
      // course (the month of their pair, before and after the change).
      table: 'coaching_checklists',
      cells: (t: string) =>
        `select cc.venue_id, date_trunc('month', x.observed_on)::date
           from ${t} x join coaching_courses cc on cc.id = x.course_id
         union all
         ${cellsOfChecklists(
           t,
           `join coaching_checklists k on k.course_id = x.course_id and k.worker_id = x.worker_id and k.moment = 'after'`,
         )}`,
    },
    {
      // A country's copy: which shipped checklist its checklists count as.
      table: 'coaching_checklist_versions',
      cells: (t: string) =>
        cellsOfChecklists(
          t,
          'join coaching_checklists k on k.checklist_id = x.checklist_id and k.checklist_version = x.version',
        ),
    },
    {
      // A worker moved to another country: the passing score of their checklists.
      table: 'health_workers',
      cells: (t: string) => cellsOfChecklists(t, 'join coaching_checklists k on k.worker_id = x.id'),
    },
    {
      // A country's passing score: every month of the venues of its workers' checklists.
      table: 'coaching_settings',
      cells: (t: string) =>
        `select distinct cc.venue_id, null::date from ${t} x join health_workers w on w.country_id = x.country_id
           join coaching_checklists k on k.worker_id = w.id join coaching_courses cc on cc.id = k.course_id`,
    },
  ],
  facility: 'ck.facility_id',
  date: 'ck.counted_on',
  // The days of a month cut by the period, one facility at a time (the engine's `o` and `c.d1`..`c.d2`).
  factTable: `lateral (${checklistFacts('coaching_courses cc', 'cc.venue_id = o.id', (d) => `${d} between c.d1 and c.d2`)}) ck`,
  birthJoin: '',
  key: 'ck.id',
  weight: 'ck.weight',
  fields: {
    kind: { sql: 'ck.kind' },
    checklist: { sql: 'ck.checklist' },
    domain: { sql: 'ck.domain' },
    moment: { sql: 'ck.moment' },
    earned: { sql: 'ck.earned' },
    passing: { sql: 'ck.passing' },
  },
  dimensions: {},
  table: 'ind_coaching_checklist_rollup',
  disaggTable: 'ind_coaching_checklist_disagg',
  pendingTable: 'ind_coaching_checklist_pending',
};
