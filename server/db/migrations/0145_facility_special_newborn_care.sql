-- Whether a facility provides special or intensive newborn care (issue 16: a baby under the country's
-- special-care thresholds is referred urgently where the facility cannot provide it). Declared with the
-- facility's KMC readiness, by the same people (`facility_readiness.write`); null = not declared.
alter table kmc_facility_readiness add column provides_special_care boolean;
alter table kmc_facility_readiness
  add constraint kmc_facility_readiness_nicu_special_care
  check (not (places @> array['nicu']) or provides_special_care is not false);
