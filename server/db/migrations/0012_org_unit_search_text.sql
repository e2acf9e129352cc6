-- Org-unit names without diacritics, lower case (shared/org-units/search-text.ts), written with the
-- name by the application: "Hai Chau" finds "Hải Châu". Filled for existing rows after migrating
-- (fillOrgUnitSearchText), since the normalizer is TypeScript.
alter table org_units add column search_text text;

-- The mother's-commune search scans the active communes of one country (a path prefix) and compares
-- their stored search text: no per-row normalization, and nothing but communes read.
create index org_units_active_commune_path_idx on org_units (path text_pattern_ops)
  where kind = 'commune' and active;
