-- The KMC episode follows its baby's birth record (issue 16). A baby recorded as died in the facility
-- (`pnc_newborn_alive`, generated after migrations from the one rule `diedInFacility` of
-- shared/births/birth-rules.ts) closes its open episode as died, on the date of discharge (or of birth
-- after a death during resuscitation), keeping the country's KMC cut-offs in force as closed episodes
-- do. A birth moved to another facility moves its episode. The birth edit that causes this is audited.
create function kmc_follow_newborn() returns trigger language plpgsql as $$
begin
  if new.facility_id is distinct from old.facility_id then
    update kmc_episodes set facility_id = new.facility_id where newborn_id = new.id;
  end if;
  if new.outcome = 'live_birth'
     and not pnc_newborn_alive(new.outcome, new.discharge_status, new.resuscitation_outcome) then
    update kmc_episodes e
       set discharged_on = greatest(coalesce(new.discharge_date, new.birth_date),
                                    coalesce((e.started_at at time zone f.timezone)::date, new.birth_date)),
           outcome = 'died',
           closed_rule = jsonb_build_object(
             'kmcMaxWeightGrams', s.eenc -> 'kmcMaxWeightGrams', 'kmcWeightCutoff', s.eenc -> 'kmcWeightCutoff',
             'kmcMaxGestationalWeeks', s.eenc -> 'kmcMaxGestationalWeeks', 'kmcWeeksCutoff', s.eenc -> 'kmcWeeksCutoff'),
           closed_eligible = new.kmc_eligible,
           version = e.version + 1,
           updated_at = now()
      from org_units f
      cross join lateral (
        select eenc_default_settings() || coalesce(
                 (select cs.eenc from country_settings cs where cs.country_id = nullif(split_part(f.path, '/', 3), '')::uuid),
                 '{}'::jsonb) as eenc) s
     where e.newborn_id = new.id and e.discharged_on is null and f.id = new.facility_id;
  end if;
  return null;
end $$;

-- Only when what it reads changed: re-derivations and other edits of a baby cost nothing here.
create trigger kmc_follow_newborn after update on newborns
  for each row when (new.facility_id is distinct from old.facility_id
                     or new.outcome is distinct from old.outcome
                     or new.discharge_status is distinct from old.discharge_status
                     or new.resuscitation_outcome is distinct from old.resuscitation_outcome)
  execute function kmc_follow_newborn();
