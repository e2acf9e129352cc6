-- The seed of this installation's perturbation table (shared/indicators/cell-key.ts,
-- perturbationTableOf): HMAC-SHA256 of a fixed label under the cell-key secret (migration 0053). The
-- server reads these 32 bytes to build the table; they tell nothing about the secret or the record keys,
-- and like the secret they never leave the server (no route returns them or the table).
create function cell_key_table_seed() returns bytea language sql stable parallel safe as $$
  select sha256(s.okey || sha256(s.ikey || convert_to('openeenc perturbation table', 'UTF8'))) from cell_key_secret s
$$;
