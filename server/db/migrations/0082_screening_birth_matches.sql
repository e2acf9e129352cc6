-- A woman registered by hand for cervical screening may later be the mother of a birth record (issue 22,
-- docs/screening.md). The match is proposed when read and confirmed by setting screening_clients.birth_id;
-- a rejected proposal is kept here so that it is not proposed again.
create table screening_birth_rejections (
  client_id uuid not null references screening_clients (id) on delete cascade,
  birth_id uuid not null references births (id) on delete cascade,
  rejected_at timestamptz not null,
  rejected_by uuid references users (id),
  primary key (client_id, birth_id)
);
