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

create trigger coaching_completion_days_participants_ins after insert on coaching_participants
  referencing new table as nt for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');
create trigger coaching_completion_days_participants_upd after update on coaching_participants
  referencing old table as ot new table as nt for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');
create trigger coaching_completion_days_participants_del after delete on coaching_participants
  referencing old table as ot for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');

create trigger coaching_completion_days_postings_ins after insert on health_worker_postings
  referencing new table as nt for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');
create trigger coaching_completion_days_postings_upd after update on health_worker_postings
  referencing old table as ot new table as nt for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');
create trigger coaching_completion_days_postings_del after delete on health_worker_postings
  referencing old table as ot for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');

create trigger coaching_completion_days_checklists_ins after insert on coaching_checklists
  referencing new table as nt for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');
create trigger coaching_completion_days_checklists_upd after update on coaching_checklists
  referencing old table as ot new table as nt for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');
create trigger coaching_completion_days_checklists_del after delete on coaching_checklists
  referencing old table as ot for each statement
  execute function coaching_completion_days_on_change('select worker_id from %s');

-- A course's last day (its participants; deleting a course deletes its participants first).
create trigger coaching_completion_days_courses_upd after update on coaching_courses
  referencing old table as ot new table as nt for each statement
  execute function coaching_completion_days_on_change(
    'select cp.worker_id from %s x join coaching_participants cp on cp.course_id = x.id');

-- A worker's country (its passing score) or facilitator level.
create trigger coaching_completion_days_workers_upd after update on health_workers
  referencing old table as ot new table as nt for each statement
  execute function coaching_completion_days_on_change('select id from %s');

-- A country's passing score: its workers.
create trigger coaching_completion_days_settings_ins after insert on coaching_settings
  referencing new table as nt for each statement
  execute function coaching_completion_days_on_change(
    'select w.id from %s x join health_workers w on w.country_id = x.country_id');
create trigger coaching_completion_days_settings_upd after update on coaching_settings
  referencing old table as ot new table as nt for each statement
  execute function coaching_completion_days_on_change(
    'select w.id from %s x join health_workers w on w.country_id = x.country_id');
create trigger coaching_completion_days_settings_del after delete on coaching_settings
  referencing old table as ot for each statement
  execute function coaching_completion_days_on_change(
    'select w.id from %s x join health_workers w on w.country_id = x.country_id');

select coaching_completion_days_refresh(array(select id from health_workers));
