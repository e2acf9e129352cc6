-- The birth import's database work per birth (issue 14, BENCHMARKS.md "The 10 % promise, trigger work
-- trimmed"): two of the record-key costs the rollup triggers pay on every batch.
--
-- 1. `cell_key_bits` read its argument three times, so PostgreSQL never inlined it where the argument is
--    the HMAC over the secret's subqueries (an argument used more than once may not hold a subquery):
--    every record key was a SQL-function call of its own. The body below reads it once and gives the
--    same 24 bits (the first three bytes, big-endian), so the planner inlines it. Measured on 100,000
--    ids: 435-504 ms against 228-234 ms, the same sum.
create or replace function cell_key_bits(h bytea) returns integer language sql immutable parallel safe as $$
  select ('x' || encode(substring(h from 1 for 3), 'hex'))::bit(24)::integer
$$;

-- 2. A follow-up subject's record key, stored when the subject is derived (server/features/pnc/
--    pnc-subjects.sql.ts), as births and newborns store theirs (0054). A subject's id is its birth's id
--    (a mother) or its newborn's id (a baby), so the key is the one its birth or newborn row holds. The
--    postnatal rollup read the hash of every new subject twice per batch (its facts and its clock row).
--    Null for subjects derived before: the queries fall back to hashing their id, so nothing is filled in.
alter table pnc_subjects add column record_key integer;
