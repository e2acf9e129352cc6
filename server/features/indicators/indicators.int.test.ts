import { COACHING_CHECKLIST_INDICATORS } from '../../../shared/coaching/checklist-indicators';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBirthRaw, buildNewbornRaw } from '../../../shared/births/birth-builders';
import { loadIndicators } from '../../../shared/indicators/definitions';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { rateOf } from '../../../shared/indicators/values';
import { KMC_INDICATORS } from '../../../shared/kmc/kmc-indicators';
import { SCREENING_INDICATORS } from '../../../shared/screening/screening-indicators';
import { orgUnitIdOf } from '../../seed/demo';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app';
import { withoutTimeline } from './indicator-source-registry';
import { setDayRollupReads } from './indicator-day-rollup';
import { loadPerturbationTable } from './perturbation-table';

const H01 = orgUnitIdOf('VN-DN-H01');
const DN = orgUnitIdOf('VN-DN');
const VN = orgUnitIdOf('VN');
const QNA = orgUnitIdOf('VN-QNA');
const HC_H = orgUnitIdOf('VN-DN-HC-H');

let t: TestApp;
let midwife: TestClient;
let province: TestClient;

const value = (r: ValuesResponse, id: string) => r.indicators.find((v) => v.id === id)!;
async function values(client: TestClient, orgUnit: string, period: string, extra = '') {
  const res = await client.get(`/api/indicators/values?orgUnit=${orgUnit}&period=${period}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ValuesResponse;
}
async function record(client: TestClient, overrides: Parameters<typeof buildBirthRaw>[0] = {}) {
  const res = await client.post('/api/births', buildBirthRaw({ facilityId: H01, ...overrides }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; newborns: Array<{ id: string }> };
}

beforeAll(async () => {
  t = await createTestApp();
  midwife = await t.login('midwife.dn');
  province = await t.login('province.dn');
});
afterAll(() => t?.close());

describe('freshness: a saved birth is counted by the next query', () => {
  it('counts a new birth at the facility, the district-less province and the country, and in custom ranges', async () => {
    const before = await values(province, DN, '202601');
    await record(midwife, {
      mother: { recordNumber: 'F-1' },
      delivery: { bornAt: '2026-01-15T08:00:00+07:00' },
    });
    for (const unit of [H01, DN]) {
      const after = await values(province, unit, '202601');
      expect(value(after, 'live_births').numerator).toBe(
        unit === DN ? value(before, 'live_births').numerator! + 1 : 1,
      );
    }
    // a range that does not align to months: 10–20 January holds it, 16–31 January does not
    const inside = await province.get(`/api/indicators/values?orgUnit=${DN}&from=2026-01-10&to=2026-01-20`);
    const outside = await province.get(`/api/indicators/values?orgUnit=${DN}&from=2026-01-16&to=2026-01-31`);
    expect(value(inside.json(), 'live_births').numerator).toBe(1);
    expect(value(outside.json(), 'live_births').numerator).toBe(0);
    expect(value(inside.json(), 'deliveries').numerator).toBe(1);
  });

  it('counts twins as two babies and one delivery, and the practices of each baby', async () => {
    await record(midwife, {
      mother: { recordNumber: 'F-2' },
      delivery: { bornAt: '2026-02-03T10:00:00+07:00', babyCount: 2, mode: 'caesarean' },
      newborns: [
        buildNewbornRaw({ birthOrder: 1, sscStartedMinutes: 3 }),
        buildNewbornRaw({ birthOrder: 2, sscStartedMinutes: 5 }),
      ],
    });
    const r = await values(province, H01, '202602');
    expect(r.orgUnit.code).toBe('VN-DN-H01');
    expect(r.ancestors.map((u: { code: string }) => u.code)).toEqual(['WPR', 'VN', 'VN-DN']);
    expect(value(r, 'deliveries').numerator).toBe(1);
    expect(value(r, 'live_births').numerator).toBe(2);
    expect(value(r, 'immediate_ssc')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(value(r, 'caesarean_rate')).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
  });
});

describe('practices that do not apply and deaths during resuscitation (facts sheet §2.6)', () => {
  it('counts a death during resuscitation without a discharge and leaves it out of early breastfeeding', async () => {
    const unfed = { breastfeedStartedMinutes: null, breastfeedCompletedMinutes: null };
    await record(midwife, {
      mother: { recordNumber: 'R-3' },
      delivery: { bornAt: '2025-11-10T09:00:00+07:00', babyCount: 3 },
      newborns: [
        // no heart rate after 10 min of ventilation; no discharge entry
        buildNewbornRaw({
          birthOrder: 1,
          apgar1: 0,
          apgar5: 0,
          breathingAtBirth: false,
          bagMaskStartedSeconds: 40,
          resuscitationOutcome: 'died',
          cordClampedMinutes: 0.5,
          sscStartedMinutes: null,
          sscDurationMinutes: null,
          separatedBeforeBreastfeed: null,
          ...unfed,
          procedures: { weighing: null, eyeCare: null, vitaminK: null, hepatitisB: null, bath: null },
        }),
        // breathing, ventilated anyway, cord clamped at 30 s
        buildNewbornRaw({ birthOrder: 2, apgar1: 6, bagMaskStartedSeconds: 30, cordClampedMinutes: 0.5 }),
        // no breastfeed recorded
        buildNewbornRaw({ birthOrder: 3, ...unfed }),
      ],
    });
    const r = await values(province, H01, '202511');
    expect(value(r, 'live_births').numerator).toBe(3);
    expect(value(r, 'facility_neonatal_deaths')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(value(r, 'early_breastfeeding')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(value(r, 'delayed_cord_clamping')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(value(r, 'immediate_ssc')).toMatchObject({ numerator: 1, denominator: 1 });
  });
});

describe('edits and deletions are reflected exactly', () => {
  it('moves a birth between months when its date changes, and updates its practices', async () => {
    const b = await record(midwife, {
      mother: { recordNumber: 'E-1' },
      delivery: { bornAt: '2026-03-01T09:00:00+07:00' },
    });
    const mar = await values(province, H01, '202603');
    expect(value(mar, 'immediate_ssc').numerator).toBe(1);
    const raw = buildBirthRaw({
      facilityId: H01,
      mother: { recordNumber: 'E-1' },
      delivery: { bornAt: '2026-02-27T09:00:00+07:00' },
      newborns: [buildNewbornRaw({ id: b.newborns[0]!.id, sscStartedMinutes: 4 })],
    });
    const res = await midwife.put(`/api/births/${b.id}`, { ...raw, version: b.version });
    expect(res.statusCode, res.body).toBe(200);
    const mar2 = await values(province, H01, '202603');
    const feb2 = await values(province, H01, '202602');
    expect(value(mar2, 'live_births').numerator).toBe(value(mar, 'live_births').numerator! - 1);
    expect(value(mar2, 'immediate_ssc').numerator).toBe(value(mar, 'immediate_ssc').numerator! - 1);
    expect(value(feb2, 'live_births').numerator).toBe(3);
    expect(value(feb2, 'immediate_ssc')).toMatchObject({ numerator: 1, denominator: 3 });
    // deleted: gone from the facility and every level above it, babies (cascade) included
    const del = await midwife.delete(`/api/births/${b.id}?version=${res.json().version}`);
    expect(del.statusCode).toBe(204);
    const feb3 = await values(province, DN, '202602');
    expect(value(feb3, 'live_births').numerator).toBe(2);
    expect(value(feb3, 'deliveries').numerator).toBe(1);
  });

  it('follows a birth moved to another facility and a mode of birth changed in place', async () => {
    const b = await record(midwife, {
      mother: { recordNumber: 'E-2' },
      delivery: { bornAt: '2026-01-20T09:00:00+07:00' },
    });
    const byMode = async (unit: string) => {
      const r = await province.get(
        `/api/indicators/disaggregation?orgUnit=${unit}&period=202601&dimension=mode`,
      );
      expect(r.statusCode, r.body).toBe(200);
      const rows = r.json().rows as Array<{
        value: string;
        indicators: Array<{ id: string; numerator: number }>;
      }>;
      return Object.fromEntries(
        rows.map((x) => [x.value, x.indicators.find((v) => v.id === 'live_births')!.numerator]),
      );
    };
    expect((await byMode(DN)).spontaneous_vaginal).toBe(2);
    await t.db.transaction(async (tx) => {
      await tx.query("update births set mode = 'caesarean' where id = $1", [b.id]);
      await tx.query('update births set facility_id = $2 where id = $1', [b.id, HC_H]);
      await tx.query('update newborns set facility_id = $2 where birth_id = $1', [b.id, HC_H]);
    });
    expect(value(await values(province, H01, '202601'), 'live_births').numerator).toBe(1);
    expect(value(await values(province, HC_H, '202601'), 'live_births').numerator).toBe(1);
    expect(value(await values(province, DN, '202601'), 'live_births').numerator).toBe(2);
    expect(await byMode(DN)).toMatchObject({ spontaneous_vaginal: 1, caesarean: 1 });
    // the district below the province reads the records; the province reads its disaggregation rollup
    expect(await byMode(orgUnitIdOf('VN-DN-HC'))).toMatchObject({ spontaneous_vaginal: 0, caesarean: 1 });
  });

  it('moves counts with a facility moved to another province', async () => {
    const admin = await t.login('admin');
    const unit = (await admin.get(`/api/org-units/${HC_H}`)).json();
    const before = value(await values(admin, QNA, '202601'), 'live_births').numerator!;
    const moved = await admin.post(`/api/org-units/${HC_H}/move`, { version: unit.version, parentId: QNA });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(value(await values(admin, QNA, '202601'), 'live_births').numerator).toBe(before + 1);
    expect(value(await values(admin, DN, '202601'), 'live_births').numerator).toBe(1);
    expect(value(await values(admin, VN, '202601'), 'live_births').numerator).toBe(2);
    const split = await admin.get(
      `/api/indicators/disaggregation?orgUnit=${QNA}&period=202601&dimension=mode`,
    );
    const cs = split.json().rows.find((x: { value: string }) => x.value === 'caesarean');
    expect(cs.indicators.find((v: { id: string }) => v.id === 'live_births').numerator).toBe(1);
  });

  it('recounts births in EENC facilities when the introduction date changes', async () => {
    const admin = await t.login('admin');
    const before = value(await values(admin, H01, '202601'), 'births_in_eenc_facilities');
    expect(before).toMatchObject({ numerator: 1, denominator: 1 });
    const unit = (await admin.get(`/api/org-units/${H01}`)).json();
    const res = await admin.patch(`/api/org-units/${H01}`, {
      version: unit.version,
      eencIntroducedOn: '2026-01-25',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(value(await values(admin, H01, '202601'), 'births_in_eenc_facilities')).toMatchObject({
      numerator: 0,
      denominator: 1,
    });
    expect(value(await values(admin, H01, '202602'), 'births_in_eenc_facilities')).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
    expect(value(await values(admin, VN, '2026'), 'births_in_eenc_facilities').numerator).toBe(2);
  });
});

describe('scope', () => {
  it('refuses a provincial manager another province and the country', async () => {
    for (const unit of [QNA, VN]) {
      const res = await province.get(`/api/indicators/values?orgUnit=${unit}&period=2026`);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('out_of_scope');
    }
    const drill = await province.get(
      `/api/indicators/records?orgUnit=${QNA}&period=2026&indicator=live_births&part=numerator`,
    );
    expect(drill.statusCode).toBe(403);
  });

  it('answers 400 with the parameter at fault for bad periods and unknown indicators', async () => {
    const bad = await province.get(`/api/indicators/values?orgUnit=${DN}&period=2026Q7`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('period');
    const order = await province.get(`/api/indicators/values?orgUnit=${DN}&from=2026-02-01&to=2026-01-01`);
    expect(order.json().issues[0].path).toBe('to');
    const unknown = await province.get(`/api/indicators/values?orgUnit=${DN}&period=2026&indicators=nope`);
    expect(unknown.statusCode).toBe(400);
  });

  it('gives a partner viewer aggregates only: no records, no custom ranges, counts of people perturbed', async () => {
    const partner = await t.login('partner.who');
    const drill = await partner.get(
      `/api/indicators/records?orgUnit=${DN}&period=2026&indicator=live_births&part=numerator`,
    );
    expect(drill.statusCode).toBe(403);
    const custom = await partner.get(`/api/indicators/values?orgUnit=${DN}&from=2026-01-10&to=2026-01-20`);
    expect(custom.statusCode).toBe(403);
    const extra = '&compare=previous&include=children,trends';
    const r = await values(partner, DN, '2026', extra);
    const exact = await values(province, DN, '2026', extra);
    const live = (x: ValuesResponse) => value(x, 'live_births').numerator;
    expect(r.perturbationApplied).toBe(true);
    expect(exact.perturbationApplied).toBe(false);
    const groups = (x: ValuesResponse) => [
      x.indicators,
      ...x.children!.map((c) => c.indicators),
      ...x.trends!.map((p) => p.indicators),
    ];
    const truth = groups(exact);
    const { maxMove } = await loadPerturbationTable(t.db);
    let moved = 0;
    groups(r).forEach((group, g) =>
      group.forEach((v, k) => {
        const e = truth[g]![k]!;
        const people = !v.id.startsWith('facilities') && v.id !== 'eenc_implementing';
        for (const part of ['numerator', 'denominator'] as const) {
          const [n, m] = [v[part], e[part]];
          if (m === null) continue;
          // within the installation's largest move of the true count, zero exactly when it is zero,
          // marked exactly when perturbed
          expect(Math.abs(n! - m), `${v.id} ${part}`).toBeLessThanOrEqual(people ? maxMove : 0);
          expect(n === 0).toBe(m === 0);
          expect(v.perturbed.includes(part)).toBe(people && m !== 0);
          if (n !== m) moved++;
        }
        // the rate comes from the published counts
        const unit = loadIndicators().definitions.find((d) => d.id === v.id)!.unit;
        expect(v.value).toBe(rateOf(unit, v.numerator, v.denominator));
      }),
    );
    expect(moved).toBeGreaterThan(0);
    // the same records give the same published count by every route: a child asked for directly
    const h01 = r.children!.find((c) => c.orgUnit.id === H01)!;
    const direct = await values(partner, H01, '2026');
    expect(direct.indicators).toEqual(h01.indicators);
    expect((await values(partner, DN, '2026', extra)).indicators).toEqual(r.indicators);
    // the download marks perturbed counts and ends with the method, in the reader's language
    const csv = await partner.get(`/api/indicators/export?orgUnit=${DN}&period=2026&format=csv&lang=vi`);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    const liveRow = rows.find((x) => x.section === 'value' && x.indicator_id === 'live_births')!;
    expect(liveRow.perturbed).toBe('numerator');
    expect(Number(liveRow.numerator)).toBe(live(r));
    expect(rows.at(-1)!.section).toBe('note');
    expect(rows.at(-1)!.indicator_name).toContain('phương pháp khóa ô');
    const own = await province.get(`/api/indicators/export?orgUnit=${DN}&period=2026&format=csv`);
    expect(own.body).not.toContain('\r\nnote,');
  });
});

describe('drill-down lists exactly the records behind a count', () => {
  it('lists the numerator and denominator records with links to the births', async () => {
    const r = await values(province, DN, '2026');
    for (const part of ['numerator', 'denominator'] as const) {
      const res = await province.get(
        `/api/indicators/records?orgUnit=${DN}&period=2026&indicator=immediate_ssc&part=${part}&limit=1`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.total).toBe(value(r, 'immediate_ssc')[part]);
      expect(body.items).toHaveLength(1);
      const all: string[] = [body.items[0].newbornId];
      let cursor = body.nextCursor;
      while (cursor) {
        const next = (
          await province.get(
            `/api/indicators/records?orgUnit=${DN}&period=2026&indicator=immediate_ssc&part=${part}&limit=1&cursor=${cursor}`,
          )
        ).json();
        all.push(...next.items.map((i: { newbornId: string }) => i.newbornId));
        cursor = next.nextCursor;
      }
      expect(new Set(all).size).toBe(body.total);
    }
  });

  it('lists the records that did not meet a practice: the denominator less the numerator, by page', async () => {
    await record(midwife, {
      mother: { recordNumber: 'NM-1', name: 'Lê Thị Mai' },
      delivery: { bornAt: '2026-03-03T10:00:00+07:00' },
      newborns: [buildNewbornRaw({ birthOrder: 1, sscStartedMinutes: 45 })],
    });
    const v = value(await values(province, DN, '2026'), 'immediate_ssc');
    const base = `/api/indicators/records?orgUnit=${DN}&period=2026&indicator=immediate_ssc`;
    const list = async (client: TestClient, q: string) => {
      const res = await client.get(`${base}&${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        total: number;
        items: Array<{ newbornId: string; recordNumber: string; motherName: string | null }>;
      };
    };
    const notMet = await list(province, 'part=not_met&limit=200');
    expect(notMet.total).toBe(v.denominator! - v.numerator!);
    expect(notMet.items.map((i) => i.recordNumber)).toContain('NM-1');
    const met = await list(province, 'part=numerator&limit=200');
    const metIds = new Set(met.items.map((i) => i.newbornId));
    expect(notMet.items.filter((i) => metIds.has(i.newbornId))).toEqual([]);
    // Paging by position gives the same records as one long page, in order.
    const pages = [
      await list(province, 'part=not_met&limit=1&offset=0'),
      await list(province, 'part=not_met&limit=1&offset=1'),
    ];
    expect(pages.map((p) => p.items[0]?.newbornId)).toEqual(notMet.items.slice(0, 2).map((i) => i.newbornId));
    // A provincial manager never sees names; the facility's midwife does, and the read is audited.
    expect(notMet.items.every((i) => i.motherName === null)).toBe(true);
    const reads = async () =>
      Number(
        (
          await t.db.query<{ n: number }>(
            "select count(*) as n from audit_log where action = 'read' and details->>'via' = 'indicator_records'",
          )
        )[0]!.n,
      );
    const before = await reads();
    const own = await midwife.get(
      `/api/indicators/records?orgUnit=${H01}&period=2026&indicator=immediate_ssc&part=not_met&limit=200`,
    );
    expect(own.statusCode, own.body).toBe(200);
    const mine = own.json().items.find((i: { recordNumber: string }) => i.recordNumber === 'NM-1');
    expect(mine.motherName).toBe('Lê Thị Mai');
    expect(await reads()).toBeGreaterThan(before);
    // An indicator without a numerator inside a denominator, and cursor with offset, are refused.
    const both = await province.get(`${base}&part=not_met&offset=1&cursor=abc`);
    expect(both.statusCode).toBe(400);
    const count = await province.get(
      `/api/indicators/records?orgUnit=${DN}&period=2026&indicator=live_births&part=not_met`,
    );
    expect(count.statusCode).toBe(400);
  });

  it('narrows the records to one value of a disaggregation, the values adding up to the whole', async () => {
    const base = `/api/indicators/records?orgUnit=${DN}&period=2026&indicator=immediate_ssc&part=denominator&limit=200`;
    const all = (await province.get(base)).json() as { total: number };
    expect(all.total).toBeGreaterThan(0);
    let sum = 0;
    for (const sex of ['female', 'male', 'undetermined']) {
      const res = await province.get(`${base}&dimension=sex&value=${sex}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { total: number; items: Array<{ sex: string | null }> };
      expect(body.items.map((i) => i.sex).filter((x) => x !== sex)).toEqual([]);
      sum += body.total;
    }
    expect(sum).toBe(all.total);
  });

  it('downloads CSV with every section and audits the export', async () => {
    const exports = async () =>
      Number(
        (
          await t.db.query<{ n: number }>(
            "select count(*) as n from audit_log where action = 'export' and entity_type = 'indicators'",
          )
        )[0]!.n,
      );
    const before = await exports();
    const res = await province.get(`/api/indicators/export?orgUnit=${DN}&period=2026&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.body.replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('indicator_id,indicator_name,numerator,denominator,value');
    const sections = new Set(lines.slice(1).map((l) => l.split(',')[0]));
    expect([...sections].sort()).toEqual(['child', 'disaggregation', 'month', 'previous_period', 'value']);
    expect(await exports()).toBe(before + 1);
    const xlsx = await province.get(`/api/indicators/export?orgUnit=${DN}&period=2026&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('writes an org-unit name that a spreadsheet would run as a formula as text in the CSV', async () => {
    const admin = await t.login('admin');
    const formula = '=HYPERLINK("http://evil.example","click")';
    const { version } = (await admin.get(`/api/org-units/${H01}`)).json() as { version: number };
    const renamed = await admin.patch(`/api/org-units/${H01}`, { version, name: formula });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const res = await province.get(`/api/indicators/export?orgUnit=${DN}&period=2026&format=csv`);
    expect(res.statusCode).toBe(200);
    const childLines = res.body.split('\r\n').filter((l) => l.startsWith('child,VN-DN-H01,'));
    expect(childLines.length).toBeGreaterThan(0);
    for (const line of childLines)
      expect(line.startsWith(`child,VN-DN-H01,"'=HYPERLINK(""http://evil.example"",""click"")",`), line).toBe(
        true,
      );
  });
});

describe('indicators counted live, and postnatal care rolled up (issue 21)', () => {
  const PNC_IDS = [
    'pnc_on_time_newborn',
    'any_pnc_newborn',
    'all_pnc_newborn',
    'pnc_on_time_mother',
    'any_pnc_mother',
    'all_pnc_mother',
    'pnc_exclusive_bf',
    'pnc_danger_referred',
  ];
  const national = () => t.login('national.vn');

  it('leaves live sources out of a country dashboard unless asked by id, and includes postnatal care', async () => {
    await record(midwife, {
      mother: { recordNumber: 'L-1' },
      delivery: { bornAt: '2026-02-20T08:00:00+07:00' },
    });
    const client = await national();
    const country = await values(client, VN, '2026', '&compare=previous&include=children,trends');
    // Nothing is deferred at a country: the screening results are read by the country's subtree at once
    // (issue 21), KMC facility readiness from each facility's timeline; postnatal care, KMC babies,
    // coaching coverage, the coaching checklists (docs/coaching.md) and the screening coverage (states at
    // the period's end, docs/screening.md) are rolled up.
    const coaching = [
      'health_workers_coached',
      'health_workers_coached_cumulative',
      'health_workers_coached_to_standard',
      'delivery_staff_coached',
      'eenc_facilitators',
    ];
    const kmcIds = KMC_INDICATORS.filter((d) => d.source === 'kmc_facility').map((d) => d.id);
    const screeningIds = SCREENING_INDICATORS.filter((d) => d.source === 'screening_result').map((d) => d.id);
    const checklistIds = COACHING_CHECKLIST_INDICATORS.map((d) => d.id);
    expect(country.deferred).toEqual([]);
    expect(country.indicators.map((v) => v.id)).toEqual(expect.arrayContaining(screeningIds));
    expect(country.indicators.map((v) => v.id)).toEqual(expect.arrayContaining(kmcIds));
    expect(country.indicators.map((v) => v.id)).toEqual(expect.arrayContaining(checklistIds));
    expect(country.indicators.map((v) => v.id)).toContain('delivery_staff_coached');
    expect(country.indicators.map((v) => v.id)).toEqual(
      expect.arrayContaining(SCREENING_INDICATORS.filter((d) => d.source === 'screening').map((d) => d.id)),
    );
    expect(
      country.indicators
        .filter((v) => PNC_IDS.includes(v.id))
        .map((v) => v.id)
        .sort(),
    ).toEqual([...PNC_IDS].sort());
    expect(value(country, 'live_births').numerator).toBeGreaterThan(0);

    const asked = await values(client, VN, '2026', `&indicators=${PNC_IDS.join(',')}&compare=previous`);
    expect(asked.deferred).toEqual([]);
    expect(asked.indicators.map((v) => v.id).sort()).toEqual([...PNC_IDS].sort());
    expect(value(asked, 'pnc_on_time_newborn')).toEqual(value(country, 'pnc_on_time_newborn'));
    // Every live-born baby of the year is in the newborn cohort, counted the same at the province.
    const province = await values(client, DN, '2026');
    expect(province.deferred).toEqual([]);
    expect(value(asked, 'pnc_on_time_newborn').denominator).toBeGreaterThanOrEqual(
      value(province, 'pnc_on_time_newborn').denominator!,
    );
    expect(value(province, 'pnc_on_time_newborn').denominator).toBe(value(province, 'live_births').numerator);

    // A range that cuts months leaves nothing rolled up out at a country: every rolled-up source reads
    // its partial months' days from its day rollup (indicator-day-rollup.ts), the postnatal follow-ups
    // (a clock, corrected per open row at the request's instant) included.
    const range = (from: string, to: string) =>
      client
        .get(`/api/indicators/values?orgUnit=${VN}&from=${from}&to=${to}`)
        .then((r) => r.json() as ValuesResponse);
    const cut = await range('2026-01-05', '2026-02-20');
    const slowEdges = loadIndicators()
      .definitions.filter((d) => d.source === 'pnc_subject')
      .map((d) => d.id);
    expect(slowEdges.length).toBeGreaterThan(0);
    expect(cut.deferred).toEqual([]);
    expect(cut.indicators.map((v) => v.id)).toEqual(
      expect.arrayContaining([
        ...slowEdges,
        ...KMC_INDICATORS.filter((d) => d.source === 'kmc').map((d) => d.id),
        ...coaching,
        ...checklistIds,
        ...SCREENING_INDICATORS.map((d) => d.id),
      ]),
    );
    // The same follow-ups counted from the records of the country's facilities (its rollups' edge days
    // read from the records: the day rollups off).
    setDayRollupReads('none');
    const fromRecords = await range('2026-01-05', '2026-02-20').finally(() => setDayRollupReads('all'));
    for (const id of slowEdges) expect(value(cut, id), id).toEqual(value(fromRecords, id));
    expect(value(cut, 'pnc_on_time_newborn').denominator).toBeGreaterThan(0);
    // At the region only the screening results are left out (KMC facility readiness is counted there from
    // its stored start days): the follow-ups' cut months are counted.
    const [regionRow] = await t.db.query<{ id: string }>(`select id from org_units where kind = 'region'`);
    const regionCut = (await (
      await t.login('admin')
    )
      .get(`/api/indicators/values?orgUnit=${regionRow!.id}&from=2026-01-05&to=2026-02-20`)
      .then((r) => r.json())) as ValuesResponse;
    expect([...regionCut.deferred].sort()).toEqual([...screeningIds].sort());
    const whole = await range('2026-01-01', '2026-02-28');
    expect(whole.deferred.filter((id) => slowEdges.includes(id))).toEqual([]);
    // At a province nothing of theirs is left out, whatever the range.
    const provinceCut = await client.get(
      `/api/indicators/values?orgUnit=${DN}&from=2026-01-05&to=2026-02-20`,
    );
    expect((provinceCut.json() as ValuesResponse).deferred).toEqual([]);
  });

  it('counts KMC facility readiness at a country and at the region as the records count it (issue 16)', async () => {
    await t.db.query(
      `insert into kmc_facility_readiness (facility_id, offers_kmc, offered_since, places, created_at, updated_at)
       values ($1, true, '2026-02-10', array['kmc_ward'], now(), now())
       on conflict (facility_id) do update set offers_kmc = true, offered_since = '2026-02-10'`,
      [orgUnitIdOf('VN-DN-H01')],
    );
    const client = await t.login('admin');
    const kmcIds: string[] = KMC_INDICATORS.filter((d) => d.source === 'kmc_facility').map((d) => d.id);
    const [regionRow] = await t.db.query<{ id: string }>(`select id from org_units where kind = 'region'`);
    const region = regionRow!.id;
    for (const [unit, period] of [
      [VN, '2026'],
      [VN, '202601'],
      [region, '2026Q1'],
    ] as const) {
      // Counted at every level, the region included (its start days stored per facility, migration 0130).
      const served = await values(client, unit, period, '&compare=previous&include=trends');
      expect(served.deferred.filter((id) => kmcIds.includes(id))).toEqual([]);
      // The same numbers counted from the records' LATERAL, named (a live source without a timeline is
      // deferred above the province).
      const records = await withoutTimeline('kmc_facility', () =>
        values(client, unit, period, `&compare=previous&include=trends&indicators=${kmcIds.join(',')}`),
      );
      for (const id of kmcIds) {
        expect(value(served, id), `${id} ${period}`).toEqual(value(records, id));
        expect(served.trends!.map((m) => m.indicators.find((v) => v.id === id))).toEqual(
          records.trends!.map((m) => m.indicators.find((v) => v.id === id)),
        );
      }
    }
    // The declaration counts: at least H01 offers KMC at the year's end.
    const year = await values(client, VN, '2026');
    expect(value(year, 'facilities_offering_kmc').numerator).toBeGreaterThanOrEqual(1);
  });
});
