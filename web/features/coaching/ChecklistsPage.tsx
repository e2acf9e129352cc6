import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdaptedChecklist } from '../../../shared/coaching/checklist-versions.schema';
import type { ChecklistDefinitions } from '../../../shared/coaching/coaching.schema';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { FormCard } from '../../ui/FormCard';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { coachingKeys, copyChecklist, editChecklist, getChecklists } from './coaching.api';
import { useChosenCountry } from '../org-units/use-chosen-country';

type Definition = ChecklistDefinitions['items'][number];
type Lang = 'en' | 'vi';

/** The latest version of each checklist in a list (every version is listed). */
const latestOfEach = (items: Definition[]) => {
  const latest = new Map<string, Definition>();
  for (const d of items) if ((latest.get(d.id)?.version ?? 0) < d.version) latest.set(d.id, d);
  return [...latest.values()];
};

/**
 * A national manager's view of the country's skills checklists: the shipped ones, a copy of each to
 * adapt for the country (items edited, added, removed), and its versions. An edit of a version with
 * recorded checklists becomes the next version; the recorded ones keep theirs.
 */
export function ChecklistsPage() {
  const { t, i18n } = useTranslation('coaching');
  const lang: Lang = i18n.language.startsWith('vi') ? 'vi' : 'en';
  const { countryId, picker } = useChosenCountry(t('country'));
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: coachingKeys.checklists(countryId ?? ''),
    queryFn: () => getChecklists(countryId),
    enabled: Boolean(countryId),
  });
  const copy = useMutation({
    mutationFn: (basedOnId: string) => copyChecklist({ basedOnId, countryId: countryId! }),
    onSuccess: (d) => queryClient.setQueryData(coachingKeys.checklists(countryId!), d),
  });
  const items = q.data?.items ?? [];
  const own = latestOfEach(items.filter((d) => d.countryId));
  const shipped = latestOfEach(items.filter((d) => !d.countryId));
  return (
    <div className="coaching">
      <PageHeader title={t('checklistsTitle')} intro={t('checklistsIntro')} />
      <p>
        <Link to="/coaching">{t('backToCoaching')}</Link>
      </p>
      {picker}
      {q.isPending && countryId ? <Loading /> : null}
      <ErrorMessage error={q.error ?? copy.error} />
      {shipped.map((d) => {
        const copied = own.find((o) => o.basedOnId === d.id);
        return (
          <section key={d.id} className="card checklist-card" aria-label={d.name[lang]}>
            <h2>
              {d.name[lang]} (v{d.version})
            </h2>
            {copied ? (
              <p className="muted">
                {t('checklistReplacedBy', { name: copied.name[lang], version: copied.version })}
              </p>
            ) : (
              <>
                <p className="muted">{t('checklistShipped', { items: itemCount(d) })}</p>
                <button
                  type="button"
                  className="btn btn--secondary"
                  disabled={copy.isPending}
                  onClick={() => copy.mutate(d.id)}
                >
                  {t('adaptChecklist')}
                </button>
              </>
            )}
          </section>
        );
      })}
      {own.map((d) => (
        <ChecklistEditor
          key={d.id}
          countryId={countryId!}
          definition={d}
          versions={items.filter((v) => v.id === d.id)}
          lang={lang}
        />
      ))}
    </div>
  );
}

const itemCount = (d: Pick<Definition, 'domains'>) => d.domains.reduce((n, x) => n + x.items.length, 0);

/** Edits a country's own checklist: its name, domain labels and items (code and text in both languages). */
function ChecklistEditor({
  countryId,
  definition,
  versions,
  lang,
}: {
  countryId: string;
  definition: Definition;
  versions: Definition[];
  lang: Lang;
}) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AdaptedChecklist>(() => ({
    name: definition.name,
    domains: definition.domains,
  }));
  const save = useMutation({
    mutationFn: () => editChecklist(definition.id, { version: definition.rowVersion!, ...draft }),
    onSuccess: (d) => queryClient.setQueryData(coachingKeys.checklists(countryId), d),
  });
  const { fieldErrors, hasFieldErrors, formError } = formErrorsOf(save.error);
  const setDomain = (
    i: number,
    f: (d: AdaptedChecklist['domains'][number]) => AdaptedChecklist['domains'][number],
  ) => setDraft((x) => ({ ...x, domains: x.domains.map((d, k) => (k === i ? f(d) : d)) }));
  const setItem = (i: number, j: number, patch: { code?: string; en?: string; vi?: string }) =>
    setDomain(i, (d) => ({
      ...d,
      items: d.items.map((it, k) =>
        k === j
          ? {
              code: patch.code ?? it.code,
              label: { en: patch.en ?? it.label.en, vi: patch.vi ?? it.label.vi },
            }
          : it,
      ),
    }));
  return (
    <FormCard title={`${definition.name[lang]} (v${definition.version})`} mutation={save}>
      <p className="muted">
        {versions
          .map((v) => t('checklistVersionLine', { version: v.version, records: v.recordCount }))
          .join(' · ')}
      </p>
      <p className="alert alert--warn">
        {definition.recordCount
          ? t('editMakesVersion', { records: definition.recordCount, version: definition.version + 1 })
          : t('editInPlace', { version: definition.version })}
      </p>
      {(['en', 'vi'] as const).map((l) => (
        <TextField
          key={l}
          label={t(`checklistName.${l}`)}
          value={draft.name[l]}
          onChange={(e) => setDraft((x) => ({ ...x, name: { ...x.name, [l]: e.target.value } }))}
          error={fieldErrors[`name.${l}`]}
          required
        />
      ))}
      <ErrorMessage error={fieldErrors.domains} />
      {draft.domains.map((d, i) => (
        <fieldset key={d.code} className="fieldset checklist-domain">
          <legend>{d.label[lang]}</legend>
          <ErrorMessage error={fieldErrors[`domains.${i}.items`]} />
          {d.items.map((it, j) => (
            <div key={j} className="checklist-item" role="group" aria-label={t('itemNumber', { n: j + 1 })}>
              <TextField
                label={t('itemCode')}
                value={it.code}
                onChange={(e) => setItem(i, j, { code: e.target.value })}
                error={fieldErrors[`domains.${i}.items.${j}.code`]}
                required
              />
              {(['en', 'vi'] as const).map((l) => (
                <TextField
                  key={l}
                  label={t(`itemText.${l}`)}
                  value={it.label[l]}
                  onChange={(e) => setItem(i, j, { [l]: e.target.value })}
                  error={fieldErrors[`domains.${i}.items.${j}.label.${l}`]}
                  required
                />
              ))}
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => setDomain(i, (x) => ({ ...x, items: x.items.filter((_, k) => k !== j) }))}
              >
                {t('removeItem')}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() =>
              setDomain(i, (x) => ({ ...x, items: [...x.items, { code: '', label: { en: '', vi: '' } }] }))
            }
          >
            {t('addItem')}
          </button>
        </fieldset>
      ))}
      {save.isSuccess ? (
        <p className="alert alert--success" role="status">
          {t('settingsSaved')}
        </p>
      ) : null}
      <FormFooter formError={formError} hasFieldErrors={hasFieldErrors} pending={save.isPending} />
    </FormCard>
  );
}
