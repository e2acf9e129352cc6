-- The postnatal-care indicators count the births of one facility and date range (sources pnc_subject and
-- pnc_contact in server/features/indicators/indicator-sources.ts): range scans of these indexes instead
-- of every subject the facility ever had. The second holds only subjects with a recorded contact.
create index pnc_subjects_facility_date_idx on pnc_subjects (facility_id, birth_date) where live_born;
create index pnc_subjects_contacted_idx on pnc_subjects (facility_id, birth_date)
  where live_born and cardinality(done_codes) > 0;
