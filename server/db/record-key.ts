/**
 * A record's cell key (docs/decisions.md, "Partners read perturbed counts"): the first 24 bits of
 * HMAC-SHA256 of its id under the installation's secret (migration 0053), as SQL over an id expression.
 * The secret's two padded keys are uncorrelated subqueries, read once per statement, so the planner
 * inlines the hash (a function reading the table cost three times as much per row).
 */
export const recordKeyOfIdSql = (id: string) =>
  `cell_key_bits(sha256((select okey from cell_key_secret) || sha256((select ikey from cell_key_secret) || uuid_send(${id}))))`;
