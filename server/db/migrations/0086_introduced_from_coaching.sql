-- The ladder's first step "introduced" from the first completed coaching (issue 15, docs/coaching.md), a
-- country setting in coaching_settings, off by default (the recorded org_units.eenc_introduced_on alone).
-- On: the earlier of the recorded date and the last day of the facility's first EENC routine-care course
-- with a participant who completed it, held at the facility or completed by someone working there on that
-- day. The view stays the one definition of the ladder; the triggers below refresh the ladder table
-- (migration 0077) and, when a facility's dates moved, its birth rollups ("births in EENC facilities"
-- counts from the implementing date) in the writing transaction, as the org-unit and assessment triggers do.

alter table coaching_settings add column introduced_from_coaching boolean not null default false;

-- The last day of a facility's first completed EENC routine-care course (null: none). Two index walks: the
-- courses at the venue, and the completed courses of the workers posted there on the course's last day.
create function facility_first_coaching_on(fid uuid) returns date language sql stable as $$
  select min(d) from (
    select c.ends_on from coaching_courses c
     where c.venue_id = fid and c.module = 'eenc_routine'
       and exists (select 1 from coaching_participants p where p.course_id = c.id and p.completed)
    union all
    select c.ends_on from health_worker_postings w
      join coaching_participants p on p.worker_id = w.worker_id and p.completed
      join coaching_courses c on c.id = p.course_id and c.module = 'eenc_routine'
     where w.facility_id = fid and w.active_from <= c.ends_on and (w.ended_on is null or w.ended_on > c.ends_on)
  ) x(d)
$$;

-- The ladder as in 0040, "introduced" as above, and introduced_source: where that date came from
-- ('recorded' or 'coaching'; the recorded date wins a tie). The CASE reads courses only where the setting is on.
create or replace view facility_eenc_status as
  select o.id as facility_id,
         fi.introduced_on,
         o.eenc_team_formed_on as team_formed_on,
         (select min(a.assessed_on) from assessments a
           where a.facility_id = o.id and a.status = 'completed')::date as assessed_on,
         (select min(a.assessed_on) from assessments a
           where a.facility_id = o.id and a.status = 'completed' and a.meets_standards)::date as meets_standards_on,
         case coalesce(cs.eenc ->> 'implementingStep', eenc_default_settings() ->> 'implementingStep')
           when 'introduced' then fi.introduced_on
           when 'team_formed' then o.eenc_team_formed_on
           when 'assessed' then (select min(a.assessed_on) from assessments a
                                  where a.facility_id = o.id and a.status = 'completed')::date
           when 'meets_standards' then (select min(a.assessed_on) from assessments a
                                         where a.facility_id = o.id and a.status = 'completed' and a.meets_standards)::date
         end as implementing_on,
         case when fi.introduced_on is null then null
              when fi.introduced_on = o.eenc_introduced_on then 'recorded'
              else 'coaching' end as introduced_source
    from org_units o
    left join country_settings cs on cs.country_id = nullif(split_part(o.path, '/', 3), '')::uuid
    left join coaching_settings ks on ks.country_id = nullif(split_part(o.path, '/', 3), '')::uuid
    cross join lateral (
      select least(o.eenc_introduced_on,
                   case when ks.introduced_from_coaching then facility_first_coaching_on(o.id) end) as introduced_on
    ) fi
   where o.kind in ('facility', 'commune');

-- Refreshes the ladder rows of the given facilities whose dates the view now gives differently, and
-- recounts those facilities' rollups (skipped while bulk generation turns rollups off; its rebuild follows).
create function facility_status_refresh_changed(ids uuid[]) returns void language plpgsql as $$
declare
  changed uuid[];
begin
  select array_agg(v.facility_id order by v.facility_id) into changed
    from facility_eenc_status v
    left join facility_eenc_status_current c on c.facility_id = v.facility_id
   where v.facility_id = any (ids)
     and (c.facility_id is null
          or (v.introduced_on, v.team_formed_on, v.assessed_on, v.meets_standards_on, v.implementing_on)
             is distinct from (c.introduced_on, c.team_formed_on, c.assessed_on, c.meets_standards_on, c.implementing_on));
  if changed is null then
    return;
  end if;
  perform facility_status_refresh(changed);
  if to_regproc('indicator_refresh_facilities') is not null
     and coalesce(current_setting('openeenc.rollups', true), '') <> 'off' then
    perform indicator_refresh_facilities(changed);
  end if;
end $$;

-- The facilities where completions of a course touch the ladder: its venue, and where each given worker
-- was posted on the course's last day. (More than needed is harmless: unchanged rows are left alone.)
create function coaching_facilities_at(venue uuid, ends_on date, workers uuid[]) returns setof uuid
language sql stable as $$
  select venue
  union
  select w.facility_id from health_worker_postings w
   where w.worker_id = any (workers) and w.active_from <= ends_on and (w.ended_on is null or w.ended_on > ends_on)
$$;

-- A statement's completed (or no longer completed) participations, grouped by course, refresh the
-- facilities they touch. Each branch names only the transition table its event has.
create function coaching_participants_facility_status() returns trigger language plpgsql as $$
declare
  courses uuid[];
  workers uuid[];
  touched uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(course_id), array_agg(worker_id) into courses, workers from nt where completed;
  elsif tg_op = 'DELETE' then
    select array_agg(course_id), array_agg(worker_id) into courses, workers from ot where completed;
  else
    select array_agg(x.course_id), array_agg(x.worker_id) into courses, workers
      from ot o join nt x on x.course_id = o.course_id and x.worker_id = o.worker_id
     where o.completed is distinct from x.completed;
  end if;
  select array_agg(distinct f) into touched
    from (select u.course_id, array_agg(u.worker_id) as workers
            from unnest(courses, workers) as u(course_id, worker_id) group by u.course_id) b
    join coaching_courses c on c.id = b.course_id
    cross join lateral coaching_facilities_at(c.venue_id, c.ends_on, b.workers) f;
  if touched is not null then
    perform facility_status_refresh_changed(touched);
  end if;
  return null;
end $$;

create trigger coaching_participants_facility_status_ins after insert on coaching_participants
  referencing new table as nt for each statement execute function coaching_participants_facility_status();
create trigger coaching_participants_facility_status_upd after update on coaching_participants
  referencing old table as ot new table as nt for each statement execute function coaching_participants_facility_status();
create trigger coaching_participants_facility_status_del after delete on coaching_participants
  referencing old table as ot for each statement execute function coaching_participants_facility_status();

-- A deleted course takes its participants first, while the course still says where and when it was, so the
-- participants' trigger above can find the facilities (the foreign key's cascade would run after it is gone).
create function coaching_courses_delete_participants() returns trigger language plpgsql as $$
begin
  delete from coaching_participants where course_id = old.id;
  return old;
end $$;

create trigger coaching_courses_delete_participants before delete on coaching_courses
  for each row execute function coaching_courses_delete_participants();

-- A course moved to another venue, re-dated or changed module: the facilities before and after.
create function coaching_courses_facility_status() returns trigger language plpgsql as $$
declare
  touched uuid[];
begin
  select array_agg(distinct f) into touched
    from ot o join nt x on x.id = o.id
         cross join lateral (select array(select p.worker_id from coaching_participants p
                                           where p.course_id = x.id and p.completed) as workers) w
         cross join lateral (select * from coaching_facilities_at(o.venue_id, o.ends_on, w.workers)
                             union select * from coaching_facilities_at(x.venue_id, x.ends_on, w.workers)) v(f)
   where (o.venue_id, o.ends_on, o.module) is distinct from (x.venue_id, x.ends_on, x.module)
     and cardinality(w.workers) > 0;
  if touched is not null then
    perform facility_status_refresh_changed(touched);
  end if;
  return null;
end $$;

create trigger coaching_courses_facility_status_upd after update on coaching_courses
  referencing old table as ot new table as nt for each statement execute function coaching_courses_facility_status();

-- A posting of a worker who completed a course (a move, a deactivation, a corrected date) can change where
-- that completion counts: the facilities of the postings before and after.
create function health_worker_postings_facility_status() returns trigger language plpgsql as $$
declare
  touched uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct x.facility_id) into touched from nt x
     where exists (select 1 from coaching_participants p where p.worker_id = x.worker_id and p.completed);
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.facility_id) into touched from ot o
     where exists (select 1 from coaching_participants p where p.worker_id = o.worker_id and p.completed);
  else
    select array_agg(distinct f) into touched
      from ot o join nt x on x.id = o.id
           cross join lateral (values (o.facility_id), (x.facility_id)) v(f)
     where (o.facility_id, o.active_from, o.ended_on) is distinct from (x.facility_id, x.active_from, x.ended_on)
       and exists (select 1 from coaching_participants p where p.worker_id = x.worker_id and p.completed);
  end if;
  if touched is not null then
    perform facility_status_refresh_changed(touched);
  end if;
  return null;
end $$;

create trigger health_worker_postings_facility_status_ins after insert on health_worker_postings
  referencing new table as nt for each statement execute function health_worker_postings_facility_status();
create trigger health_worker_postings_facility_status_upd after update on health_worker_postings
  referencing old table as ot new table as nt for each statement execute function health_worker_postings_facility_status();
create trigger health_worker_postings_facility_status_del after delete on health_worker_postings
  referencing old table as ot for each statement execute function health_worker_postings_facility_status();

-- Turning the setting on or off re-reads every facility of the country.
create function coaching_settings_facility_status() returns trigger language plpgsql as $$
declare
  countries uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(x.country_id) into countries from nt x where x.introduced_from_coaching;
  elsif tg_op = 'DELETE' then
    select array_agg(o.country_id) into countries from ot o where o.introduced_from_coaching;
  else
    select array_agg(x.country_id) into countries
      from ot o join nt x on x.country_id = o.country_id
     where o.introduced_from_coaching is distinct from x.introduced_from_coaching;
  end if;
  if countries is not null then
    perform facility_status_refresh_changed(array(
      select f.id from org_units u join org_units f on f.path like u.path || '%' and f.kind in ('facility', 'commune')
       where u.id = any (countries)));
  end if;
  return null;
end $$;

create trigger coaching_settings_facility_status_ins after insert on coaching_settings
  referencing new table as nt for each statement execute function coaching_settings_facility_status();
create trigger coaching_settings_facility_status_upd after update on coaching_settings
  referencing old table as ot new table as nt for each statement execute function coaching_settings_facility_status();
create trigger coaching_settings_facility_status_del after delete on coaching_settings
  referencing old table as ot for each statement execute function coaching_settings_facility_status();
