import type { BreakdownValue, ReportProvince } from '../../../shared/reports/report-breakdown';
import type { Queryable } from '../../db/db';
import type { AssembledProvince } from './report-assembly';

/** SQL of the province breakdown (migration 0091). */

/** Replaces a draft's breakdown in one statement (a country of 63 provinces is ~2,000 rows per save). */
export async function replaceProvinceValues(
  q: Queryable,
  reportId: string,
  provinces: readonly AssembledProvince[],
): Promise<void> {
  await q.query('delete from report_province_values where report_id = $1', [reportId]);
  const rows = provinces.flatMap((p) =>
    p.values.map((v) => ({
      org_unit_id: p.unit.id,
      key: v.key,
      numerator: v.numerator,
      denominator: v.denominator,
      value: v.value,
      partner_numerator: v.partner.numerator,
      partner_denominator: v.partner.denominator,
      partner_value: v.partner.value,
    })),
  );
  if (!rows.length) return;
  await q.query(
    `insert into report_province_values (report_id, org_unit_id, key, numerator, denominator, value,
       partner_numerator, partner_denominator, partner_value)
     select $1, x.org_unit_id, x.key, x.numerator, x.denominator, x.value, x.partner_numerator,
            x.partner_denominator, x.partner_value
       from jsonb_to_recordset($2::jsonb) as x(org_unit_id uuid, key text, numerator double precision,
         denominator double precision, value double precision, partner_numerator double precision,
         partner_denominator double precision, partner_value double precision)`,
    [reportId, JSON.stringify(rows)],
  );
}

type ProvinceRow = {
  org_unit_id: string;
  code: string;
  name: string;
  key: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  partner_numerator: number | null;
  partner_denominator: number | null;
  partner_value: number | null;
};

const num = (n: number | null) => (n === null ? null : Number(n));

/**
 * The breakdown of a version, provinces by name, values in the report's item order; `partner` gives the
 * copies a partner reads instead of the exact values.
 */
export async function listProvinces(
  q: Queryable,
  reportId: string,
  order: readonly string[],
  opts: { partner: boolean },
): Promise<ReportProvince[]> {
  const rows = await q.query<ProvinceRow>(
    `select v.org_unit_id, o.code, o.name, v.key, v.numerator, v.denominator, v.value, v.partner_numerator,
            v.partner_denominator, v.partner_value
       from report_province_values v join org_units o on o.id = v.org_unit_id
      where v.report_id = $1 order by o.name, o.id`,
    [reportId],
  );
  const out = new Map<string, ReportProvince>();
  for (const r of rows) {
    let p = out.get(r.org_unit_id);
    if (!p)
      out.set(r.org_unit_id, (p = { orgUnitId: r.org_unit_id, code: r.code, name: r.name, values: [] }));
    const v: BreakdownValue = opts.partner
      ? {
          key: r.key,
          numerator: num(r.partner_numerator),
          denominator: num(r.partner_denominator),
          value: num(r.partner_value),
        }
      : { key: r.key, numerator: num(r.numerator), denominator: num(r.denominator), value: num(r.value) };
    p.values.push(v);
  }
  const rank = (k: string) => order.indexOf(k);
  for (const p of out.values()) p.values.sort((a, b) => rank(a.key) - rank(b.key));
  return [...out.values()];
}
