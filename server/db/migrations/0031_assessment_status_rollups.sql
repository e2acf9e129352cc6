-- The EENC status ladder (view facility_eenc_status) takes assessed_on and meets_standards_on from
-- completed assessments. Indicator rollups may read the ladder (server/features/indicators/
-- indicator-schema.ts generates them after migrations, with indicator_refresh_facilities), so when an
-- assessment is completed, re-dated, reopened or deleted, the rollups of its facility are recomputed.
-- Rare events (a few per hospital and year): recomputing one facility is cheap enough.
create function assessments_refresh_rollups() returns trigger language plpgsql as $$
declare
  changed uuid[];
begin
  if to_regproc('indicator_refresh_facilities') is null then
    return null;
  end if;
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
    perform indicator_refresh_facilities(changed);
  end if;
  return null;
end $$;

create trigger assessments_rollups_ins after insert on assessments referencing new table as nt
  for each statement execute function assessments_refresh_rollups();
create trigger assessments_rollups_upd after update on assessments referencing old table as ot new table as nt
  for each statement execute function assessments_refresh_rollups();
create trigger assessments_rollups_del after delete on assessments referencing old table as ot
  for each statement execute function assessments_refresh_rollups();
