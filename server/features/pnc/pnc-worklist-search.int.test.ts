import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildNewbornRaw } from '../../../shared/births/birth-builders';
import type { Worklist } from '../../../shared/pnc/pnc.schema';
import { idSeries } from '../../test/api-helpers';
import { type TestClient, useLogins, useTestApp } from '../../test/test-app';
import { C01, DN, dischargeInKmc, H01, recordBirth, wellVisit } from './pnc-test-helpers';
import { SEARCH_BIRTHS_SQL } from './pnc-worklist';

const newId = idSeries('a5e0');

describe('worklist search: a mother who calls is found by name, phone or record number, in scope', () => {
  const t = useTestApp();
  const [midwife, worker, province] = useLogins(t, 'midwife.dn', 'pnc.hc1', 'province.dn');
  const bornAt = '2026-03-08T10:00:00+07:00';
  let an: Awaited<ReturnType<typeof recordBirth>>;
  let binh: Awaited<ReturnType<typeof recordBirth>>;

  const search = async (client: TestClient, unit: string, q: string) => {
    const res = await client.get(`/api/pnc/worklist?orgUnit=${unit}&q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Worklist;
  };
  const birthsOf = (w: Worklist) => [...new Set(w.items.map((i) => i.birthId))];

  beforeAll(async () => {
    an = await recordBirth(midwife, { bornAt, communeId: C01, phone: '0905 111 222', name: 'Lê Thị An' });
    binh = await recordBirth(midwife, {
      bornAt,
      communeId: C01,
      phone: '0912 333 444',
      name: 'Trần Thị Bình',
    });
  });

  it('finds her by part of her name, any case, with all her follow-ups and counts of the matches only', async () => {
    const w = await search(midwife, H01, 'thị an');
    expect(birthsOf(w)).toEqual([an.id]);
    expect(w.items.every((i) => i.motherName === 'Lê Thị An')).toBe(true);
    expect(w.items.length).toBeGreaterThan(1);
    expect(w.counts.dueToday + w.counts.overdue + w.counts.upcoming + w.counts.referral).toBe(w.items.length);
    expect(w.nextCursor).toBeNull();
  });

  it('finds her by phone digits typed with or without spaces, and by record number', async () => {
    expect(birthsOf(await search(worker, C01, '333444'))).toEqual([binh.id]);
    expect(birthsOf(await search(worker, C01, '0912 333'))).toEqual([binh.id]);
    const record = (
      await t.db.query<{ n: string }>('select mother_record_number as n from births where id = $1', [an.id])
    )[0]!.n;
    expect(birthsOf(await search(worker, C01, record))).toEqual([an.id]);
  });

  it('matches names and phones only where the reader may see them: the province finds by record number only', async () => {
    expect((await search(province, DN, 'Thị Bình')).items).toEqual([]);
    expect((await search(province, DN, '0912333444')).items).toEqual([]);
    const record = (
      await t.db.query<{ n: string }>('select mother_record_number as n from births where id = $1', [binh.id])
    )[0]!.n;
    const byRecord = await search(province, DN, record);
    expect(birthsOf(byRecord)).toEqual([binh.id]);
    expect(byRecord.items.every((i) => i.motherName === null && i.personalDataHidden)).toBe(true);
  });

  it('takes pattern characters literally, and refuses a one-letter search', async () => {
    expect((await search(midwife, H01, '%%')).items).toEqual([]);
    const res = await midwife.get(`/api/pnc/worklist?orgUnit=${H01}&q=a`);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('q');
  });
});

describe('worklist search: beyond the recent births, whatever is still open on the worklist, by index', () => {
  const t = useTestApp();
  const [midwife, worker] = useLogins(t, 'midwife.dn', 'pnc.hc1');
  // Clock 2026-03-10. The schedule's longest expiry (KMC week 12, counted from the discharge) plus a day
  // puts the recent births after mid-December 2025: these three were born before.
  const now = new Date('2026-03-10T08:00:00Z');
  const bornAt = '2025-11-18T10:00:00+07:00';
  afterEach(() => t.clock.set(now));
  const search = async (q: string) => {
    const res = await worker.get(`/api/pnc/worklist?orgUnit=${C01}&q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Worklist>().items.map((i) => `${i.kind}:${i.contactCode}:${i.section}`);
  };

  it('finds a baby in KMC follow-up born 112 days ago, a referral still open and not a birth with nothing left', async () => {
    const small = await recordBirth(midwife, {
      bornAt,
      name: 'Phạm Thị Kangaroo',
      gestationalAgeWeeks: 32,
      newborns: [buildNewbornRaw({ birthWeightGrams: 1500 })],
    });
    await dischargeInKmc(midwife, {
      id: newId(),
      newbornId: small.newborns[0]!.id,
      startedAt: '2025-11-18T10:30:00+07:00',
      dischargedOn: '2026-01-05',
      weightGrams: 1900,
    });
    const referred = await recordBirth(midwife, { bornAt, name: 'Đỗ Thị Chuyển' });
    t.clock.set(new Date('2025-11-21T05:00:00Z'));
    const visit = wellVisit(referred, 'c2', '2025-11-21T11:00:00+07:00');
    visit.newborns![0] = { ...visit.newborns![0]!, dangerSigns: ['convulsions'], referred: true };
    const visited = await worker.post('/api/pnc/visits', visit);
    expect(visited.statusCode, visited.body).toBe(201);
    t.clock.set(now);
    await recordBirth(midwife, { bornAt, name: 'Vũ Thị Xong' });

    // Week 9 after the discharge of 5 January is due from 9 March: the baby born 112 days ago is found.
    expect(await search('Thị Kangaroo')).toEqual(['newborn:k9:due_today', 'newborn:k10:upcoming']);
    expect(await search('Thị Chuyển')).toEqual(['newborn:c2:referral']);
    expect(await search('Thị Xong')).toEqual([]);
  });

  it('reads the subjects through their indexes and the births by key (the plan when scans are discouraged)', async () => {
    const [province] = await t.db.query<{ path: string }>('select path from org_units where id = $1', [DN]);
    const plan = await t.db.transaction(async (tx) => {
      await tx.query('set local enable_seqscan = off');
      const [row] = await tx.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${SEARCH_BIRTHS_SQL}`, [
        province!.path,
        new Date('2025-12-15T00:00:00Z'),
        '%thị%',
        '',
      ]);
      return JSON.stringify(row!['QUERY PLAN']);
    });
    type Node = {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      'Index Cond'?: string;
    };
    const nodes: Node[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        if ('Node Type' in n) nodes.push(n as Node);
        Object.values(n).forEach(walk);
      }
    };
    walk(JSON.parse(plan));
    const on = (table: string) => nodes.filter((n) => n['Relation Name'] === table);
    expect([...on('births'), ...on('pnc_subjects')].filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    // The births are read by key only: no other index of births, no whole index read in order. (Which
    // index of the subjects the planner takes on a database this small is its own choice.)
    const birthIndexReads = nodes.filter((n) => n['Index Name']?.startsWith('births_'));
    expect(birthIndexReads.map((n) => [n['Index Name'], n['Index Cond']])).toEqual([
      ['births_pkey', expect.stringContaining('id = ANY')],
    ]);
  });
});
