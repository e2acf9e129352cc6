-- Completion certificates (docs/coaching.md): a participant who completed a course gets a verification
-- code, printed on the certificate and checked by a public URL of the instance. Cleared when the
-- completion is withdrawn, so that a withdrawn certificate no longer verifies.
alter table coaching_participants add column certificate_code text unique;
