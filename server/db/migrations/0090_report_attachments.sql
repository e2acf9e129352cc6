-- Evidence files attached to a report version's manual items (issue 17; docs/decisions.md, "Report
-- attachments in the database"). The bytes live in the row, so an upload, the report's snapshot and a
-- backup are one transaction and one dump. A published version's files never change: the trigger refuses
-- every insert, update and delete on them, whatever the code above does.
create table report_attachments (
  id uuid primary key,
  report_id uuid not null references country_reports (id) on delete cascade,
  value_key text not null,
  filename text not null check (filename <> ''),
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  content bytea not null,
  uploaded_by uuid references users (id),
  uploaded_at timestamptz not null,
  check (octet_length(content) = size_bytes)
);
create index report_attachments_report on report_attachments (report_id, value_key);

create function report_attachments_frozen() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from country_reports r
     where r.id = (case when tg_op = 'DELETE' then old.report_id else new.report_id end)
       and r.state = 'published'
  ) then
    raise exception 'the attachments of a published report cannot change' using errcode = 'check_violation';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create trigger report_attachments_frozen before insert or update or delete on report_attachments
  for each row execute function report_attachments_frozen();
