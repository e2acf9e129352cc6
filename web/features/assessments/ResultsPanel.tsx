import { useTranslation } from 'react-i18next';
import type { AssessmentResults } from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import type { Locale } from '../../../shared/users/user.schema';
import { formatNumber } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import type { ActionDraft } from './ActionPlan';
import { useLocalized } from './use-localized';

const pct = (v: number | null, locale: Locale) => (v === null ? '–' : `${formatNumber(v, locale, 0)}%`);

export function StandardsTable({
  results,
  definition,
  compact = false,
}: {
  results: AssessmentResults;
  definition: ChecklistDefinition;
  compact?: boolean;
}) {
  const { t } = useTranslation('assessments');
  const { l, locale } = useLocalized();
  return (
    <DataTable
      className="standards-table"
      rows={results.standards}
      rowKey={(s) => s.id}
      rowProps={(s) => ({ 'data-standard': s.id })}
      columns={[
        {
          header: t('standard'),
          isRowHeader: true,
          cell: (s) => (
            <>
              {l(definition.standards.find((x) => x.id === s.id)?.title) || s.id}
              {s.requiredForStatus ? (
                <span className="badge" title={t('requiredForStatus')}>
                  ★<span className="visually-hidden"> {t('requiredForStatus')}</span>
                </span>
              ) : null}
              {!compact && s.pending ? (
                <span className="muted small"> · {t('pendingNote', { count: s.pending })}</span>
              ) : null}
            </>
          ),
        },
        { header: t('numerator'), className: 'num', cell: (s) => formatNumber(s.numerator, locale) },
        { header: t('denominator'), className: 'num', cell: (s) => formatNumber(s.denominator, locale) },
        { header: t('percent'), className: 'num', cell: (s) => pct(s.percent, locale) },
        { header: t('target'), className: 'num', cell: (s) => pct(s.targetPercent, locale) },
        {
          header: t('result'),
          cell: (s) => (
            <span className={`std-status std-status--${s.status}`}>{t(`standardStatus.${s.status}`)}</span>
          ),
        },
      ]}
    >
      <p className={results.meetsStandards ? 'std-status std-status--met' : 'muted'}>
        ★ {results.meetsStandards ? t('meetsStandards') : t('notMeetsStandards')}
      </p>
    </DataTable>
  );
}

export function AreaScores({
  results,
  definition,
}: {
  results: AssessmentResults;
  definition: ChecklistDefinition;
}) {
  const { t } = useTranslation('assessments');
  const { l, locale } = useLocalized();
  return (
    <ul className="area-scores">
      {results.areas.map((a) => {
        const title = l(definition.areas.find((x) => x.id === a.id)?.title) || a.id;
        return (
          <li key={a.id} className="area-score" data-area={a.id}>
            <span className="area-score__title">{title}</span>
            <span className={`meter meter--${a.band ?? 'none'}`} aria-hidden="true">
              <span className="meter__fill" style={{ width: `${a.percent ?? 0}%` }} />
            </span>
            <span className="area-score__value">
              {a.percent === null ? t('noScore') : `${pct(a.percent, locale)} · ${t(`band.${a.band}`)}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function Priorities({
  results,
  definition,
  onAddAction,
  maxGaps = 5,
}: {
  results: AssessmentResults;
  definition: ChecklistDefinition;
  onAddAction?: (draft: ActionDraft) => void;
  maxGaps?: number;
}) {
  const { t } = useTranslation('assessments');
  const { l, locale } = useLocalized();
  const itemText = (id: string) => {
    for (const s of definition.sections) {
      const item = s.items.find((i) => i.id === id);
      if (item) return l(item.text);
    }
    return id;
  };
  if (results.priorities.length === 0)
    return (
      <p className="muted">{t('noPriorities', { percent: definition.scoring.priorities.belowPercent })}</p>
    );
  return (
    <ol className="priorities">
      {results.priorities.map((p) => {
        const title = l(definition.areas.find((a) => a.id === p.areaId)?.title) || p.areaId;
        return (
          <li key={p.areaId} className="priority" data-area={p.areaId}>
            <strong>{title}</strong> — {pct(p.percent, locale)}
            {onAddAction ? (
              <button
                type="button"
                className="btn btn--secondary btn--small no-print"
                onClick={() =>
                  onAddAction({
                    source: { kind: 'area', id: p.areaId },
                    problem: `${title}: ${pct(p.percent, locale)}`,
                  })
                }
              >
                {t('addActionFor')}
              </button>
            ) : null}
            {p.gaps.length ? (
              <ul className="gaps">
                {p.gaps.slice(0, maxGaps).map((g) => (
                  <li key={g.itemId}>
                    {itemText(g.itemId)} — {pct(g.percent, locale)}
                    {onAddAction ? (
                      <button
                        type="button"
                        className="btn btn--link btn--small no-print"
                        aria-label={`${t('addActionFor')}: ${itemText(g.itemId)}`}
                        onClick={() =>
                          onAddAction({
                            source: { kind: 'item', id: g.itemId },
                            problem: `${itemText(g.itemId)} (${pct(g.percent, locale)})`,
                          })
                        }
                      >
                        {t('addActionFor')}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
