import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildBirthRaw } from '../../shared/births/birth-builders';
import type { Birth } from '../../shared/births/birth.schema';
import { newId } from '../../shared/ids';
import type { Queryable } from '../db/db';
import { TEST_PASSWORD, type TestApp, type TestClient } from './test-app';

export type WireIssue = { path: string; message: string };
export type WireError = { code: string; message: string; issues: WireIssue[] };

/**
 * Asserts an error answer: the status, the code, and the one wire shape (exactly `{ code, message, issues }`,
 * each issue exactly `{ path, message }`, all strings). Returns the body for further checks.
 */
export function expectError(res: LightMyRequestResponse, status: number, code: string): WireError {
  const body = res.json<WireError>();
  expect({ status: res.statusCode, code: body.code }, res.body).toEqual({ status, code });
  expect(Object.keys(body).sort()).toEqual(['code', 'issues', 'message']);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  expect(Array.isArray(body.issues)).toBe(true);
  for (const issue of body.issues) {
    expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
  return body;
}

/** The issue paths of an error answer, in the order the server gave them. */
export function issuePaths(res: LightMyRequestResponse): string[] {
  return res.json<WireError>().issues.map((i) => i.path);
}

export async function countRows(db: Queryable, table: string, where = 'true', params: unknown[] = []) {
  const [row] = await db.query<{ n: number }>(`select count(*) as n from ${table} where ${where}`, params);
  return Number(row!.n);
}

export type OrgUnitRow = {
  id: string;
  code: string;
  name: string;
  kind: string;
  level: number;
  parent_id: string | null;
  path: string;
  active: boolean;
  timezone: string;
  dhis2_id: string | null;
  version: number;
};

/** An org unit as stored, by code (case-insensitive), or undefined. */
export async function orgUnitRow(db: Queryable, code: string): Promise<OrgUnitRow | undefined> {
  const [row] = await db.query<OrgUnitRow>(
    `select id, code, name, kind, level, parent_id, path, active, timezone, dhis2_id, version
       from org_units where lower(code) = lower($1)`,
    [code],
  );
  return row;
}

export async function orgUnitVersion(db: Queryable, id: string): Promise<number> {
  const [row] = await db.query<{ version: number }>('select version from org_units where id = $1', [id]);
  return row!.version;
}

export async function userVersion(db: Queryable, id: string): Promise<number> {
  const [row] = await db.query<{ version: number }>('select version from users where id = $1', [id]);
  return row!.version;
}

/**
 * A digest of everything a write could change: org units, users and their scopes (every column), and the
 * number of audit entries and sessions. Equal before and after means the request wrote nothing.
 */
export async function dbFingerprint(db: Queryable): Promise<Record<string, string | number>> {
  const [row] = await db.query<Record<string, string | number>>(
    `select
       (select md5(coalesce(string_agg(o::text, '|' order by o.id), '')) from org_units o) as org_units,
       (select md5(coalesce(string_agg(u::text, '|' order by u.id), '')) from users u) as users,
       (select md5(coalesce(string_agg(s::text, '|' order by s.user_id, s.org_unit_id), '')) from user_scopes s)
         as user_scopes,
       (select count(*) from audit_log) as audit_entries,
       (select count(*) from sessions) as sessions`,
  );
  return { ...row!, audit_entries: Number(row!.audit_entries), sessions: Number(row!.sessions) };
}

/** Creates an org unit through the API as `client`; `extra` adds the fields a test is about (its id, …). */
export function postOrgUnit(
  client: TestClient,
  code: string,
  name: string,
  kind: string,
  parentId: string | null,
  extra: Record<string, unknown> = {},
) {
  return client.post('/api/org-units', { code, name, kind, parentId, ...extra });
}

export type ImportMode = 'validate' | 'commit';

/** Uploads an org-unit CSV file (text or raw bytes) to the import route. */
export function uploadCsv(client: TestClient, file: string | Buffer, mode: ImportMode) {
  return client.request({
    method: 'POST',
    url: `/api/org-units/import?format=csv&mode=${mode}`,
    payload: file,
    headers: { 'content-type': 'text/csv' },
  });
}

export type Dhis2Unit = {
  id: string;
  code?: string;
  name: string;
  level?: number;
  parent?: { id: string };
  path?: string;
  closedDate?: string;
  organisationUnitGroups?: Array<{ id: string; code?: string }>;
};

/**
 * Uploads a DHIS2 `organisationUnits` export (units, or a file's text), attaching units whose parent is
 * not in it under `parent`, with a level → kind map and an optional group → kind map.
 */
export function uploadDhis2(
  client: TestClient,
  units: Dhis2Unit[] | string,
  opts: {
    mode: ImportMode;
    parent?: string;
    levels: Record<string, string>;
    groups?: Record<string, string>;
  },
) {
  const query = new URLSearchParams({
    format: 'dhis2',
    mode: opts.mode,
    levels: JSON.stringify(opts.levels),
  });
  if (opts.parent) query.set('parent', opts.parent);
  if (opts.groups) query.set('groups', JSON.stringify(opts.groups));
  return client.request({
    method: 'POST',
    url: `/api/org-units/import?${query.toString()}`,
    ...(typeof units === 'string'
      ? { payload: units, headers: { 'content-type': 'application/json' } }
      : { payload: { organisationUnits: units } }),
  });
}

/** Lines of a CSV file from rows of cells (no quoting needed for the values tests use). */
export function csvFile(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((cells) => cells.join(',')).join('\n');
}

/**
 * A user made for a fixture by copying a demo user's role and password (no demo user of that role
 * works there), scoped to `scopeId`. Written directly: the API would make it change its password first.
 */
export async function addUserLike(
  db: Queryable,
  user: { username: string; like: string; scopeId: string },
): Promise<void> {
  await db.query(
    `insert into users (id, username, display_name, role, password_hash)
     select $1, $2, $2, role, password_hash from users where username = $3`,
    [newId(), user.username, user.like],
  );
  await db.query(
    'insert into user_scopes (user_id, org_unit_id) select id, $1 from users where username = $2',
    [user.scopeId, user.username],
  );
}

/**
 * Ids that a failing test prints legibly: the n-th id of a series is `00000000-0000-4000-<series>-<n>`
 * (n on 12 digits). A test file takes its own series so that its ids never meet another file's.
 */
export function idSeries(series: string): () => string {
  let n = 0;
  return () => `00000000-0000-4000-${series}-${String(++n).padStart(12, '0')}`;
}

export type IndicatorCount = { id: string; numerator: number; denominator: number };

/** The counts of these indicators over an org unit and a period of days, as `reader` sees them (GET /api/indicators/values). */
export async function indicatorCounts(
  reader: TestClient,
  orgUnit: string,
  [from, to]: readonly [string, string],
  ids: readonly string[],
): Promise<IndicatorCount[]> {
  const res = await reader.get(
    `/api/indicators/values?orgUnit=${orgUnit}&from=${from}&to=${to}&indicators=${ids.join(',')}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ indicators: IndicatorCount[] }>().indicators;
}

/**
 * A user that the administrator creates through POST /api/users with the test password, made ready to
 * log in: new accounts must change their password first (tested in auth), a step this fixture skips.
 */
export async function createReadyUser(
  t: TestApp,
  user: { username: string; displayName: string; role: string; scopeIds: string[]; locale?: string },
): Promise<{ id: string; version: number }> {
  const admin = await t.login('admin');
  const res = await admin.post('/api/users', { ...user, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(201);
  await t.db.query('update users set must_change_password = false where username = $1', [user.username]);
  return res.json<{ id: string; version: number }>();
}

/** Asserts the status of an answer (200 unless told) and returns its JSON body (null for a 204). */
export function expectOk<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return (status === 204 ? null : res.json()) as T;
}

/** Records a birth through the births API as `client` (`buildBirthRaw(overrides)`), asserts 201 and returns it. */
export async function postBirth(
  client: TestClient,
  overrides: Parameters<typeof buildBirthRaw>[0] = {},
): Promise<Birth> {
  return expectOk<Birth>(await client.post('/api/births', buildBirthRaw(overrides)), 201);
}
