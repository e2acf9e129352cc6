-- The time of discharge (issue 12): local time at the facility on discharge_date, so that a discharge
-- less than 24 h after birth is found when it falls on the next day. Null for older records, whose
-- early discharge stays judged by the calendar day (shared/births/birth-rules.ts).
alter table newborns add column discharge_time text
  check (discharge_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
