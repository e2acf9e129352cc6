-- A unit's closing date, as DHIS2 keeps it (`closedDate`): a facility counts in the scale-up indicators
-- for period ends before it, and stays in the tree with its history. `dhis2_code` keeps a DHIS2 code
-- that is not a valid OpenEENC code (DHIS2 codes are free text, e.g. "OU 167609/MCHP"), so that an
-- export can give it back while our code stays usable in CSV files and URLs.
alter table org_units add column closed_on date;
alter table org_units add column dhis2_code text;
