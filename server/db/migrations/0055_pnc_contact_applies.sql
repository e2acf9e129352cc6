-- Which schedule entries apply to which follow-up subject is a rule written once
-- (shared/pnc/contact-applies.ts). It is generated after migrations as `pnc_contact_applies`
-- (server/features/pnc/pnc-schema.ts), and the view joins subjects and entries by it instead of the
-- hand copy of 0048. This declaration only lets the view be created: it answers nothing until the
-- generated rule replaces it, which happens before the server answers. Same columns as 0048. The
-- entries are a subquery (`offset 0`) so that the planner inlines the rule into the join: it does not
-- inline a function one of whose arguments is a sub-select (the view's array of markers).
create function pnc_contact_applies(subject_kind text, risk_markers text[], danger_found boolean,
                                    for_mother boolean, for_newborn boolean, only_for_markers text[])
  returns boolean language sql immutable as $$
  select null::boolean
$$;

create or replace view pnc_contact_facts as
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
      join (select * from pnc_schedule_entries offset 0) e
        on e.country_id = s.country_id
       and pnc_contact_applies(subject_kind => s.kind, risk_markers => s.risk_markers,
                               danger_found => s.danger_found, for_mother => e.for_mother,
                               for_newborn => e.for_newborn, only_for_markers => e.only_for_markers)
      left join pnc_contacts c on c.subject_id = s.id and c.contact_code = e.code
     where s.live_born
  ) f;
