import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../../shared/auth/principal';
import { AppError, validationError } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import type { ExchangeToken } from '../../../shared/reports/exchange.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { toIso, toIsoOrNull } from '../../lib/rows';
import { auditChange, auditSubject } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { partOf } from './report-access';

/**
 * The regional coordinator's per-country tokens (docs/reports.md, "Across instances"). A token is shown
 * once when it is made; only its SHA-256 hash is stored (like session tokens), with its last characters
 * to tell tokens apart. Making and revoking are audited.
 */
const TOKEN = auditSubject('report_exchange_token');
const PREFIX = 'oeenc_rx_';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

type TokenRow = {
  id: string;
  country_id: string;
  country_name: string;
  hint: string;
  created_at: Date | string;
  created_by: string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
};
const SELECT = `select t.id, t.country_id, o.name as country_name, t.hint, t.created_at, u.display_name as created_by,
  t.revoked_at, t.last_used_at
  from report_exchange_tokens t join org_units o on o.id = t.country_id left join users u on u.id = t.created_by`;

const toToken = (r: TokenRow): ExchangeToken => ({
  id: r.id,
  countryId: r.country_id,
  countryName: r.country_name,
  hint: r.hint,
  createdAt: toIso(r.created_at),
  createdBy: r.created_by,
  revokedAt: toIsoOrNull(r.revoked_at),
  lastUsedAt: toIsoOrNull(r.last_used_at),
});

/** A country the principal coordinates (strictly below their scope), or the refusal. */
async function coordinatedCountry(q: Queryable, principal: Principal, countryId: string) {
  const country = await findOrgUnit(q, countryId);
  if (!country) throw new AppError('not_found', 'errors.notFound');
  if (country.kind !== 'country')
    throw validationError([{ path: 'countryId', message: 'reports.notCountry' }]);
  if (!partOf(principal, country.path, [], 'draft').coordinator)
    throw new AppError('out_of_scope', 'errors.outOfScope');
  return country;
}

/** Tokens of the countries the coordinator's scopes sit strictly above, newest first. */
export async function listExchangeTokens(deps: AppDeps, principal: Principal): Promise<ExchangeToken[]> {
  const paths = principal.scopes.map((s) => s.path);
  const rows = await deps.db.query<TokenRow>(
    `${SELECT} where exists (select 1 from unnest($1::text[]) p where o.path like p || '%' and o.path <> p)
     order by o.name, t.created_at desc`,
    [paths],
  );
  return rows.map(toToken);
}

export async function createExchangeToken(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
): Promise<ExchangeToken & { token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = newId();
  await deps.db.transaction(async (tx) => {
    const country = await coordinatedCountry(tx, principal, countryId);
    await tx.query(
      `insert into report_exchange_tokens (id, country_id, token_hash, hint, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [id, country.id, hashOf(token), token.slice(-4), principal.userId, deps.clock.now()],
    );
    await auditChange(tx, principal, 'create', TOKEN(id, country.id), { after: { hint: token.slice(-4) } });
  });
  const [row] = await deps.db.query<TokenRow>(`${SELECT} where t.id = $1`, [id]);
  return { ...toToken(row!), token };
}

export async function revokeExchangeToken(
  deps: AppDeps,
  principal: Principal,
  tokenId: string,
): Promise<ExchangeToken> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.query<{ country_id: string; revoked_at: Date | null }>(
      'select country_id, revoked_at from report_exchange_tokens where id = $1 for update',
      [tokenId],
    );
    if (!row) throw new AppError('not_found', 'errors.notFound');
    await coordinatedCountry(tx, principal, row.country_id);
    if (row.revoked_at) return;
    await tx.query('update report_exchange_tokens set revoked_at = $2, revoked_by = $3 where id = $1', [
      tokenId,
      deps.clock.now(),
      principal.userId,
    ]);
    await auditChange(tx, principal, 'update', TOKEN(tokenId, row.country_id), {
      after: { revoked: true },
    });
  });
  const [row] = await deps.db.query<TokenRow>(`${SELECT} where t.id = $1`, [tokenId]);
  return toToken(row!);
}

/** The country a request's `Authorization: Bearer` token was made for; 401 when missing, unknown or revoked. */
export type ExchangeCaller = { tokenId: string; countryId: string; countryCode: string; countryName: string };

export async function authenticateExchange(
  deps: AppDeps,
  authorization: string | undefined,
): Promise<ExchangeCaller> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const [row] = token
    ? await deps.db.query<{ id: string; country_id: string; code: string; name: string }>(
        `select t.id, t.country_id, o.code, o.name from report_exchange_tokens t join org_units o on o.id = t.country_id
         where t.token_hash = $1 and t.revoked_at is null`,
        [hashOf(token)],
      )
    : [];
  if (!row) throw new AppError('unauthenticated', 'reports.exchangeTokenRefused');
  await deps.db.query('update report_exchange_tokens set last_used_at = $2 where id = $1', [
    row.id,
    deps.clock.now(),
  ]);
  return { tokenId: row.id, countryId: row.country_id, countryCode: row.code, countryName: row.name };
}
