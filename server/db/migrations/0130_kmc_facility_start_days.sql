-- The days KMC was started at each facility, one row per facility (issue 16): the day numbers (days since
-- 1970-01-01, server/db/day-number.ts) of its episodes' starts by UTC date, sorted, one entry per episode.
-- The indicator source `kmc_facility`'s facility timeline (server/features/kmc/kmc-facility-source.ts)
-- reads them at every dashboard request: the region's 2,522 facilities are one scan of 2,522 rows joined by
-- hash, where the index of migration 0110 cost one lookup per facility (the heaviest KMC view's SQL).
-- Kept by the triggers below in the writing transaction, by differences only (the starts a statement
-- removed, then those it added, each facility's row changed under its row lock), so two writers of one
-- facility at once each apply their own difference to the row the other left (a recount from each
-- writer's snapshot would lose one of them: the clock table's lesson, docs/decisions.md).
create table kmc_facility_start_days (
  facility_id uuid primary key,
  days int[] not null
);

-- The multiset difference a − b, sorted: each day of b removes one occurrence of it from a.
create function kmc_start_days_minus(a int[], b int[]) returns int[] language sql immutable as $$
  select coalesce(array_agg(x.d order by x.d), '{}')
    from (select d, row_number() over (partition by d) as n from unnest(a) d) x
   where x.n > (select count(*) from unnest(b) e where e = x.d)
$$;

-- Applies a statement's removed and added starts, each a JSON array of {f: facility, d: [day numbers]};
-- the added ones in facility order (a statement usually writes one facility's episodes; one that writes
-- several at once, against another doing the same in another order, could deadlock and be retried).
create function kmc_start_days_apply(removed jsonb, added jsonb) returns void language sql as $$
  update kmc_facility_start_days s set days = kmc_start_days_minus(s.days, r.days)
    from (select (x ->> 'f')::uuid as facility_id,
                 array(select jsonb_array_elements_text(x -> 'd')::int) as days
            from jsonb_array_elements(removed) x order by 1) r
   where s.facility_id = r.facility_id;
  insert into kmc_facility_start_days (facility_id, days)
  select (x ->> 'f')::uuid, array(select jsonb_array_elements_text(x -> 'd')::int order by 1)
    from jsonb_array_elements(added) x
   order by 1
  on conflict (facility_id) do update
    set days = array(select unnest(kmc_facility_start_days.days || excluded.days) order by 1);
$$;

-- A statement's starts by facility, {f, d} each, from its transition tables (nt new rows, ot old rows).
-- On an update only the (facility, day) pairs that differ between the old and the new rows count, so a
-- discharge or a corrected place leaves the rows alone.
create function kmc_facility_start_days_on_change() returns trigger language plpgsql as $$
declare
  pairs constant text := 'select facility_id, ((started_at at time zone ''UTC'')::date - date ''1970-01-01'') as d
                            from %s where started_at is not null';
  grouped constant text := 'select coalesce(jsonb_agg(jsonb_build_object(''f'', facility_id, ''d'', ds)), ''[]'')
                              from (select facility_id, jsonb_agg(d) as ds from (%s) p group by facility_id) g';
  removed jsonb := '[]';
  added jsonb := '[]';
begin
  if tg_op = 'INSERT' then
    execute format(grouped, format(pairs, 'nt')) into added;
  elsif tg_op = 'DELETE' then
    execute format(grouped, format(pairs, 'ot')) into removed;
  else
    execute format(grouped, format(pairs, 'ot') || ' except all ' || format(pairs, 'nt')) into removed;
    execute format(grouped, format(pairs, 'nt') || ' except all ' || format(pairs, 'ot')) into added;
  end if;
  if removed <> '[]' or added <> '[]' then
    perform kmc_start_days_apply(removed, added);
  end if;
  return null;
end $$;

-- One statement trigger per event, each with the transition tables it has.
do $$
declare
  ev text;
begin
  foreach ev in array array['insert', 'update', 'delete'] loop
    execute format('create trigger %I after %s on kmc_episodes referencing %s for each statement
                      execute function kmc_facility_start_days_on_change()',
                   'kmc_facility_start_days_' || left(ev, 3), ev,
                   case ev when 'insert' then 'new table as nt' when 'delete' then 'old table as ot'
                           else 'old table as ot new table as nt' end);
  end loop;
end $$;

insert into kmc_facility_start_days (facility_id, days)
select facility_id, array_agg(((started_at at time zone 'UTC')::date - date '1970-01-01') order by started_at)
  from kmc_episodes where started_at is not null
 group by facility_id;
