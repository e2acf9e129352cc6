import type { Principal } from '../../../shared/auth/principal';
import { toCsvDocument } from '../../../shared/csv/csv-writer';
import { localize } from '../../../shared/i18n/localized-text';
import { translate } from '../../../shared/i18n/messages';
import { describeFilter } from '../../../shared/indicators/filter';
import { DIMENSION_IDS } from '../../../shared/indicators/sources';
import type { IndicatorValue } from '../../../shared/indicators/values';
import type { Locale } from '../../../shared/users/user.schema';
import type { AppDeps } from '../../deps';
import { writeAudit } from '../audit/audit.repo';
import {
  bundleValues,
  computeBundle,
  disaggregationOf,
  getReadableUnit,
  indicatorLibrary,
  periodOf,
} from './indicators.service';

const HEADER = [
  'section',
  'org_unit_code',
  'org_unit_name',
  'period',
  'from',
  'to',
  'dimension',
  'dimension_value',
  'indicator_id',
  'indicator_name',
  'numerator',
  'denominator',
  'value',
  'unit',
  'target',
  'perturbed',
] as const;

type Row = Record<(typeof HEADER)[number], string | number | null>;

/**
 * The dashboard of one org unit and period as a flat table: values, previous period, children, monthly
 * trend and every disaggregation. For partner viewers counts of people are perturbed (cell-key method),
 * marked in the `perturbed` column, and the method is explained: a last `note` row in CSV, a sheet in
 * Excel. Every export is audited.
 */
export async function exportIndicators(
  deps: AppDeps,
  principal: Principal,
  query: {
    orgUnit: string;
    period?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    format: 'csv' | 'xlsx';
    lang?: Locale | undefined;
  },
): Promise<{ body: Buffer; filename: string; contentType: string }> {
  const unit = await getReadableUnit(deps.db, principal, query.orgUnit);
  const period = periodOf(principal, query);
  const defs = [...indicatorLibrary.definitions];
  const lang: Locale = query.lang ?? principal.locale;
  const b = await computeBundle(deps.db, principal, unit, period, defs, {
    previous: true,
    children: true,
    trends: true,
    dims: DIMENSION_IDS,
    asOf: deps.clock.now(),
  });
  const rows: Row[] = [];
  const push = (
    section: string,
    ou: { code: string; name: string },
    p: { id: string; from: string; to: string },
    values: IndicatorValue[],
    dim: { id: string; value: string } | null = null,
  ) => {
    for (const v of values) {
      const d = defs.find((x) => x.id === v.id)!;
      rows.push({
        section,
        org_unit_code: ou.code,
        org_unit_name: ou.name,
        period: p.id,
        from: p.from,
        to: p.to,
        dimension: dim?.id ?? '',
        dimension_value: dim?.value ?? '',
        indicator_id: v.id,
        indicator_name: localize(d.name, lang),
        numerator: v.numerator,
        denominator: v.denominator,
        value: v.value === null ? null : Math.round(v.value * 100) / 100,
        unit: d.unit,
        target: d.target ? `${d.target.direction === 'atLeast' ? '>=' : '<='}${d.target.value}` : '',
        perturbed: v.perturbed.join(';'),
      });
    }
  };
  push('value', unit, period, bundleValues(b, b.main));
  if (b.previous && b.prev) push('previous_period', unit, b.previous, bundleValues(b, b.prev));
  b.children?.forEach((c) => push('child', c.unit, period, bundleValues(b, c.counts)));
  b.trends?.forEach((t) =>
    push('month', unit, { id: t.month, from: t.from, to: t.to }, bundleValues(b, t.counts)),
  );
  for (const dim of DIMENSION_IDS) {
    const split = disaggregationOf(b, dim);
    for (const r of split.rows)
      push('disaggregation', unit, period, r.indicators, { id: dim, value: r.value });
  }
  await writeAudit(deps.db, {
    actor: principal,
    action: 'export',
    entityType: 'indicators',
    orgUnitId: unit.id,
    details: { period: period.id, format: query.format, rows: rows.length, perturbed: b.perturbationApplied },
  });
  const base = `indicators-${unit.code}-${period.id.replace(/\.\./g, '_')}`;
  if (query.format === 'csv') {
    const note = translate(lang, 'indicators.export.perturbationNote');
    const csv = toCsvDocument(HEADER, [
      ...rows.map((r) => HEADER.map((h) => r[h])),
      ...(b.perturbationApplied
        ? [HEADER.map((h) => (h === 'section' ? 'note' : h === 'indicator_name' ? note : ''))]
        : []),
    ]);
    return {
      body: Buffer.from(csv, 'utf8'),
      filename: `${base}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OpenEENC';
  const ws = wb.addWorksheet(translate(lang, 'indicators.export.valuesSheet'));
  ws.columns = HEADER.map((h) => ({ header: h, key: h, width: h.includes('name') ? 36 : 14 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const defsSheet = wb.addWorksheet(translate(lang, 'indicators.export.definitionsSheet'));
  defsSheet.columns = [
    { header: 'indicator_id', key: 'id', width: 28 },
    { header: 'name', key: 'name', width: 40 },
    { header: 'definition', key: 'definition', width: 80 },
    { header: 'numerator', key: 'numerator', width: 60 },
    { header: 'denominator', key: 'denominator', width: 60 },
    { header: 'unit', key: 'unit', width: 10 },
    { header: 'target', key: 'target', width: 10 },
    { header: 'section', key: 'section', width: 14 },
  ];
  defsSheet.getRow(1).font = { bold: true };
  for (const d of defs)
    defsSheet.addRow({
      id: d.id,
      name: localize(d.name, lang),
      definition: localize(d.definition, lang),
      numerator: `${localize(d.numerator.label, lang)}: ${describeFilter(d.numerator.where)}`,
      denominator: d.denominator
        ? `${localize(d.denominator.label, lang)}: ${describeFilter(d.denominator.where)}`
        : '',
      unit: d.unit,
      target: d.target ? `${d.target.direction === 'atLeast' ? '>=' : '<='}${d.target.value}` : '',
      section: d.section,
    });
  if (b.perturbationApplied) {
    const note = wb.addWorksheet(translate(lang, 'indicators.export.notesSheet'));
    note.addRow([translate(lang, 'indicators.export.perturbationNote')]);
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    body: buf,
    filename: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
