-- The province breakdown of a report version (issue 17): the computed values for each province of the
-- country, assembled with the country's values by the same engine call and frozen with them. The
-- partner_* columns, here and on report_values, hold the same values as a partner reads them (counts of
-- people perturbed by the cell-key method, docs/decisions.md), computed from the same counts at assembly:
-- once a report is frozen its records' key sums are no longer at hand.
create table report_province_values (
  report_id uuid not null references country_reports (id) on delete cascade,
  org_unit_id uuid not null references org_units (id),
  key text not null,
  numerator double precision,
  denominator double precision,
  value double precision,
  partner_numerator double precision,
  partner_denominator double precision,
  partner_value double precision,
  primary key (report_id, org_unit_id, key)
);

alter table report_values
  add column partner_numerator double precision,
  add column partner_denominator double precision,
  add column partner_value double precision;
