import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useCan } from '../auth/session';
import { MoveForm } from './MoveForm';
import { childKindsOf, OrgUnitForm } from './OrgUnitForm';
import { getOrgUnit, orgUnitKeys, setOrgUnitActive } from './org-units.api';

type Mode = 'none' | 'create' | 'edit' | 'move';

export function OrgUnitDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const locale = i18n.language;
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('none');
  const query = useQuery({ queryKey: orgUnitKeys.detail(id), queryFn: () => getOrgUnit(id) });
  const activeMutation = useMutation({
    mutationFn: (active: boolean) => setOrgUnitActive(id, query.data!.version, active),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgUnitKeys.all }),
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorMessage error={query.error} />;
  const unit = query.data;
  const canManage = unit.inScope && can('org_unit.manage', unit.path);
  const close = () => setMode('none');
  const dialog = (of: Exclude<Mode, 'none'>, title: string, form: ReactNode) => (
    <Dialog open={mode === of} title={title} onClose={close}>
      {form}
    </Dialog>
  );
  const rows: Array<[string, string]> = [
    [t('code'), unit.code],
    [t('kind'), tc(`kind.${unit.kind}`)],
    [t('level'), String(unit.level)],
    [t('timezone'), unit.timezone],
  ];
  if (unit.kind === 'facility' || unit.kind === 'commune') {
    rows.push(
      [t('facilityLevel'), unit.facilityLevel ? tc(`facilityLevel.${unit.facilityLevel}`) : '—'],
      [t('providesBirths'), unit.providesBirths ? tc('yes') : tc('no')],
      [t('birthsPerYear'), unit.birthsPerYear === null ? '—' : formatNumber(unit.birthsPerYear, locale)],
      [t('eencIntroducedOn'), formatDate(unit.eencIntroducedOn, locale) || '—'],
      [t('eencTeamFormedOn'), formatDate(unit.eencTeamFormedOn, locale) || '—'],
    );
  }
  if (unit.closedOn) rows.push([t('closedOn'), formatDate(unit.closedOn, locale)]);
  if (unit.dhis2Id) rows.push([t('dhis2Id'), unit.dhis2Id]);
  if (unit.dhis2Code) rows.push([t('dhis2Code'), unit.dhis2Code]);
  rows.push(
    [t('children'), formatNumber(unit.childCount, locale)],
    [t('updatedAt'), formatDateTime(unit.updatedAt, locale)],
  );

  return (
    <section aria-labelledby="unit-title" className="card">
      <nav aria-label="breadcrumb" className="breadcrumb">
        <ol>
          {unit.ancestors.map((a) => (
            <li key={a.id}>
              <Link to={`/org-units/${a.id}`}>{a.name}</Link>
            </li>
          ))}
        </ol>
      </nav>
      <h2 id="unit-title">
        {unit.name} {!unit.active ? <span className="badge badge--muted">{t('inactive')}</span> : null}
      </h2>
      {!unit.inScope ? <p className="muted">{t('outsideScope')}</p> : null}
      <dl className="props">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {canManage ? (
        <div className="form__actions">
          {unit.active && childKindsOf(unit.kind).length ? (
            <button type="button" className="btn btn--primary" onClick={() => setMode('create')}>
              {t('addChild')}
            </button>
          ) : null}
          <button type="button" className="btn btn--secondary" onClick={() => setMode('edit')}>
            {t('editUnit')}
          </button>
          {unit.parentId ? (
            <button type="button" className="btn btn--secondary" onClick={() => setMode('move')}>
              {t('moveUnit')}
            </button>
          ) : null}
          {unit.parentId ? (
            <button
              type="button"
              className="btn btn--danger"
              disabled={activeMutation.isPending}
              onClick={() => {
                if (!unit.active || window.confirm(t('confirmDeactivate', { name: unit.name })))
                  activeMutation.mutate(!unit.active);
              }}
            >
              {unit.active ? t('deactivate') : t('reactivate')}
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={activeMutation.error} />
      {dialog(
        'create',
        t('createTitle', { parent: unit.name }),
        <OrgUnitForm
          mode="create"
          parent={unit}
          onCancel={close}
          onDone={(created) => {
            close();
            void navigate(`/org-units/${created.id}`);
          }}
        />,
      )}
      {dialog(
        'edit',
        t('editTitle', { name: unit.name }),
        <OrgUnitForm mode="edit" unit={unit} onCancel={close} onDone={close} />,
      )}
      {dialog(
        'move',
        t('moveTitle', { name: unit.name }),
        <MoveForm unit={unit} onCancel={close} onDone={close} />,
      )}
    </section>
  );
}
