import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Course } from '../../../shared/coaching/coaching.schema';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { addParticipants, coachingKeys, getRoster } from './coaching.api';

/** Choose many workers of a facility's roster (the venue's by default) and add them in one request. */
export function AddParticipants({ course }: { course: Course }) {
  const { t } = useTranslation('coaching');
  const queryClient = useQueryClient();
  const [facility, setFacility] = useState<Pick<OrgUnit, 'id' | 'name'> | null>({
    id: course.venueId,
    name: course.venueName,
  });
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const roster = useQuery({
    queryKey: coachingKeys.roster(facility?.id ?? '', false, search),
    queryFn: () => getRoster(facility!.id, false, search),
    enabled: facility !== null,
  });
  const enrolled = new Set(course.participantList.map((p) => p.worker.id));
  const candidates = roster.data?.items ?? [];
  const add = useMutation({
    mutationFn: () => addParticipants(course.id, [...chosen]),
    onSuccess: async (c) => {
      queryClient.setQueryData(coachingKeys.course(course.id), c);
      setChosen(new Set());
      await queryClient.invalidateQueries({ queryKey: coachingKeys.courses('') });
    },
  });
  const toggle = (id: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <section className="card" aria-labelledby="add-participants-title">
      <h2 id="add-participants-title">{t('addParticipants')}</h2>
      <div className="inline">
        <OrgUnitPicker label={t('rosterOf')} value={facility} kinds={['facility']} onChange={setFacility} />
        <TextField
          label={t('search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {roster.isPending && facility ? <Loading /> : null}
      <ErrorMessage error={roster.error} />
      {candidates.length ? (
        <>
          <label className="select-all">
            <input
              type="checkbox"
              checked={candidates.every((w) => enrolled.has(w.id) || chosen.has(w.id))}
              onChange={(e) =>
                candidates.forEach((w) => !enrolled.has(w.id) && toggle(w.id, e.target.checked))
              }
            />{' '}
            {t('selectAll')}
          </label>
          <ul className="pick-list">
            {candidates.map((w) => (
              <li key={w.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(w.id)}
                    onChange={(e) => toggle(w.id, e.target.checked)}
                  />{' '}
                  {w.name ?? w.code} · {t(`cadre.${w.cadre}`)} · {t(`ward.${w.ward}`)}
                  {enrolled.has(w.id) ? <span className="muted"> ({t('alreadyIn')})</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : roster.data ? (
        <p className="muted">{t('rosterEmpty')}</p>
      ) : null}
      <ErrorMessage error={add.error} />
      <button
        type="button"
        className="btn btn--primary"
        disabled={chosen.size === 0 || add.isPending}
        onClick={() => add.mutate()}
      >
        {t('addSelected', { count: chosen.size })}
      </button>
    </section>
  );
}
