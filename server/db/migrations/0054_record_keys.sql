-- Each record's cell key (migration 0053), computed once when the record is written, so that the
-- indicator rollup triggers read it instead of hashing the id again in every statement (the hash made
-- the birth import about 30 % slower, BENCHMARKS.md). Null for records written before: the queries
-- fall back to hashing their id (recordKeySql), so nothing needs to be filled in here.
alter table births add column record_key integer;
alter table newborns add column record_key integer;
