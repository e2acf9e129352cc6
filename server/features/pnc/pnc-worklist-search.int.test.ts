import { beforeAll, describe, expect, it } from 'vitest';
import type { Worklist } from '../../../shared/pnc/pnc.schema';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { C01, DN, H01, recordBirth } from './pnc-test-helpers';

describe('worklist search: a mother who calls is found by name, phone or record number, in scope', () => {
  const t = useTestApp();
  const midwife = useLogin(t, 'midwife.dn');
  const worker = useLogin(t, 'pnc.hc1');
  const province = useLogin(t, 'province.dn');
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
