-- The cell-key method (docs/decisions.md, "Partners read perturbed counts"): every record gets a
-- pseudo-random key, HMAC-SHA256 of its id under a secret of this installation. The secret is made
-- here, once, from the database's random generator, and never leaves the database: no route reads
-- this table, and the keys are only ever summed into cell keys that decide a count's perturbation.
-- Kept as HMAC's inner and outer padded keys (64 bytes each), so the hash is two sha256 calls.
create table cell_key_secret (
  only_row boolean primary key default true check (only_row),
  ikey bytea not null,
  okey bytea not null
);

insert into cell_key_secret (ikey, okey)
select decode(string_agg(lpad(to_hex(b # 54), 2, '0'), '' order by i), 'hex'),
       decode(string_agg(lpad(to_hex(b # 92), 2, '0'), '' order by i), 'hex')
  from (select i, case when i < 32 then get_byte(k, i) else 0 end as b
          from (select sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text
                                         || gen_random_uuid()::text, 'UTF8')) as k) s,
               generate_series(0, 63) as i) x;

-- A record's key: the first 24 bits of HMAC-SHA256(secret, id), in [0, 2^24) (shared/indicators/cell-key.ts).
-- The indicator queries write the hash inline with the secret as uncorrelated subqueries (read once per
-- statement, recordKeySql in indicator-sources.ts): a SQL function that reads a table is not inlined and
-- costs three times as much per row (measured: 22 µs against 7 µs on PostgreSQL).
create function cell_key_bits(h bytea) returns integer language sql immutable parallel safe as $$
  select (get_byte(h, 0) << 16) | (get_byte(h, 1) << 8) | get_byte(h, 2)
$$;

create function cell_record_key(id uuid) returns integer language sql stable parallel safe as $$
  select cell_key_bits(sha256(s.okey || sha256(s.ikey || uuid_send(id)))) from cell_key_secret s
$$;
