-- The screening results (indicator source `screening_result`, server/features/screening/
-- screening-indicator-source.ts) read from the index alone (issue 21). A screening's row is anywhere in
-- the table, so a region's year read through (client_unit_id, taken_on) fetched one heap page per
-- screening (66,000 pages, 1.8 s at 4 million births). Both indexes carry what the source reads:
-- per unit and day for a service point's cells, per day for a country's or the region's (the range's
-- screenings joined to their units, instead of one lookup per facility).
drop index screening_events_unit_idx;
create index screening_events_unit_idx on screening_events (client_unit_id, taken_on)
  include (client_id, id, result, result_on, triage_on, treated_on);
create index screening_events_taken_idx on screening_events (taken_on)
  include (client_unit_id, client_id, id, result, result_on, triage_on, treated_on);
