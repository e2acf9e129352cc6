import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan, useMe } from '../auth/session';
import { listOrgUnits } from '../org-units/org-units.api';
import {
  createExchangeToken,
  exchangeKeys,
  getRegionLink,
  listExchangeTokens,
  putRegionLink,
  revokeExchangeToken,
} from './reports.api';

/**
 * The exchange between instances (docs/reports.md, "Across instances"): on a regional instance the
 * coordinator makes and revokes each country's token; on a country instance the national manager sets
 * the regional instance's address and the token it was given.
 */
export function ExchangePage() {
  const { t } = useTranslation('reports');
  const me = useMe();
  const can = useCan();
  const countries = me.user.scopes.filter((s) => s.kind === 'country' && can('report.write', s.path));
  return (
    <div className="reports">
      <PageHeader title={t('exchangeTitle')} intro={t('exchangeIntro')} />
      {can('report.coordinate') ? <TokensCard /> : null}
      {countries.map((c) => (
        <RegionLinkCard key={c.id} countryId={c.id} countryName={c.name} />
      ))}
    </div>
  );
}

function TokensCard() {
  const { t, i18n } = useTranslation('reports');
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: exchangeKeys.tokens, queryFn: listExchangeTokens });
  const countries = useQuery({
    queryKey: ['reports', 'exchange', 'countries'],
    queryFn: () => listOrgUnits({ kind: 'country' }),
  });
  const [countryId, setCountryId] = useState('');
  const [shown, setShown] = useState<{ token: string; countryName: string } | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: exchangeKeys.tokens });
  const create = useMutation({
    mutationFn: () => createExchangeToken(countryId),
    onSuccess: (made) => {
      setShown({ token: made.token, countryName: made.countryName });
      refresh();
    },
  });
  const revoke = useMutation({ mutationFn: revokeExchangeToken, onSuccess: refresh });
  return (
    <section className="card">
      <h2>{t('tokensTitle')}</h2>
      <p className="muted small">{t('tokensIntro')}</p>
      <form className="filters" onSubmit={submitWith(create)}>
        <SelectField
          label={t('country')}
          value={countryId}
          onChange={(e) => setCountryId(e.target.value)}
          options={[
            { value: '', label: '—' },
            ...(countries.data ?? []).map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <button type="submit" className="btn btn--primary" disabled={!countryId || create.isPending}>
          {t('tokenCreate')}
        </button>
      </form>
      <ErrorMessage error={create.error ?? revoke.error} />
      {shown ? (
        <div role="status" className="exchange-token">
          <p>{t('tokenShownOnce', { country: shown.countryName })}</p>
          <code>{shown.token}</code>
        </div>
      ) : null}
      {tokens.isPending ? <Loading /> : null}
      <ErrorMessage error={tokens.error} onRetry={() => void tokens.refetch()} />
      {tokens.data && tokens.data.length === 0 ? <p className="muted">{t('tokensEmpty')}</p> : null}
      <ul className="reports__list">
        {tokens.data?.map((tk) => (
          <li key={tk.id} className="card">
            <strong>
              {tk.countryName} · …{tk.hint}
            </strong>
            <span className="muted small">
              {t('tokenMade', { date: formatDateTime(tk.createdAt, i18n.language), by: tk.createdBy ?? '—' })}
              {tk.lastUsedAt
                ? ` · ${t('tokenUsed', { date: formatDateTime(tk.lastUsedAt, i18n.language) })}`
                : ''}
            </span>
            {tk.revokedAt ? (
              <span className="badge">
                {t('tokenRevoked', { date: formatDateTime(tk.revokedAt, i18n.language) })}
              </span>
            ) : (
              <button
                type="button"
                className="btn btn--small"
                disabled={revoke.isPending}
                aria-label={t('tokenRevokeOf', { country: tk.countryName, hint: tk.hint })}
                onClick={() => revoke.mutate(tk.id)}
              >
                {t('tokenRevoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RegionLinkCard({ countryId, countryName }: { countryId: string; countryName: string }) {
  const { i18n } = useTranslation('reports');
  const client = useQueryClient();
  const link = useQuery({ queryKey: exchangeKeys.link(countryId), queryFn: () => getRegionLink(countryId) });
  if (!link.data) return link.isPending ? <Loading /> : <ErrorMessage error={link.error} />;
  return (
    <RegionLinkForm
      key={link.data.updatedAt ?? 'new'}
      countryId={countryId}
      countryName={countryName}
      url={link.data.url ?? ''}
      tokenHint={link.data.tokenHint}
      updatedAt={link.data.updatedAt ? formatDateTime(link.data.updatedAt, i18n.language) : null}
      onSaved={(l) => client.setQueryData(exchangeKeys.link(countryId), l)}
    />
  );
}

function RegionLinkForm(props: {
  countryId: string;
  countryName: string;
  url: string;
  tokenHint: string | null;
  updatedAt: string | null;
  onSaved: (l: Awaited<ReturnType<typeof putRegionLink>>) => void;
}) {
  const { t } = useTranslation('reports');
  const form = useFormValues({ url: props.url, token: '' });
  const { url, token } = form.values;
  const save = useMutation({
    mutationFn: () => putRegionLink(props.countryId, { url, ...(token.trim() ? { token } : {}) }),
    onSuccess: props.onSaved,
  });
  const { fieldErrors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(fieldErrors);
  return (
    <form className="card" onSubmit={submitWith(save)}>
      <h2>{t('regionLinkTitle', { country: props.countryName })}</h2>
      <p className="muted small">{t('regionLinkIntro')}</p>
      <TextField label={t('regionUrl')} type="url" inputMode="url" {...field('url')} />
      <TextField
        label={t('regionToken')}
        type="password"
        autoComplete="off"
        hint={props.tokenHint ? t('regionTokenKept', { hint: props.tokenHint }) : t('regionTokenNone')}
        {...field('token')}
      />
      <ErrorMessage error={formError} />
      {props.updatedAt ? (
        <p className="muted small">{t('regionLinkSaved', { date: props.updatedAt })}</p>
      ) : null}
      <button type="submit" className="btn btn--primary" disabled={!url.trim() || save.isPending}>
        {t('saveContent')}
      </button>
    </form>
  );
}
