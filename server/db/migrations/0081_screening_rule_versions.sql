-- Cervical screening rules become editable (issue 22, docs/screening.md): the country's rule version, the
-- version each woman's stored state was derived under, and the version each recall came from. A second
-- reminder after a recall the woman has not answered is sent once: the day it was queued is kept.
alter table country_settings add column screening_version integer not null default 0;
alter table screening_clients add column rule_version integer not null default 0;
alter table screening_recalls add column rule_version integer not null default 0;
-- The day the sweep recorded the recall (the second reminder counts from it) and the second reminder's.
alter table screening_recalls add column swept_on date;
alter table screening_recalls add column second_reminder_on date;
update screening_recalls set swept_on = recall_on;
alter table screening_recalls alter column swept_on set not null;
create index screening_recalls_second_idx on screening_recalls (swept_on) where second_reminder_on is null;
