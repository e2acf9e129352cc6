-- Which version of the birth rules (BIRTH_RULES_VERSION, shared/births/birth-rules.ts) the stored derived
-- values (the newborns' bands, practices and flags, the births' flags) were computed with. A start whose
-- rules are newer re-derives every birth once, in batches that each record how far they got, so that an
-- interrupted pass resumes (server/features/births/rederive.service.ts). No row: a database written
-- before the rules had a version, re-derived unless it holds no birth.
create table birth_rules_state (
  id boolean primary key default true check (id),
  -- Every birth was derived with this version.
  version integer not null,
  -- A pass towards a newer version: its version, and the last birth id (in id order) it re-derived.
  pass_version integer,
  pass_after uuid
);
