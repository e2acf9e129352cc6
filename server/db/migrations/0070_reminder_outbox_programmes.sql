-- The reminder outbox serves every follow-up programme (postnatal contacts, cervical screening): each
-- row names its programme, and a screening reminder goes to the woman followed (recipient 'client').
alter table pnc_reminders add column programme text not null default 'pnc';
alter table pnc_reminders add column client_id uuid references screening_clients (id) on delete cascade;
alter table pnc_reminders drop constraint pnc_reminders_recipient_check;
alter table pnc_reminders add constraint pnc_reminders_recipient_check
  check (recipient in ('mother', 'worker', 'client'));
alter table pnc_reminders add constraint pnc_reminders_client_check check ((recipient = 'client') = (client_id is not null));
create index pnc_reminders_client_idx on pnc_reminders (client_id) where client_id is not null;
