-- A mapping may send the last month's values to DHIS2 by itself, once a month (docs/dhis2.md): the area,
-- the user whose rights the push uses (who switched it on), and the last month sent (so a month goes
-- out once, whatever the number of server instances or restarts).
alter table dhis2_mappings
  add column monthly_push_unit_id uuid references org_units (id),
  add column monthly_push_by uuid references users (id),
  add column monthly_push_last text;
