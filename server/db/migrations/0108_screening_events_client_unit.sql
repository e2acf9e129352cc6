-- The unit that follows the woman, on each of her screenings (issue 21): the indicator source
-- `screening_result` (server/features/screening/screening-indicator-source.ts) reads a unit's screenings
-- of a period through (client_unit_id, taken_on) instead of probing each of the unit's women. Kept by
-- the database: set from the woman on insert and when a screening changes woman, and rewritten when she
-- moves to another unit, so no writer has to know it.
select set_config('openeenc.rollups', 'off', true);

alter table screening_events add column client_unit_id uuid;
update screening_events e set client_unit_id = c.org_unit_id from screening_clients c where c.id = e.client_id;
alter table screening_events alter column client_unit_id set not null;
create index screening_events_unit_idx on screening_events (client_unit_id, taken_on);

create function screening_events_client_unit() returns trigger language plpgsql as $$
begin
  new.client_unit_id := (select c.org_unit_id from screening_clients c where c.id = new.client_id);
  return new;
end $$;
create trigger screening_events_client_unit before insert or update of client_id on screening_events
  for each row execute function screening_events_client_unit();

create function screening_clients_moved() returns trigger language plpgsql as $$
begin
  update screening_events e set client_unit_id = n.org_unit_id
    from nt n join ot o on o.id = n.id
   where e.client_id = n.id and n.org_unit_id is distinct from o.org_unit_id;
  return null;
end $$;
create trigger screening_clients_moved after update on screening_clients
  referencing old table as ot new table as nt for each statement execute function screening_clients_moved();

-- The women of a unit whose birthdays of 30, 35, 36, 45, 46 or 50 fall in a range's years (the days of a
-- partial month of the screening rollup's source).
create index screening_clients_unit_birth_idx on screening_clients (org_unit_id, birth_year) include (birth_date, id);
