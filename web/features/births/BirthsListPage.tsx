import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ListBirthsQuery } from '../../../shared/births/birth-list.schema';
import { BIRTH_OUTCOMES } from '../../../shared/births/birth.schema';
import { DeliveryFlag, NewbornFlag } from '../../../shared/births/birth-rules';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { formatDateTime, formatNumber } from '../../lib/format';
import { tShared } from '../../lib/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { useCan } from '../auth/session';
import { BirthsExportButton } from '../births-import/BirthsExportButton';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { birthKeys, listBirths } from './births.api';
import { FlagBadges } from './FlagBadges';

const FLAGS = [...Object.values(DeliveryFlag), ...Object.values(NewbornFlag)];

export default function BirthsListPage() {
  const { t, i18n } = useTranslation('births');
  const locale = i18n.language;
  const can = useCan();
  const [facility, setFacility] = useState<OrgUnit | null>(null);
  const [form, setForm] = useState({ from: '', to: '', flag: '', outcome: '', q: '' });
  const [filters, setFilters] = useState<ListBirthsQuery>({});
  const query = useInfiniteQuery({
    queryKey: birthKeys.list(filters),
    queryFn: ({ pageParam }) =>
      listBirths({ ...filters, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  function apply(e: FormEvent) {
    e.preventDefault();
    const next: ListBirthsQuery = {};
    if (facility) next.facility = facility.id;
    if (form.from) next.from = form.from;
    if (form.to) next.to = form.to;
    if (form.flag) next.flag = form.flag;
    if (form.outcome) next.outcome = form.outcome as ListBirthsQuery['outcome'];
    if (form.q.trim()) next.q = form.q.trim();
    setFilters(next);
  }

  return (
    <>
      <div className="page__header">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        <div className="page__actions">
          <BirthsExportButton filters={filters} />
          {can('record.write') ? (
            <>
              <Link className="btn btn--secondary" to="/births/import">
                {t('import')}
              </Link>
              <Link className="btn btn--primary" to="/births/new">
                {t('newBirth')}
              </Link>
            </>
          ) : null}
        </div>
      </div>
      <form className="filters card" onSubmit={apply} aria-label={t('filters')}>
        <OrgUnitPicker label={t('facility')} value={facility} onChange={setFacility} />
        <TextField label={t('from')} type="date" value={form.from} onChange={set('from')} />
        <TextField label={t('to')} type="date" value={form.to} onChange={set('to')} />
        <SelectField
          label={t('flag')}
          value={form.flag}
          onChange={set('flag')}
          placeholder={t('allBirths')}
          options={[
            { value: 'any', label: t('anyFlag') },
            ...FLAGS.map((f) => ({
              value: f,
              label: tShared(`flag.${f}`)
                .replace(/\s*\{\w+\}\s*/g, ' ')
                .trim(),
            })),
          ]}
        />
        <SelectField
          label={t('outcomeFilter')}
          value={form.outcome}
          onChange={set('outcome')}
          placeholder={t('allOutcomes')}
          options={BIRTH_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        />
        <TextField label={t('searchRecord')} type="search" value={form.q} onChange={set('q')} />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary">
            {t('common:search')}
          </button>
        </div>
      </form>
      {query.isPending ? <Loading /> : null}
      <ErrorMessage error={query.error} />
      {!query.isPending && items.length === 0 ? <p className="muted">{t('noBirths')}</p> : null}
      {items.length ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('colDate')}</th>
                <th scope="col">{t('colRecord')}</th>
                <th scope="col">{t('colMother')}</th>
                <th scope="col">{t('colFacility')}</th>
                <th scope="col">{t('colBabies')}</th>
                <th scope="col">{t('colWarnings')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.id}>
                  <td>{formatDateTime(b.bornAt, locale)}</td>
                  <td>
                    <Link to={`/births/${b.id}`}>{b.recordNumber}</Link>
                  </td>
                  <td>{b.motherName ?? '—'}</td>
                  <td>{b.facilityName}</td>
                  <td>
                    {b.newborns.map((n) => (
                      <div key={n.id}>
                        {t(`sex.${n.sex}`)} ·{' '}
                        {n.birthWeightGrams === null ? '—' : `${formatNumber(n.birthWeightGrams, locale)} g`}{' '}
                        · {t(`outcome.${n.outcome}`)}
                      </div>
                    ))}
                  </td>
                  <td>
                    <FlagBadges flags={[...b.flags, ...b.newborns.flatMap((n) => n.flags)]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {query.hasNextPage ? (
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {t('common:loadMore')}
        </button>
      ) : null}
    </>
  );
}
