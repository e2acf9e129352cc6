-- Discharge checks read from the daily log (issue 16, shared/kmc/kmc-discharge.ts): per check the log
-- can answer (weight gain, temperature stable), what the log said at discharge and the nurse's reason
-- when the answer recorded in `discharge_checks` differs. Null for episodes discharged before this.
alter table kmc_episodes add column discharge_checks_from_log jsonb;
