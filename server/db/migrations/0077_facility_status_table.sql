-- The EENC ladder of each facility kept as a table (issue 21): the view facility_eenc_status stays the
-- one definition, and this table holds its rows, refreshed in the writing transaction by the triggers
-- below for the facilities a statement touched (org unit dates, path or kind; assessments; a country's
-- "implementing EENC" step). The dashboard read the view per facility at every request (about 43 ms for
-- the region's 2,522 facilities); it reads this table by key instead. The ladder is a set of dates (each
-- step reached once), so the current row is all the history the period-end counts need. After every
-- migration a hook refreshes every facility (server/features/indicators/facility-status.ts), so a later
-- migration that replaces the view cannot leave the table behind.
create table facility_eenc_status_current (
  facility_id uuid primary key references org_units (id) on delete cascade,
  introduced_on date,
  team_formed_on date,
  assessed_on date,
  meets_standards_on date,
  implementing_on date
);

-- Recounts the given facilities from the view (null: all of them); units that are not facilities any more
-- (or no longer exist) lose their row.
create function facility_status_refresh(ids uuid[]) returns void language sql as $$
  delete from facility_eenc_status_current c where ids is null or c.facility_id = any (ids);
  insert into facility_eenc_status_current
    select s.facility_id, s.introduced_on, s.team_formed_on, s.assessed_on, s.meets_standards_on, s.implementing_on
      from facility_eenc_status s
     where ids is null or s.facility_id = any (ids)
     order by s.facility_id;
$$;

create function org_units_facility_status() returns trigger language plpgsql as $$
declare
  changed uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(x.id) into changed from nt x where x.kind in ('facility', 'commune');
  elsif tg_op = 'DELETE' then
    return null; -- the foreign key's cascade removes the row
  else
    select array_agg(x.id) into changed
      from ot o join nt x on x.id = o.id
     where (o.kind, o.path, o.eenc_introduced_on, o.eenc_team_formed_on)
           is distinct from (x.kind, x.path, x.eenc_introduced_on, x.eenc_team_formed_on);
  end if;
  if changed is not null then
    perform facility_status_refresh(changed);
  end if;
  return null;
end $$;

create trigger org_units_facility_status_ins after insert on org_units referencing new table as nt
  for each statement execute function org_units_facility_status();
create trigger org_units_facility_status_upd after update on org_units referencing old table as ot new table as nt
  for each statement execute function org_units_facility_status();

create function assessments_facility_status() returns trigger language plpgsql as $$
declare
  changed uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct x.facility_id) into changed from nt x where x.status = 'completed';
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.facility_id) into changed from ot o where o.status = 'completed';
  else
    select array_agg(distinct f) into changed
      from ot o join nt x on x.id = o.id
           cross join lateral (values (o.facility_id), (x.facility_id)) as v(f)
     where (o.status = 'completed' or x.status = 'completed')
       and (o.status, o.assessed_on, o.meets_standards, o.facility_id)
           is distinct from (x.status, x.assessed_on, x.meets_standards, x.facility_id);
  end if;
  if changed is not null then
    perform facility_status_refresh(changed);
  end if;
  return null;
end $$;

-- Named to fire before assessments_rollups_* (alphabetical order): the birth rollups that
-- indicator_refresh_facilities recounts then already see the new ladder, should they ever read the table.
create trigger assessments_facility_status_ins after insert on assessments referencing new table as nt
  for each statement execute function assessments_facility_status();
create trigger assessments_facility_status_upd after update on assessments referencing old table as ot new table as nt
  for each statement execute function assessments_facility_status();
create trigger assessments_facility_status_del after delete on assessments referencing old table as ot
  for each statement execute function assessments_facility_status();

-- A country's "implementing EENC" step changes implementing_on of every facility of that country.
create function country_settings_facility_status() returns trigger language plpgsql as $$
declare
  countries uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(x.country_id) into countries from nt x;
  elsif tg_op = 'DELETE' then
    select array_agg(o.country_id) into countries from ot o;
  else
    select array_agg(v.c) into countries from (select country_id from nt union select country_id from ot) v(c);
  end if;
  perform facility_status_refresh(array(
    select f.id from org_units u join org_units f on f.path like u.path || '%' and f.kind in ('facility', 'commune')
     where u.id = any (countries)));
  return null;
end $$;

create trigger country_settings_facility_status_ins after insert on country_settings referencing new table as nt
  for each statement execute function country_settings_facility_status();
create trigger country_settings_facility_status_upd after update on country_settings
  referencing old table as ot new table as nt
  for each statement execute function country_settings_facility_status();
create trigger country_settings_facility_status_del after delete on country_settings referencing old table as ot
  for each statement execute function country_settings_facility_status();

select facility_status_refresh(null);
