-- Report exchange between instances, country side (issue 17): the regional instance a country sends its
-- reports to, with the token the region's coordinator gave (kept on the server to be sent; the API shows
-- its last characters only), and on a sent report the id the region gave it and when its review was last
-- fetched.
create table report_region_links (
  country_id uuid primary key references org_units (id),
  url text not null check (url ~ '^https?://'),
  token text not null,
  updated_by uuid references users (id),
  updated_at timestamptz not null
);

alter table country_reports
  add column region_report_id uuid,
  add column region_synced_at timestamptz;
