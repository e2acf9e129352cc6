import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tShared } from '../../lib/i18n';
import { Dialog } from '../../ui/Dialog';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { labelKeyOf } from './ConflictInboxPage';
import { discardRefused, listRefused, type RefusedChange } from './offline-refused';

/** What a refused change is, in words: "Birth record SB-1", "Postnatal contact c2", "KMC daily log 2026-12-01". */
function useWhat() {
  const { t } = useTranslation('offline');
  return (c: RefusedChange) => {
    if (c.recordType === null) return t('refusedUnreadable');
    const type = t(c.recordType === 'birth' ? 'record' : `record.${c.recordType}`);
    return c.name ? `${type} ${c.name}` : type;
  };
}

function RefusedCard({ c, onDiscard }: { c: RefusedChange; onDiscard: () => void }) {
  const { t } = useTranslation('offline');
  const { t: tb } = useTranslation('births');
  const what = useWhat()(c);
  const fieldOf = (path: string) => {
    const key = c.recordType === 'birth' ? labelKeyOf(path) : undefined;
    return key ? tb(key) : path;
  };
  return (
    <li className="card" data-testid="refused-change">
      <h2>{what}</h2>
      {c.kind ? <p className="muted">{t(`refusedKind.${c.kind}`)}</p> : null}
      <p className="alert alert--error">
        {c.recordType === null
          ? t('refusedUnreadableWhy')
          : c.error?.message
            ? tShared(c.error.message)
            : t('refusedNoMessage')}
      </p>
      {c.error?.issues.length ? (
        <ul className="list">
          {c.error.issues.map((i, n) => (
            <li key={n}>
              {i.path ? <strong>{fieldOf(i.path)}: </strong> : null}
              {tShared(i.message)}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="inline">
        {c.openTo ? (
          <Link className="btn btn--primary" to={c.openTo}>
            {t('refusedOpen')}
          </Link>
        ) : null}
        <button type="button" className="btn btn--secondary" onClick={onDiscard}>
          {t('refusedDiscard')}
        </button>
      </div>
    </li>
  );
}

/**
 * The changes this device sent that the server did not accept (and outbox rows that can no longer be
 * read): what each is, the server's message and issues, a way to the form to correct it, and a discard
 * with a confirmation naming what is lost. All from the device (IndexedDB), so it works offline.
 */
export default function RefusedChangesPage() {
  const { t } = useTranslation('offline');
  const what = useWhat();
  const [items, setItems] = useState<RefusedChange[] | null>(null);
  const [discarding, setDiscarding] = useState<RefusedChange | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const sub = liveQuery(listRefused).subscribe({ next: setItems, error: () => setFailed(true) });
    return () => sub.unsubscribe();
  }, []);
  const discard = async (c: RefusedChange) => {
    await discardRefused(c.opId);
    setDiscarding(null);
  };
  return (
    <>
      <PageHeader title={t('refusedTitle')} intro={t('refusedIntro')} />
      {failed ? <p className="alert alert--error">{t('refusedReadFailed')}</p> : null}
      {items === null && !failed ? <Loading /> : null}
      {items && !items.length ? <p>{t('refusedEmpty')}</p> : null}
      <ul className="card-list">
        {items?.map((c) => (
          <RefusedCard key={c.opId} c={c} onDiscard={() => setDiscarding(c)} />
        ))}
      </ul>
      <Dialog open={discarding !== null} title={t('refusedDiscardTitle')} onClose={() => setDiscarding(null)}>
        {discarding ? (
          <>
            <p>{t('refusedDiscardConfirm', { what: what(discarding) })}</p>
            <div className="inline">
              <button type="button" className="btn btn--danger" onClick={() => void discard(discarding)}>
                {t('refusedDiscardYes')}
              </button>
              <button type="button" className="btn btn--secondary" onClick={() => setDiscarding(null)}>
                {t('refusedKeep')}
              </button>
            </div>
          </>
        ) : null}
      </Dialog>
    </>
  );
}
