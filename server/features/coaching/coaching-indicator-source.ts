import { DEFAULT_PASSING_PERCENT } from '../../../shared/coaching/checklist-scoring';
import { DEFAULT_COVERAGE_YEARS } from '../../../shared/coaching/coaching-values';
import { SOURCES } from '../../../shared/indicators/sources';

/**
 * The indicator source `coaching` (registered in server/features/indicators/indicator-source-registry.ts):
 * the roster's changes, rolled up per facility and month (docs/coaching.md, "Indicators"). Each posting of
 * a worker gives signed rows, +1 on the day a state starts and −1 on the day it ends:
 *
 * - `on_roster`: working there (from `active_from` to `ended_on`, the first day no longer there);
 * - `ever_coached`: working there after their first completed course;
 * - `covered`: working there within N years of a completed course (the union of those windows; N per
 *   country, coaching_settings, default 3), ending on the first day the rule of shared/coaching/coverage.ts
 *   no longer holds (`coveredUntil`, leap days included);
 *
 * so that a state at a period's end is the sum of the changes up to that day (definitions marked
 * `periodEnd`): a deactivated worker leaves the denominator from that date, a moved worker counts where
 * they work at the period's end. And, for each month, quarter and year in which the worker completed a
 * course while posted somewhere, one `coached`, `coached_quarter` or `coached_year` row (+1) at the posting
 * of their first such completion, on its day (the worker counts once per period at every level, a move in
 * the period included), `to_standard` when one of the period's courses has an after-coaching checklist
 * at the country's passing score (default 80 %). The definitions count a calendar quarter or year from
 * its own rows (`byGrain`), a calendar month from the month rows, any other range from `rangeFactTable`.
 *
 * The facts read the worker, their courses, checklists and the country's settings: the triggers of
 * `recountOn` recount every facility where a changed worker was posted, in the writing transaction, so a
 * course, a completion, a move or a setting shows at the next query. A plain value (no import of the
 * indicator feature, which imports this file): the registry checks it against `RolledUpSource`.
 */
const SETTING = (column: string, fallback: number) =>
  `coalesce((select cs.${column} from coaching_settings cs where cs.country_id = w.country_id), ${fallback})`;
const YEARS = `make_interval(years => ${SETTING('coverage_years', DEFAULT_COVERAGE_YEARS)})`;
/** The first day a course that ended on `e` no longer covers: the day `d` with `d − N years` after `e`. */
const COVERED_UNTIL = `case when ((e.ends_on + ${YEARS})::date + 1 - ${YEARS})::date <= e.ends_on
                             then (e.ends_on + ${YEARS})::date + 2 else (e.ends_on + ${YEARS})::date + 1 end`;
const COMPLETED = `coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
                    where cp.worker_id = p.worker_id and cp.completed`;

/** The covered windows of the worker of posting `p`, overlapping ones merged: (c_from, c_until). */
const COVERED_WINDOWS = `select min(g.c_from) as c_from, max(g.c_until) as c_until from (
         select h.c_from, h.c_until,
                count(*) filter (where h.c_from > h.before_until) over (order by h.c_from, h.c_until) as island
           from (select e.ends_on as c_from, ${COVERED_UNTIL} as c_until,
                        max(${COVERED_UNTIL}) over (order by e.ends_on rows between unbounded preceding and 1 preceding) as before_until
                   from (select cc.ends_on from ${COMPLETED}) e) h) g
       group by g.island`;

/** The worker's completions while posted somewhere (`q`, the posting then), of the worker of posting `p`. */
const POSTED_COMPLETIONS = `coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
    join health_worker_postings q on q.worker_id = cp.worker_id and cc.ends_on >= q.active_from
                                 and (q.ended_on is null or cc.ends_on < q.ended_on)
   where cp.worker_id = p.worker_id and cp.completed`;
/** Each calendar period a worker is counted once in, and the state of its rows. */
const COACHED_GRAINS = [
  ['month', 'coached'],
  ['quarter', 'coached_quarter'],
  ['year', 'coached_year'],
] as const;
const grainOf = (g: string) => `date_trunc('${g}', cc.ends_on)`;
/**
 * Per month, quarter and year with a completion while posted: the first one's day and posting (the
 * earlier posting's id on a tie), and whether one of the period's courses was to standard. Rows of the
 * posting `p` only: those of the worker's other postings are theirs.
 */
const COACHED_ROWS = `select f.on_date, 1, f.state, f.to_standard from (
         select min(cc.ends_on) as on_date, (array_agg(q.id order by cc.ends_on, q.id))[1] as posting_id,
                case ${COACHED_GRAINS.map(([g, state]) => `when grouping(${grainOf(g)}) = 0 then '${state}'`).join(' ')} end as state,
                bool_or(exists (select 1 from coaching_checklists ck
                                 where ck.course_id = cp.course_id and ck.worker_id = cp.worker_id and ck.moment = 'after'
                                   and ck.percent >= ${SETTING('passing_percent', DEFAULT_PASSING_PERCENT)})) as to_standard
           from ${POSTED_COMPLETIONS}
          group by grouping sets (${COACHED_GRAINS.map(([g]) => `(${grainOf(g)})`).join(', ')})) f
       where f.posting_id = p.id`;

const coachingFacts = (
  from: string,
  where: string,
) => `select p.worker_id as id, p.facility_id, x.on_date, x.weight, x.state,
         p.ward = 'delivery_room' as delivery_room, coalesce(w.facilitator_level, 'none') as facilitator, x.to_standard
    from ${from} join health_workers w on w.id = p.worker_id
    cross join lateral (
      select v.on_date, v.weight, sp.state, false as to_standard
        from (select 'on_roster' as state, p.active_from as s_from, p.ended_on as s_until
              union all
              select 'ever_coached', greatest(min(cc.ends_on), p.active_from), p.ended_on from ${COMPLETED}
              having count(*) > 0
              union all
              select 'covered', greatest(i.c_from, p.active_from), least(i.c_until, p.ended_on)
                from (${COVERED_WINDOWS}) i) sp
        cross join lateral (values (sp.s_from, 1), (sp.s_until, -1)) as v(on_date, weight)
       where sp.s_from < coalesce(sp.s_until, 'infinity'::date) and v.on_date is not null
      union all
      ${COACHED_ROWS}) x
   where ${where}`;

/**
 * The postings that may have a change in the engine's range `c.d1`..`c.d2` (their start or end, a
 * completion, or a coverage window's end, `coveredUntil` being one or two days after the course + N
 * years): the days of a partial month, or a state's last month, are then counted from those alone
 * instead of every posting of the facility.
 */
const MAY_CHANGE_IN_RANGE = `(p.active_from between c.d1 and c.d2 or p.ended_on between c.d1 and c.d2
    or exists (select 1 from ${COMPLETED}
                 and (cc.ends_on between c.d1 and c.d2 or (cc.ends_on + ${YEARS})::date between c.d1 - 2 and c.d2)))`;

/**
 * The workers coached in the range `c.d1`..`c.d2` taken as one period (`rangeFactTable`): one `coached`
 * row per worker with a completion in the range while posted, at the posting of their first one (the
 * earlier posting, then course, on a tie), `to_standard` when one of the range's courses is. Read from the
 * coaching days kept per worker (`coaching_completion_days`, migration 0128): the facility's rows of the
 * range by (facility, day), each worker's earlier row and passing row of the range by (worker, day).
 */
const RANGE_FACTS = `lateral (
    select d.worker_id as id, d.facility_id, d.ends_on as on_date, 1 as weight, 'coached' as state,
           d.delivery_room, d.facilitator,
           exists (select 1 from coaching_completion_days t
                    where t.worker_id = d.worker_id and t.ends_on between c.d1 and c.d2 and t.to_standard) as to_standard
      from coaching_completion_days d
     where d.facility_id = o.id and d.ends_on between c.d1 and c.d2
       and not exists (select 1 from coaching_completion_days e
                        where e.worker_id = d.worker_id and e.ends_on between c.d1 and c.d2
                          and (e.ends_on, e.posting_id, e.course_id) < (d.ends_on, d.posting_id, d.course_id))) hc`;

/**
 * `RANGE_FACTS` of every facility at once (`rangeSubtreeFactTable`, for a country or the region): each
 * worker's first row of the range (by day, posting, course: the order of the anti-join above) and whether
 * any row of theirs in the range is to standard, from one pass over the range's rows (the window sorted
 * as `distinct on` wants: one sort).
 */
const SUBTREE_RANGE_FACTS = `lateral (
    select distinct on (d.worker_id) d.worker_id as id, d.facility_id, d.ends_on as on_date, 1 as weight,
           'coached' as state, d.delivery_room, d.facilitator,
           bool_or(d.to_standard) over (partition by d.worker_id order by d.ends_on, d.posting_id, d.course_id
                                         rows between unbounded preceding and unbounded following) as to_standard
      from coaching_completion_days d
     where d.ends_on between c.d1 and c.d2
     order by d.worker_id, d.ends_on, d.posting_id, d.course_id) hc`;

/** Every facility where a worker of `t` (a transition table with `worker_id`) was ever posted: all its months. */
const postingsOfWorkers = (t: string, where = '') =>
  `select p.facility_id, null::date from ${t} x join health_worker_postings p on p.worker_id = x.worker_id${where}`;
/**
 * A posting's change moves the worker's first completion of a period between their postings (a move, a
 * back-dated posting): its own facility (gone from the table once deleted) and every other of the worker.
 */
const postingsAndWorkers = (t: string) =>
  `select facility_id, null::date from ${t} union ${postingsOfWorkers(t)}`;
/** Rows of `t` whose columns differ from the same row (by `key`) of `other`: the others change no fact. */
const changed = (other: string | undefined, key: string, columns: string) =>
  other
    ? ` where not exists (select 1 from ${other} y where ${key} and (${columns.replace(/(\w+)/g, 'y.$1')}) is not distinct from (${columns.replace(/(\w+)/g, 'x.$1')}))`
    : '';

export const COACHING_SOURCE = {
  kind: 'rolledUp' as const,
  id: 'coaching',
  recordTable: 'health_worker_postings',
  insertsRecount: true,
  relation: (rel: string) => `(${coachingFacts(`${rel} p`, 'true')}) hc`,
  recountOn: [
    { table: 'health_worker_postings', cells: postingsAndWorkers },
    {
      table: 'health_workers',
      cells: (t: string, other?: string) =>
        `select p.facility_id, null::date from ${t} x join health_worker_postings p on p.worker_id = x.id${changed(other, 'y.id = x.id', 'facilitator_level, country_id')}`,
    },
    {
      table: 'coaching_participants',
      cells: (t: string, other?: string) =>
        postingsOfWorkers(
          t,
          changed(other, 'y.course_id = x.course_id and y.worker_id = x.worker_id', 'completed'),
        ),
    },
    {
      table: 'coaching_courses',
      cells: (t: string, other?: string) =>
        `select p.facility_id, null::date from ${t} x join coaching_participants cp on cp.course_id = x.id and cp.completed
           join health_worker_postings p on p.worker_id = cp.worker_id${changed(other, 'y.id = x.id', 'ends_on')}`,
    },
    {
      table: 'coaching_checklists',
      cells: (t: string, other?: string) =>
        postingsOfWorkers(t, changed(other, 'y.id = x.id', 'course_id, worker_id, moment, percent')),
    },
    {
      table: 'coaching_settings',
      cells: (t: string, other?: string) =>
        `select f.id, null::date from ${t} x join org_units f on f.path like '%/' || x.country_id || '/%' and f.kind in ('facility', 'commune')${changed(other, 'y.country_id = x.country_id', 'coverage_years, passing_percent')}`,
    },
  ],
  facility: 'hc.facility_id',
  date: 'hc.on_date',
  weight: 'hc.weight',
  factTable: `lateral (${coachingFacts('health_worker_postings p', `p.facility_id = o.id and ${MAY_CHANGE_IN_RANGE}`)}) hc`,
  rangeFactTable: RANGE_FACTS,
  rangeSubtreeFactTable: SUBTREE_RANGE_FACTS,
  birthJoin: '',
  key: 'hc.id',
  fields: Object.fromEntries(Object.keys(SOURCES.coaching.fields).map((c) => [c, { sql: `hc.${c}` }])),
  dimensions: {},
  table: 'ind_coaching_rollup',
  disaggTable: 'ind_coaching_disagg',
  pendingTable: 'ind_coaching_pending',
};
