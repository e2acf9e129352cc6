-- Failed logins per account and client address: wrong passwords from one address slow that address down
-- for that account only (growing delays), so nobody can lock a midwife out by typing her name. The
-- account-wide lockout (users.locked_until) stays for attacks from many addresses.
create table login_failures (
  user_id uuid not null references users (id) on delete cascade,
  address text not null,
  failures integer not null,
  blocked_until timestamptz,
  last_failed_at timestamptz not null,
  primary key (user_id, address)
);
