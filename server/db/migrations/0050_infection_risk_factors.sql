-- Newborn infection risk factors (issue 12; facts sheet §8.3, WHO SMART PNC DAK [V: S38]: membranes
-- ruptured more than 18 h before birth, maternal fever in labour). Recorded on the delivery; each baby's
-- row carries a copy (as it carries birth_date), since they are the baby's risk factors and the newborn
-- risk markers are computed from the newborn row alone (0051).
alter table births add column membranes_ruptured_over_18h boolean, add column maternal_fever_in_labour boolean;
alter table newborns add column membranes_ruptured_over_18h boolean, add column maternal_fever_in_labour boolean;
