-- KMC follow-up to graduation (issue 16). A baby discharged in KMC is followed by the postnatal
-- follow-up engine until it graduates: `newborns.kmc_follow_up` gives it the `kmc_follow_up` risk
-- marker (generated rule, shared/pnc/risk-markers.ts), so the schedule's KMC contacts (contacts for
-- that marker only) apply to it through the one "applies" rule, on the PNC worklists. The KMC service
-- sets it at a discharge in KMC and clears it at graduation; the marker change re-derives the
-- follow-up subject through the existing newborn triggers.
alter table newborns add column kmc_follow_up boolean not null default false;

-- Graduation: when the country's criterion was met (weight or post-menstrual age, settings), only
-- after a discharge in KMC.
alter table kmc_episodes
  add column graduated_on date,
  add column graduation_weight_grams integer check (graduation_weight_grams between 400 and 8000),
  add column graduation_pma_weeks smallint check (graduation_pma_weeks between 20 and 70),
  add constraint kmc_episodes_graduation_check
    check (graduated_on is null or (outcome = 'discharged_in_kmc' and graduated_on >= discharged_on));
