-- A recorded coaching checklist can be corrected (issue 15): the version guards concurrent edits (409),
-- and the last correction's time and author are kept beside the audit entry. The index finds whether a
-- checklist version has records (an edit of a used version adds a new one, migration 0084).
alter table coaching_checklists
  add column version integer not null default 1,
  add column updated_at timestamptz,
  add column updated_by uuid references users (id);
create index coaching_checklists_version_idx on coaching_checklists (checklist_id, checklist_version);
