import { describe, expect, it } from 'vitest';
import type { ScreeningClientDetail, ScreeningList } from '../../../shared/screening/screening.schema';
import { orgUnitIdOf } from '../../seed/demo';
import { idSeries } from '../../test/api-helpers';
import { useLogin, useTestApp } from '../../test/test-app';
import { C01, H01, recordBirth } from '../pnc/pnc-test-helpers';
import { buildScreeningClient, buildScreeningEvent } from './screening-test-builders';
import { C02 } from '../../test/demo-units';

// Clock of the test app: 2026-03-10.
const newId = idSeries('9000');
const LA = orgUnitIdOf('LA-SV-H01');

const woman = (o: Record<string, unknown> = {}) =>
  buildScreeningClient({
    id: newId(),
    orgUnitId: C01,
    birthDate: '1990-05-04',
    phone: '0905 111 222',
    ...o,
  });
const hpv = (o: Record<string, unknown> = {}) =>
  buildScreeningEvent({ id: newId(), takenOn: '2026-03-02', placeId: C01, ...o });

describe('cervical screening: register, events, scope, HIV status', () => {
  const t = useTestApp();
  const worker = useLogin(t, 'pnc.hc1'); // PNC worker of commune C01
  const midwife = useLogin(t, 'midwife.dn'); // clinician of H01
  const province = useLogin(t, 'province.dn'); // provincial manager
  const partner = useLogin(t, 'partner.who');

  const register = async (o: Record<string, unknown> = {}) => {
    const res = await worker.post('/api/screening/clients', woman(o));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ScreeningClientDetail>();
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.db.query<{ n: number }>(sql, params))[0]!.n;

  it('registers a 35-year-old never screened: due now, recalled as never screened, on the worklist', async () => {
    const c = await register();
    expect(c).toMatchObject({
      step: 'screen',
      dueOn: '2020-05-04',
      age: 35,
      section: 2,
      hivStatus: 'unknown',
    });
    expect(c.recallReason).toBe('never_screened');
    const list = (
      await worker.get(`/api/screening/clients?orgUnit=${C01}&section=worklist`)
    ).json<ScreeningList>();
    expect(list.items.map((i) => i.id)).toContain(c.id);
    expect(
      await count(
        "select count(*)::int as n from audit_log where entity_type = 'screening_client' and action = 'create' and entity_id = $1",
        [c.id],
      ),
    ).toBe(1);
  });

  it('records an HPV positive: she moves to the treat list first; treatment recorded, she leaves it', async () => {
    const c = await register({ name: 'Trần Thị Hoa' });
    const res = await worker.post(
      `/api/screening/clients/${c.id}/events`,
      hpv({ result: 'positive', resultOn: '2026-03-09', genotypes: ['other'] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const after = res.json<ScreeningClientDetail>();
    expect(after).toMatchObject({ step: 'treat', dueOn: '2026-03-09', section: 0 });
    const treat = (
      await worker.get(`/api/screening/clients?orgUnit=${C01}&section=action`)
    ).json<ScreeningList>();
    expect(treat.items[0]!.step).toBe('treat');
    expect(treat.items.map((i) => i.id)).toContain(c.id);
    const event = after.events[0]!;
    const done = await worker.put(`/api/screening/events/${event.id}`, {
      version: event.version,
      result: 'positive',
      resultOn: '2026-03-09',
      genotypes: ['other'],
      triageMethod: null,
      triageResult: null,
      triageOn: null,
      treatment: 'thermal_ablation',
      treatedOn: '2026-03-10',
      treatmentPlaceId: C01,
      counsellingNote: 'Tư vấn sau điều trị',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<ScreeningClientDetail>()).toMatchObject({ step: 'screen', dueOn: '2027-03-10' });
    const again = (
      await worker.get(`/api/screening/clients?orgUnit=${C01}&section=action`)
    ).json<ScreeningList>();
    expect(again.items.map((i) => i.id)).not.toContain(c.id);
  });

  it('refuses bad input with the field named in Vietnamese or English and writes nothing', async () => {
    const c = await register({ name: 'Lê Thị Mai' });
    const before = await count('select count(*)::int as n from screening_events');
    const bad = await worker.post(
      `/api/screening/clients/${c.id}/events`,
      hpv({ result: 'suspected_cancer', resultOn: '2026-03-01', genotypes: ['16'] }),
      { 'accept-language': 'vi' },
    );
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ issues: { path: string; message: string }[] }>();
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { path: 'resultOn', message: 'Ngày này trước ngày lấy mẫu.' },
        { path: 'result', message: '"Nghi ung thư" là kết quả của VIA hoặc tế bào học.' },
        { path: 'genotypes', message: 'Chỉ ghi kiểu gen khi xét nghiệm HPV dương tính.' },
      ]),
    );
    const en = await worker.post(
      `/api/screening/clients/${c.id}/events`,
      hpv({ test: 'pap', takenOn: '2026-13-01' }),
      { 'accept-language': 'en' },
    );
    expect(en.statusCode).toBe(400);
    expect(en.json<{ issues: { path: string; message: string }[] }>().issues).toEqual(
      expect.arrayContaining([
        // Her saved language (Vietnamese) wins over the header.
        { path: 'test', message: 'Chọn một trong các lựa chọn.' },
        { path: 'takenOn', message: 'Nhập ngày (YYYY-MM-DD).' },
      ]),
    );
    const future = await worker.post(`/api/screening/clients/${c.id}/events`, hpv({ takenOn: '2026-04-01' }));
    expect(future.statusCode).toBe(400);
    expect(await count('select count(*)::int as n from screening_events')).toBe(before);
  });

  it('links a mother of the birth register instead of a second person, and refuses her twice', async () => {
    const birth = await recordBirth(midwife, { bornAt: '2026-02-01T08:00:00+07:00', name: 'Phạm Thị Thu' });
    const res = await worker.post(
      '/api/screening/clients',
      woman({ birthId: birth.id, name: null, birthYear: null, birthDate: null, phone: null }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<ScreeningClientDetail>();
    expect(c).toMatchObject({ birthId: birth.id, name: 'Phạm Thị Thu', birthYear: 2026 - 27 });
    const twice = await midwife.post(
      '/api/screening/clients',
      woman({ orgUnitId: H01, birthId: birth.id, name: null, birthYear: null, birthDate: null, phone: null }),
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ code: string }>().code).toBe('conflict');
    expect(
      await count('select count(*)::int as n from screening_clients where birth_id = $1', [birth.id]),
    ).toBe(1);
  });

  it('shows and audits the HIV status at commune scope only; a manager sees the woman without it', async () => {
    const c = await register({
      name: 'Đỗ Thị Hạnh',
      hivStatus: 'positive',
      birthDate: '2000-01-15',
      birthYear: 2000,
    });
    expect(c).toMatchObject({ dueOn: '2025-01-15', step: 'screen' });
    const reads = () =>
      count("select count(*)::int as n from audit_log where entity_id = $1 and action = 'read'", [c.id]);
    const n0 = await reads();
    const own = (await worker.get(`/api/screening/clients/${c.id}`)).json<ScreeningClientDetail>();
    expect(own.hivStatus).toBe('positive');
    expect(await reads()).toBe(n0 + 1);
    const mgr = await province.get(`/api/screening/clients/${c.id}`);
    expect(mgr.statusCode).toBe(200);
    expect(mgr.json<ScreeningClientDetail>()).toMatchObject({ hivStatus: null, name: null, phone: null });
    expect(await reads()).toBe(n0 + 1);
    expect((await partner.get(`/api/screening/clients/${c.id}`)).statusCode).toBe(403);
    // The audit keeps that a status was recorded, not the status.
    const [created] = await t.db.query<{ after: unknown }>(
      "select after from audit_log where entity_id = $1 and action = 'create'",
      [c.id],
    );
    expect(JSON.stringify(created!.after)).not.toContain('positive');
  });

  it('keeps each unit to its scope: the midwife of H01 cannot read or register in commune C01', async () => {
    const c = await register({ name: 'Vũ Thị Lụa' });
    expect((await midwife.get(`/api/screening/clients/${c.id}`)).statusCode).toBe(403);
    expect((await midwife.post('/api/screening/clients', woman())).statusCode).toBe(403);
    expect((await worker.post('/api/screening/clients', woman({ orgUnitId: LA }))).statusCode).toBe(403);
    expect((await worker.get(`/api/screening/clients?orgUnit=${C02}`)).statusCode).toBe(403);
    const search = (
      await worker.get(`/api/screening/clients?orgUnit=${C01}&q=vu thi lua`)
    ).json<ScreeningList>();
    expect(search.items.map((i) => i.id)).toEqual([c.id]);
  });
});
