import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ScreeningEvent } from '../../../shared/screening/screening.schema';
import { formatDate } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { stepLine } from './client-labels';
import { BirthMatches } from './BirthMatches';
import { EventForm } from './EventForm';
import { getClient, screeningKeys } from './screening.api';
import { CallLink } from '../../ui/CallLink';

function EventLine({ e, onEdit }: { e: ScreeningEvent; onEdit: (() => void) | null }) {
  const { t, i18n } = useTranslation('screening');
  const d = (v: string | null) => (v ? formatDate(v, i18n.language) : '');
  return (
    <li className="pnc-card">
      <div className="pnc-card__head">
        <strong>
          {d(e.takenOn)} · {t(`test.${e.test}`)}
        </strong>
        <span
          className={`badge${e.result === 'positive' || e.result === 'suspected_cancer' ? ' badge--danger' : ''}`}
        >
          {e.result ? t(`result.${e.result}`) : t('result.none')}
        </span>
      </div>
      <p className="muted small">
        {t(`sampleBy.${e.sampleBy}`)} · {e.placeName}
        {e.genotypes.length ? ` · ${e.genotypes.map((g) => t(`genotype.${g}`)).join(', ')}` : ''}
      </p>
      {e.triageMethod ? (
        <p className="small">
          {t(`triage.${e.triageMethod}`)}: {e.triageResult ? t(`result.${e.triageResult}`) : ''}{' '}
          {d(e.triageOn)}
        </p>
      ) : null}
      {e.treatment ? (
        <p className="small">
          {t(`treatment.${e.treatment}`)} · {d(e.treatedOn)}
        </p>
      ) : null}
      {e.counsellingNote ? <p className="small">{e.counsellingNote}</p> : null}
      {onEdit ? (
        <div className="pnc-card__actions">
          <button type="button" className="btn btn--small" onClick={onEdit}>
            {t('edit')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** One woman: her step, recall, HIV status where it may be shown, history; record and complete screens. */
export default function ScreeningClientPage() {
  const { t, i18n } = useTranslation('screening');
  const { id = '' } = useParams();
  const canWrite = useCan()('pnc.write');
  const [editing, setEditing] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const client = useQuery({ queryKey: screeningKeys.client(id), queryFn: () => getClient(id) });
  const c = client.data;
  if (!c)
    return client.isPending ? (
      <Loading />
    ) : (
      <ErrorMessage error={client.error} onRetry={() => void client.refetch()} />
    );
  const editable = c.events.find((e) => e.id === editing);
  return (
    <>
      <PageHeader
        title={c.name ?? t('code', { code: c.id.slice(0, 8) })}
        intro={stepLine(t, c, i18n.language)}
      />
      <p>
        <Link to="/screening">{t('back')}</Link>
      </p>
      <section className="card">
        <p>
          {t('ageYears', { age: c.age })}
          {c.phone ? (
            <>
              {' · '}
              <CallLink phone={c.phone}>{c.phone}</CallLink>
            </>
          ) : null}
          {' · '}
          {c.remindersEnabled ? t('remindersEnabled') : t('remindersOff')}
        </p>
        <p>{c.hivStatus ? `${t('hivStatus')}: ${t(`hiv.${c.hivStatus}`)}` : t('hivHidden')}</p>
        {c.birthId ? <p className="muted small">{t('linkedMother')}</p> : null}
        {c.recalledOn && c.recallReason ? (
          <p className="badge badge--warn">
            {t(`recall.${c.recallReason}`)} ·{' '}
            {t('recalledOn', { date: formatDate(c.recalledOn, i18n.language) })}
            {c.recallRuleVersion !== null ? ` · ${t('ruleVersion', { version: c.recallRuleVersion })}` : null}
          </p>
        ) : null}
      </section>
      {canWrite && !c.birthId ? <BirthMatches client={c} /> : null}
      {canWrite && editable ? (
        <EventForm key={editable.id} client={c} event={editable} onDone={() => setEditing(null)} />
      ) : null}
      {canWrite && !editable ? (
        recording ? (
          <EventForm client={c} onDone={() => setRecording(false)} />
        ) : (
          <button type="button" className="btn btn--primary" onClick={() => setRecording(true)}>
            {t('recordTitle')}
          </button>
        )
      ) : null}
      <h2>{t('history')}</h2>
      {c.events.length === 0 ? <p className="muted">{t('noHistory')}</p> : null}
      <ul className="pnc-list">
        {c.events.map((e) => (
          <EventLine key={e.id} e={e} onEdit={canWrite ? () => setEditing(e.id) : null} />
        ))}
      </ul>
    </>
  );
}
