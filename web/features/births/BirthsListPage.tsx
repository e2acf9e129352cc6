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
import { useFormValues } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { FilterForm } from '../../ui/FilterForm';
import { LoadMoreButton } from '../../ui/LoadMoreButton';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
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
  const { values: form, bind } = useFormValues({ from: '', to: '', flag: '', outcome: '', q: '' });
  const [filters, setFilters] = useState<ListBirthsQuery>({});
  const query = useInfiniteQuery({
    queryKey: birthKeys.list(filters),
    queryFn: ({ pageParam }) =>
      listBirths({ ...filters, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

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
      <PageHeader title={t('title')} intro={t('intro')}>
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
      </PageHeader>
      <FilterForm onSubmit={apply} label={t('filters')}>
        <OrgUnitPicker label={t('facility')} value={facility} onChange={setFacility} />
        <TextField label={t('from')} type="date" {...bind('from')} />
        <TextField label={t('to')} type="date" {...bind('to')} />
        <SelectField
          label={t('flag')}
          {...bind('flag')}
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
          {...bind('outcome')}
          placeholder={t('allOutcomes')}
          options={BIRTH_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        />
        <TextField label={t('searchRecord')} type="search" {...bind('q')} />
      </FilterForm>
      {query.isPending ? <Loading /> : null}
      <ErrorMessage error={query.error} />
      {!query.isPending && items.length === 0 ? <p className="muted">{t('noBirths')}</p> : null}
      {items.length ? (
        <DataTable
          cards
          rows={items}
          rowKey={(b) => b.id}
          columns={[
            { header: t('colDate'), cell: (b) => formatDateTime(b.bornAt, locale) },
            { header: t('colRecord'), cell: (b) => <Link to={`/births/${b.id}`}>{b.recordNumber}</Link> },
            { header: t('colMother'), cell: (b) => b.motherName ?? '—' },
            { header: t('colFacility'), cell: (b) => b.facilityName },
            {
              header: t('colBabies'),
              cell: (b) =>
                b.newborns.map((n) => (
                  <div key={n.id}>
                    {t(`sex.${n.sex}`)} ·{' '}
                    {n.birthWeightGrams === null ? '—' : `${formatNumber(n.birthWeightGrams, locale)} g`} ·{' '}
                    {t(`outcome.${n.outcome}`)}
                  </div>
                )),
            },
            {
              header: t('colWarnings'),
              cell: (b) => <FlagBadges flags={[...b.flags, ...b.newborns.flatMap((n) => n.flags)]} />,
            },
          ]}
        />
      ) : null}
      <LoadMoreButton query={query} />
    </>
  );
}
