-- Languages as data: the interface languages are the catalogues present (shared/i18n), so the database
-- no longer lists them. It keeps only the shape of a language code; the server checks a saved language
-- against the catalogues. The constraint name is PostgreSQL's default for the column check of 0001.
alter table users drop constraint users_locale_check;
alter table users add constraint users_locale_format check (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$');
