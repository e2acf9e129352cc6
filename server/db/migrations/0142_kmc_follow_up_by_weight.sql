-- Issue 16: the KMC follow-up is weekly while the baby is under the country's threshold (default
-- 2,000 g, pnc.kmcWeeklyBelowGrams), then less often (default every second week) until graduation.
-- The weight known to the follow-up is kept on the baby, with whether it is still under the threshold;
-- the marker kmc_follow_up_weekly (shared/pnc/risk-markers.ts) reads it, and the weekly contacts of the
-- schedule are for that marker. The rule is generated after migrations as kmc_follow_up_refresh
-- (server/features/pnc/kmc-follow-up-weight.sql.ts), which also fills these columns the first time.
alter table newborns add column kmc_follow_up_grams integer,
                     add column kmc_follow_up_weekly boolean not null default false;

-- The rule's declaration only lets the triggers below be created; its generated body replaces it.
create function kmc_follow_up_refresh(p_newborn_ids uuid[]) returns void language sql as $$ select $$;

-- A contact recorded, corrected or deleted (by the service, a sync push, a seed or any edit) for a
-- baby in KMC follow-up: the weight known to the follow-up may have changed. One function for every
-- trigger: each names its transition table kmc_rows (an update both the old and the new rows, so a
-- contact moved to another baby refreshes both).
create function kmc_follow_up_contacts_changed() returns trigger language plpgsql as $$
begin
  perform kmc_follow_up_refresh(array(
    select distinct n.id from kmc_rows x join newborns n on n.id = x.subject_id where n.kmc_follow_up));
  return null;
end
$$;
create trigger kmc_follow_up_contacts_insert after insert on pnc_contacts
  referencing new table as kmc_rows for each statement execute function kmc_follow_up_contacts_changed();
create trigger kmc_follow_up_contacts_update_new after update on pnc_contacts
  referencing new table as kmc_rows for each statement execute function kmc_follow_up_contacts_changed();
create trigger kmc_follow_up_contacts_update_old after update on pnc_contacts
  referencing old table as kmc_rows for each statement execute function kmc_follow_up_contacts_changed();
create trigger kmc_follow_up_contacts_delete after delete on pnc_contacts
  referencing old table as kmc_rows for each statement execute function kmc_follow_up_contacts_changed();

-- A discharge in KMC written or corrected (its weight is known to the follow-up before any contact).
create function kmc_follow_up_episodes_changed() returns trigger language plpgsql as $$
begin
  perform kmc_follow_up_refresh(array(
    select distinct e.newborn_id from kmc_new_rows e where e.outcome = 'discharged_in_kmc'));
  return null;
end
$$;
create trigger kmc_follow_up_episodes_insert after insert on kmc_episodes
  referencing new table as kmc_new_rows for each statement execute function kmc_follow_up_episodes_changed();
create trigger kmc_follow_up_episodes_update after update on kmc_episodes
  referencing new table as kmc_new_rows for each statement execute function kmc_follow_up_episodes_changed();

-- Schedules a country stored: where its KMC follow-up contacts are still the old default (weeks 1-12,
-- all for kmc_follow_up, counted from the discharge), the odd weeks become the weekly contacts (for
-- kmc_follow_up_weekly), as in the new default. A country that edited them keeps its edits (weekly
-- whatever the weight, as before).
update country_settings cs
   set pnc = jsonb_set(cs.pnc, '{contacts}', (
         select jsonb_agg(case when c -> 'onlyForMarkers' = '["kmc_follow_up"]'::jsonb
                                    and (substr(c ->> 'code', 2))::int % 2 = 1
                               then jsonb_set(c, '{onlyForMarkers}', '["kmc_follow_up_weekly"]'::jsonb)
                               else c end order by x.ord)
           from jsonb_array_elements(cs.pnc -> 'contacts') with ordinality as x (c, ord)))
 where jsonb_typeof(cs.pnc -> 'contacts') = 'array'
   and (select jsonb_agg(c order by ord) from jsonb_array_elements(cs.pnc -> 'contacts') with ordinality as x (c, ord)
         where c -> 'onlyForMarkers' = '["kmc_follow_up"]'::jsonb)
       = '[{"code":"k1","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":7},"dueUntil":{"unit":"days","value":10},"overdueFrom":{"unit":"days","value":10},"expiresAt":{"unit":"days","value":14},"anchor":"kmc_discharge"},{"code":"k2","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":14},"dueUntil":{"unit":"days","value":17},"overdueFrom":{"unit":"days","value":17},"expiresAt":{"unit":"days","value":21},"anchor":"kmc_discharge"},{"code":"k3","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":21},"dueUntil":{"unit":"days","value":24},"overdueFrom":{"unit":"days","value":24},"expiresAt":{"unit":"days","value":28},"anchor":"kmc_discharge"},{"code":"k4","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":28},"dueUntil":{"unit":"days","value":31},"overdueFrom":{"unit":"days","value":31},"expiresAt":{"unit":"days","value":35},"anchor":"kmc_discharge"},{"code":"k5","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":35},"dueUntil":{"unit":"days","value":38},"overdueFrom":{"unit":"days","value":38},"expiresAt":{"unit":"days","value":42},"anchor":"kmc_discharge"},{"code":"k6","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":42},"dueUntil":{"unit":"days","value":45},"overdueFrom":{"unit":"days","value":45},"expiresAt":{"unit":"days","value":49},"anchor":"kmc_discharge"},{"code":"k7","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":49},"dueUntil":{"unit":"days","value":52},"overdueFrom":{"unit":"days","value":52},"expiresAt":{"unit":"days","value":56},"anchor":"kmc_discharge"},{"code":"k8","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":56},"dueUntil":{"unit":"days","value":59},"overdueFrom":{"unit":"days","value":59},"expiresAt":{"unit":"days","value":63},"anchor":"kmc_discharge"},{"code":"k9","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":63},"dueUntil":{"unit":"days","value":66},"overdueFrom":{"unit":"days","value":66},"expiresAt":{"unit":"days","value":70},"anchor":"kmc_discharge"},{"code":"k10","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":70},"dueUntil":{"unit":"days","value":73},"overdueFrom":{"unit":"days","value":73},"expiresAt":{"unit":"days","value":77},"anchor":"kmc_discharge"},{"code":"k11","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":77},"dueUntil":{"unit":"days","value":80},"overdueFrom":{"unit":"days","value":80},"expiresAt":{"unit":"days","value":84},"anchor":"kmc_discharge"},{"code":"k12","number":null,"core":false,"subjects":["newborn"],"onlyForMarkers":["kmc_follow_up"],"stage":"commune","remind":true,"dueFrom":{"unit":"days","value":84},"dueUntil":{"unit":"days","value":87},"overdueFrom":{"unit":"days","value":87},"expiresAt":{"unit":"days","value":91},"anchor":"kmc_discharge"}]'::jsonb;
