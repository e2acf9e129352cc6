-- A baby who died in the facility (discharged as died, or died during resuscitation: the rule
-- DIED_IN_FACILITY_WHERE of shared/births/birth-rules.ts, which `pnc_subjects.alive` negates) is left
-- out of the newborn PNC cohorts (issue 12): the view says so in its own column, so that the per-subject
-- indicators can drop those babies while the per-contact ones keep any contact made before the death.
-- The same columns as 0020 plus `died_in_facility` (a view's columns cannot be reordered in place).
drop view pnc_contact_facts;
create view pnc_contact_facts as
select f.*,
       f.done_at is not null and f.done_at >= f.due_from and f.done_at < f.due_until as on_time
  from (
    select s.id as subject_id, s.kind as subject, s.birth_id, s.newborn_id, s.birth_order,
           e.code as contact_code, e.number as contact_number, e.core, e.stage,
           s.facility_id, s.commune_id, s.country_id, s.birth_date, s.born_at,
           (case when e.due_from_day0 then s.day0 else s.born_at end) + e.due_from_h * interval '1 hour' as due_from,
           (case when e.due_until_day0 then s.day0 else s.born_at end) + e.due_until_h * interval '1 hour' as due_until,
           (case when e.overdue_day0 then s.day0 else s.born_at end) + e.overdue_h * interval '1 hour' as overdue_at,
           (case when e.expires_day0 then s.day0 else s.born_at end) + e.expires_h * interval '1 hour' as expires_at,
           not s.alive or s.deceased as cancelled,
           not s.alive as died_in_facility,
           c.id as contact_id, c.done_at, c.place, c.danger_signs,
           cardinality(c.danger_signs) > 0 as danger_signs_found,
           c.referred, c.exclusive_bf_yesterday, c.referral_status, c.referral_outcome
      from pnc_subjects s
      join pnc_schedule_entries e
        on e.country_id = s.country_id
       and case when s.kind = 'mother' then e.for_mother
                else e.for_newborn and (cardinality(e.only_for_markers) = 0
                                        or s.risk_markers && e.only_for_markers
                                        or (s.danger_found and 'danger_signs' = any(e.only_for_markers)))
           end
      left join pnc_contacts c on c.subject_id = s.id and c.contact_code = e.code
     where s.live_born
  ) f;
