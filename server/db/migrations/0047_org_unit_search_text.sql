-- Org-unit names without diacritics, lower case (shared/org-units/search-text.ts), written with the
-- name by the application: "Hai Chau" finds "Hải Châu". Filled for existing rows after migrating
-- (fillOrgUnitSearchText), since the normalizer is TypeScript.
alter table org_units add column search_text text;

-- The mother's-commune search reads the active communes of one country (a path prefix) and compares
-- their stored search text, without normalizing any row. Where the country holds most of the table the
-- planner reads the table instead (measured: tens of ms for 10,000 communes on PGlite).
create index org_units_active_commune_path_idx on org_units (path text_pattern_ops)
  where kind = 'commune' and active;
