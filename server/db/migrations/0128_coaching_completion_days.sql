-- The days each health worker was coached (issue 15, docs/coaching.md "Indicators"): one row per completed
-- course of a worker while posted somewhere (the posting then, its facility and ward, the worker's
-- facilitator level, and whether the course has an after-coaching checklist at the country's passing
-- score), kept by the triggers below in the writing transaction. "Health workers coached" over a range of
-- days that is not a calendar month, quarter or year counts each worker once from these rows (the source's
-- `rangeFacts`, server/features/coaching/coaching-indicator-source.ts): a range read by facility and day,
-- and the worker's first row of the range by (worker, day). About 36,000 rows at the 4M programme set.
create table coaching_completion_days (
  worker_id uuid not null,
  ends_on date not null,
  posting_id uuid not null,
  course_id uuid not null,
  facility_id uuid not null,
  delivery_room boolean not null,
  facilitator text not null,
  to_standard boolean not null,
  primary key (worker_id, ends_on, posting_id, course_id)
);
create index coaching_completion_days_facility_idx on coaching_completion_days (facility_id, ends_on);

-- Rewrites the rows of these workers from the records (the rules of the source's `coached` rows: a
-- completion counts while posted, from active_from to the day before ended_on; passing score default 80).
create function coaching_completion_days_refresh(workers uuid[]) returns void language sql as $$
  delete from coaching_completion_days where worker_id = any (workers);
  insert into coaching_completion_days
    (worker_id, ends_on, posting_id, course_id, facility_id, delivery_room, facilitator, to_standard)
  select cp.worker_id, cc.ends_on, q.id, cc.id, q.facility_id, q.ward = 'delivery_room',
         coalesce(w.facilitator_level, 'none'),
         exists (select 1 from coaching_checklists ck
                  where ck.course_id = cp.course_id and ck.worker_id = cp.worker_id and ck.moment = 'after'
                    and ck.percent >= coalesce((select cs.passing_percent from coaching_settings cs
                                                 where cs.country_id = w.country_id), 80))
    from coaching_participants cp
    join coaching_courses cc on cc.id = cp.course_id
    join health_worker_postings q on q.worker_id = cp.worker_id and cc.ends_on >= q.active_from
                                 and (q.ended_on is null or cc.ends_on < q.ended_on)
    join health_workers w on w.id = cp.worker_id
   where cp.worker_id = any (workers) and cp.completed;
$$;

-- A statement's changed rows refresh their workers. TG_ARGV[0] selects the worker ids from the transition
-- table named by %s (the new rows, the old rows, or both on an update).
create function coaching_completion_days_on_change() returns trigger language plpgsql as $$
declare
  workers uuid[] := '{}';
  more uuid[];
begin
  if tg_op in ('INSERT', 'UPDATE') then
    execute format('select array_agg(w) from (%s) x(w)', format(tg_argv[0], 'nt')) into more;
    workers := workers || coalesce(more, '{}');
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    execute format('select array_agg(w) from (%s) x(w)', format(tg_argv[0], 'ot')) into more;
    workers := workers || coalesce(more, '{}');
  end if;
  if cardinality(workers) > 0 then
    perform coaching_completion_days_refresh(array(select distinct unnest(workers)));
  end if;
  return null;
end $$;

-- The triggers: per table, the statements that change workers' rows and how to find those workers. A
-- course's last day (deleting a course deletes its participants first); a worker's country (its passing
-- score) or facilitator level; a country's passing score (its workers).
do $$
declare
  t record;
  ev text;
begin
  for t in select * from (values
      ('coaching_participants', 'participants', 'select worker_id from %s', array['insert', 'update', 'delete']),
      ('health_worker_postings', 'postings', 'select worker_id from %s', array['insert', 'update', 'delete']),
      ('coaching_checklists', 'checklists', 'select worker_id from %s', array['insert', 'update', 'delete']),
      ('coaching_courses', 'courses',
       'select cp.worker_id from %s x join coaching_participants cp on cp.course_id = x.id', array['update']),
      ('health_workers', 'workers', 'select id from %s', array['update']),
      ('coaching_settings', 'settings',
       'select w.id from %s x join health_workers w on w.country_id = x.country_id', array['insert', 'update', 'delete'])
    ) as x(tbl, short, workers, events)
  loop
    foreach ev in array t.events loop
      execute format(
        'create trigger %I after %s on %I referencing %s for each statement
           execute function coaching_completion_days_on_change(%L)',
        'coaching_completion_days_' || t.short || '_' || left(ev, 3), ev, t.tbl,
        case ev when 'insert' then 'new table as nt' when 'delete' then 'old table as ot'
                else 'old table as ot new table as nt' end,
        t.workers);
    end loop;
  end loop;
end $$;

select coaching_completion_days_refresh(array(select id from health_workers));
