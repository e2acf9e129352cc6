import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit/audit.schema';
import { ADMIN_ID, ROOT_REGION_ID } from '../../seed/bootstrap';
import { orgUnitIdOf, userIdOf } from '../../seed/demo';
import {
  countRows,
  expectError,
  orgUnitVersion,
  postOrgUnit,
  uploadCsv,
  userVersion,
} from '../../test/api-helpers';
import { type TestClient, useLogin, useTestApp } from '../../test/test-app';
import { writeAuditBatch } from './audit.repo';

type Page = { items: AuditEntry[]; nextBefore: number | null };

const t = useTestApp();
const admin = useLogin(t, 'admin');

async function search(client: TestClient, query: string): Promise<Page> {
  const res = await client.get(`/api/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
/** Entries about one record, newest first. */
const historyOf = (entityType: string, entityId: string) =>
  search(admin, `entityType=${entityType}&entityId=${entityId}`).then((p) => p.items);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('every write is audited', () => {
  let unitId: string;

  it('records an org-unit creation with actor, action, entity and the created record', async () => {
    const res = await postOrgUnit(admin, 'AU-D1', 'Quận Audit', 'district', orgUnitIdOf('VN-DN'));
    unitId = res.json().id;
    const [entry, ...rest] = await historyOf('org_unit', unitId);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      actorId: ADMIN_ID,
      actorUsername: 'admin',
      action: 'create',
      entityType: 'org_unit',
      entityId: unitId,
      orgUnitId: unitId,
      before: null,
      details: null,
    });
    expect(entry!.after).toMatchObject({ code: 'AU-D1', name: 'Quận Audit', kind: 'district', version: 1 });
  });

  it('records a rename with the old and the new name', async () => {
    await admin.patch(`/api/org-units/${unitId}`, { version: 1, name: 'Quận Audit (mới)' });
    const [entry] = await historyOf('org_unit', unitId);
    expect(entry).toMatchObject({ action: 'update', actorUsername: 'admin' });
    expect(entry!.before).toMatchObject({ name: 'Quận Audit', version: 1 });
    expect(entry!.after).toMatchObject({ name: 'Quận Audit (mới)', version: 2 });
  });

  it('records a move with the old and the new parent', async () => {
    await admin.post(`/api/org-units/${unitId}/move`, { version: 2, parentId: orgUnitIdOf('VN-QNA') });
    const [entry] = await historyOf('org_unit', unitId);
    expect(entry).toMatchObject({ action: 'update' });
    expect(entry!.before).toMatchObject({ parentId: orgUnitIdOf('VN-DN') });
    expect(entry!.after).toMatchObject({ parentId: orgUnitIdOf('VN-QNA') });
  });

  it('records a deactivation', async () => {
    await admin.post(`/api/org-units/${unitId}/active`, { version: 3, active: false });
    const [entry] = await historyOf('org_unit', unitId);
    expect(entry!.before).toMatchObject({ active: true, version: 3 });
    expect(entry!.after).toMatchObject({ active: false, version: 4 });
    expect((await historyOf('org_unit', unitId)).map((e) => e.action)).toEqual([
      'update',
      'update',
      'update',
      'create',
    ]);
  });

  it('records an import as one summary entry plus one entry per created unit', async () => {
    await uploadCsv(admin, 'code,name,kind,parent_code\nAU-IMP,Imported district,district,VN-DN\n', 'commit');
    const { items } = await search(admin, 'action=import&entityType=org_unit');
    expect(items[0]).toMatchObject({
      actorUsername: 'admin',
      entityId: null,
      details: { source: 'csv', created: 1, updated: 0, unchanged: 0 },
    });
    const [imported] = await t.db.query<{ id: string }>("select id from org_units where code = 'AU-IMP'");
    expect((await historyOf('org_unit', imported!.id)).map((e) => e.action)).toEqual(['create']);
  });

  it('records user creation, changes and password resets, never the password itself', async () => {
    const created = await admin.post('/api/users', {
      username: 'audited.user',
      displayName: 'Audited User',
      role: 'coach',
      scopeIds: [orgUnitIdOf('VN-DN')],
      password: 'secret-password-1',
    });
    const userId = created.json().id;
    await admin.patch(`/api/users/${userId}`, { version: 1, role: 'provincial_manager' });
    await admin.post(`/api/users/${userId}/password`, { version: 2, password: 'secret-password-2' });

    const [reset, update, create] = await historyOf('user', userId);
    expect(create).toMatchObject({
      action: 'create',
      actorUsername: 'admin',
      orgUnitId: orgUnitIdOf('VN-DN'),
    });
    expect(create!.after).toMatchObject({ username: 'audited.user', role: 'coach' });
    expect(update!.before).toMatchObject({ role: 'coach' });
    expect(update!.after).toMatchObject({ role: 'provincial_manager' });
    expect(reset).toMatchObject({
      action: 'update',
      before: null,
      after: null,
      details: { field: 'password', reset: true },
    });
    const raw = JSON.stringify(await t.db.query('select * from audit_log where entity_id = $1', [userId]));
    expect(raw).not.toContain('secret-password');
    expect(raw).not.toContain('argon2');
  });

  it('records logins', async () => {
    await t.login('national.vn');
    const { items } = await search(admin, `action=login&actor=national.vn`);
    expect(items[0]).toMatchObject({
      actorId: userIdOf('national.vn'),
      entityType: 'user',
      entityId: userIdOf('national.vn'),
      orgUnitId: orgUnitIdOf('VN'),
    });
  });

  it('writes no entry for a refused write', async () => {
    const before = await countRows(t.db, 'audit_log');
    const res = await postOrgUnit(admin, 'AU-BAD', 'District under a country', 'district', orgUnitIdOf('VN'));
    expect(res.statusCode).toBe(400);
    const stale = await admin.patch(`/api/org-units/${unitId}`, { version: 1, name: 'Stale' });
    expect(stale.statusCode).toBe(409);
    expect(await countRows(t.db, 'audit_log')).toBe(before);
  });
});

describe('writeAuditBatch', () => {
  it('appends every entry with its actor, record, org unit and JSON, in the order given', async () => {
    const actor = { userId: ADMIN_ID, username: 'admin' };
    const unit = orgUnitIdOf('VN-DN-H01');
    await writeAuditBatch(t.db, [
      {
        actor,
        action: 'read',
        entityType: 'batch_test',
        entityId: 'b-1',
        orgUnitId: unit,
        details: { via: 'x' },
      },
      {
        actor: null,
        action: 'update',
        entityType: 'batch_test',
        entityId: 'b-2',
        before: { n: 1 },
        after: { n: 2 },
      },
    ]);
    const rows = await t.db.query<Record<string, unknown>>(
      `select actor_id, actor_username, action, entity_id, org_unit_id, before, after, details
         from audit_log where entity_type = 'batch_test' order by id`,
    );
    expect(rows).toEqual([
      {
        actor_id: ADMIN_ID,
        actor_username: 'admin',
        action: 'read',
        entity_id: 'b-1',
        org_unit_id: unit,
        before: null,
        after: null,
        details: { via: 'x' },
      },
      {
        actor_id: null,
        actor_username: null,
        action: 'update',
        entity_id: 'b-2',
        org_unit_id: null,
        before: { n: 1 },
        after: { n: 2 },
        details: null,
      },
    ]);
  });

  it('writes nothing for no entries, and nothing when the transaction it shares rolls back', async () => {
    await writeAuditBatch(t.db, []);
    await expect(
      t.db.transaction(async (tx) => {
        await writeAuditBatch(tx, [{ actor: null, action: 'read', entityType: 'batch_rollback' }]);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await countRows(t.db, 'audit_log', "entity_type = 'batch_rollback'")).toBe(0);
  });
});

describe('GET /api/audit filters', () => {
  it('filters by entityType and entityId, newest first', async () => {
    const unit = orgUnitIdOf('VN-DN-LC-H');
    await admin.patch(`/api/org-units/${unit}`, { version: 1, name: 'TTYT Liên Chiểu' });
    await admin.patch(`/api/org-units/${unit}`, { version: 2, name: 'Trung tâm Y tế quận Liên Chiểu' });
    const items = await historyOf('org_unit', unit);
    expect(items.map((e) => [e.entityType, e.entityId, (e.after as { version: number }).version])).toEqual([
      ['org_unit', unit, 3],
      ['org_unit', unit, 2],
    ]);
    expect(items[0]!.id).toBeGreaterThan(items[1]!.id);
  });

  it('filters by actor (case-insensitively) and action', async () => {
    const adminVn = await t.login('admin.vn');
    const own = await postOrgUnit(
      adminVn,
      'AU-VN1',
      'Created by admin.vn',
      'district',
      orgUnitIdOf('VN-QNA'),
    );
    const { items } = await search(admin, 'actor=ADMIN.VN&action=create');
    expect(items.map((e) => [e.actorUsername, e.action, e.entityId])).toEqual([
      ['admin.vn', 'create', own.json().id],
    ]);
    const logins = await search(admin, 'actor=admin.vn&action=login');
    expect(logins.items.length).toBeGreaterThan(0);
    expect(new Set(logins.items.map((e) => e.action))).toEqual(new Set(['login']));
  });

  it('filters by time with ?from and ?to, a date as ?to including that whole day', async () => {
    const unit = orgUnitIdOf('VN-DN-HC-C02');
    for (let v = 1; v <= 3; v++) {
      await admin.patch(`/api/org-units/${unit}`, { version: v, name: `Trạm Y tế phường Thạch Thang ${v}` });
      await sleep(25);
    }
    const [c, b, a] = await historyOf('org_unit', unit);
    const around = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
    const ids = async (query: string) =>
      (await search(admin, `entityType=org_unit&entityId=${unit}&${query}`)).items.map((e) => e.id);

    expect(await ids(`from=${around(b!.at, -1)}`)).toEqual([c!.id, b!.id]);
    expect(await ids(`to=${around(b!.at, 1)}`)).toEqual([b!.id, a!.id]);
    expect(await ids(`from=${around(b!.at, -1)}&to=${around(b!.at, 1)}`)).toEqual([b!.id]);

    const day = a!.at.slice(0, 10);
    const dayBefore = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    expect(await ids(`from=${day}&to=${day}`)).toEqual([c!.id, b!.id, a!.id]);
    expect(await ids(`to=${dayBefore}`)).toEqual([]);
  });

  it('pages with ?limit and ?before=nextBefore through the same entries as one big page', async () => {
    const all = (await search(admin, 'entityType=org_unit&limit=500')).items.map((e) => e.id);
    expect(all.length).toBeGreaterThan(5);
    const paged: number[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const page: Page = await search(
        admin,
        `entityType=org_unit&limit=2${before ? `&before=${before}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      if (page.nextBefore !== null) expect(page.nextBefore).toBe(page.items.at(-1)!.id);
      paged.push(...page.items.map((e) => e.id));
      before = page.nextBefore;
      pages++;
    } while (before !== null && pages < 100);
    expect(paged).toEqual(all);
  });

  it('answers 400 with the offending path for an unknown action or a malformed date', async () => {
    expect(
      expectError(await admin.get('/api/audit?action=hack'), 400, 'validation_failed').issues[0]!.path,
    ).toBe('action');
    expect(
      expectError(await admin.get('/api/audit?from=yesterday'), 400, 'validation_failed').issues[0]!.path,
    ).toBe('from');
  });
});

describe('who may read the audit log', () => {
  it.each([
    'national.vn',
    'national.la',
    'province.dn',
    'lead.dn',
    'midwife.dn',
    'coach.dn',
    'pnc.hc1',
    'partner.who',
  ])('answers 403 forbidden to %s', async (username) => {
    const client = await t.login(username);
    expectError(await client.get('/api/audit'), 403, 'forbidden');
  });

  it('hides entries about Lao org units, and system entries, from the Viet Nam administrator', async () => {
    const laId = orgUnitIdOf('LA-VT');
    await admin.patch(`/api/org-units/${laId}`, {
      version: await orgUnitVersion(t.db, laId),
      name: 'Vientiane',
    });
    expect((await historyOf('org_unit', laId)).length).toBe(1);

    const adminVn = await t.login('admin.vn');
    expect((await search(adminVn, `entityType=org_unit&entityId=${laId}`)).items).toEqual([]);
    // Entries without an org unit (the demo seed) are for region-wide readers only.
    expect((await search(admin, 'entityType=demo')).items).toHaveLength(1);
    expect((await search(adminVn, 'entityType=demo')).items).toEqual([]);

    const { items } = await search(adminVn, 'limit=500');
    expect(items.length).toBeGreaterThan(0);
    const paths = await t.db.query<{ path: string }>(
      'select path from org_units where id = any($1::uuid[])',
      [[...new Set(items.map((e) => e.orgUnitId))]],
    );
    const vnPath = `/${ROOT_REGION_ID}/${orgUnitIdOf('VN')}/`;
    expect(items.every((e) => e.orgUnitId !== null)).toBe(true);
    expect(paths.filter((p) => !p.path.startsWith(vnPath))).toEqual([]);
  });

  it('shows the Viet Nam administrator the entries of users they manage', async () => {
    const adminVn = await t.login('admin.vn');
    const nurse = userIdOf('nurse.hc');
    await adminVn.patch(`/api/users/${nurse}`, {
      version: await userVersion(t.db, nurse),
      displayName: 'ĐD. Võ Thu',
    });
    const [entry] = (await search(adminVn, `entityType=user&entityId=${nurse}`)).items;
    expect(entry).toMatchObject({ actorUsername: 'admin.vn', action: 'update' });
    expect(entry!.after).toMatchObject({ displayName: 'ĐD. Võ Thu' });
  });
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE at the database level', async () => {
    const count = await countRows(t.db, 'audit_log');
    const [last] = await t.db.query<{ id: number; action: string }>(
      'select id, action from audit_log order by id desc limit 1',
    );
    await expect(
      t.db.query("update audit_log set action = 'read' where id = $1", [last!.id]),
    ).rejects.toThrow('audit_log is append-only');
    await expect(t.db.query('delete from audit_log')).rejects.toThrow('audit_log is append-only');
    await expect(t.db.query('truncate audit_log')).rejects.toThrow('audit_log is append-only');
    await expect(
      t.db.transaction((tx) => tx.query('delete from audit_log where id = $1', [last!.id])),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await countRows(t.db, 'audit_log')).toBe(count);
    const [after] = await t.db.query('select id, action from audit_log where id = $1', [last!.id]);
    expect(after).toEqual(last);
  });
});
