-- Offline sync (issue 18): a deleted postnatal contact sends its follow-up again. Deleting a visit
-- recomputes the birth's follow-up (`refreshSubjects`: the contact is due again and back on the
-- worklist), but the change log only named the visit (0107), and a deleted visit no longer names its
-- birth: a commune's postnatal worker (no birth documents; the follow-up is what their device keeps)
-- pulled the removal of the contact and kept the follow-up as it was, with the contact done. A visit's
-- delete now also logs a birth row at the unit the mother's follow-up is assigned to, as 0114 logs a
-- hand-over: the pull sends that follow-up again (if it is on the reader's worklist), with the contact
-- due. A follow-up kept at the birth facility adds no row: readers there get the birth document and its
-- records. A birth deleted with its visits (a cascade) is gone from `births` here and logs nothing.
create function sync_log_deleted_visit_follow_ups() returns trigger language plpgsql as $$
begin
  insert into sync_changes (record_type, record_id, facility_path, old_facility_path, follow_up_path)
  select distinct 'birth', b.id, null::text, null::text, u.path
    from old_rows o join births b on b.id = o.birth_id
    join pnc_subjects s on s.id = b.id join org_units u on u.id = s.assigned_unit_id
   where s.kind = 'mother' and s.assigned_unit_id <> b.facility_id;
  return null;
end $$;

create trigger sync_log_deleted_visit_follow_ups after delete on pnc_visits referencing old table as old_rows
  for each statement execute function sync_log_deleted_visit_follow_ups();
