import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { orgUnitIdOf, userIdOf } from '../seed/demo';
import {
  countRows,
  dbFingerprint,
  expectError,
  orgUnitRow,
  orgUnitVersion,
  uploadCsv,
  userVersion,
} from '../test/api-helpers';
import { useLogin, useTestApp } from '../test/test-app';
import { DN as dn, HC as hc } from '../test/demo-units';

/**
 * Hand-written bad input, with the exact messages, on the write routes listed below: each answer is a 4xx
 * in the one error shape ({ code, message, issues }, issues of { path, message }), never a 500, and the
 * database is exactly as before. Every write route of the OpenAPI document, enumerated from it, gets
 * generated bad bodies in write-routes-fuzz.int.test.ts.
 */

const BAD_JSON = 'The request body is not valid JSON.';
const UNKNOWN_FIELD = 'Unknown field.';
const SQL = "'; drop table org_units; --";

const t = useTestApp();
const admin = useLogin(t, 'admin');

type WriteRoute = {
  route: string;
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  /** A body the route's schema accepts, so that one added defect is the only problem. */
  valid: () => Promise<Record<string, unknown>>;
  /** Each field given a value of the wrong type, and the issue paths expected, in order. */
  wrongTypes: Record<string, unknown>;
  wrongTypePaths: string[];
  /** One string field one character over its limit (null when the route has no free-text field). */
  tooLong: { field: string; length: number } | null;
  /** The answer to the valid body: proof that each refusal below is about the defect alone. */
  accepted: { status: number; issuePath?: string };
  anonymous?: boolean;
};

const nurse = userIdOf('nurse.hc');

const ROUTES: WriteRoute[] = [
  {
    route: 'POST /api/org-units',
    method: 'POST',
    url: '/api/org-units',
    valid: async () => ({ code: 'BAD-NEW', name: 'Bad input district', kind: 'district', parentId: dn }),
    wrongTypes: { code: 42, name: ['x'], kind: true, parentId: 7 },
    wrongTypePaths: ['code', 'name', 'kind', 'parentId'],
    tooLong: { field: 'name', length: 231 },
    accepted: { status: 201 },
  },
  {
    route: 'PATCH /api/org-units/:id',
    method: 'PATCH',
    url: `/api/org-units/${hc}`,
    valid: async () => ({ version: await orgUnitVersion(t.db, hc), name: 'Renamed' }),
    wrongTypes: { version: '1', name: 5, providesBirths: 'yes' },
    wrongTypePaths: ['version', 'name', 'providesBirths'],
    tooLong: { field: 'name', length: 231 },
    accepted: { status: 200 },
  },
  {
    route: 'POST /api/org-units/:id/move',
    method: 'POST',
    url: `/api/org-units/${hc}/move`,
    valid: async () => ({ version: await orgUnitVersion(t.db, hc), parentId: orgUnitIdOf('VN-QNA') }),
    wrongTypes: { version: 1.5, parentId: 'not-a-uuid' },
    wrongTypePaths: ['version', 'parentId'],
    tooLong: null,
    accepted: { status: 200 },
  },
  {
    route: 'POST /api/org-units/:id/active',
    method: 'POST',
    url: `/api/org-units/${orgUnitIdOf('VN-DN-HC-C02')}/active`,
    valid: async () => ({ version: 1, active: false }),
    wrongTypes: { version: null, active: 'false' },
    wrongTypePaths: ['version', 'active'],
    tooLong: null,
    accepted: { status: 200 },
  },
  {
    route: 'POST /api/users',
    method: 'POST',
    url: '/api/users',
    valid: async () => ({
      username: 'bad.input',
      displayName: 'Bad Input',
      role: 'coach',
      scopeIds: [dn],
      password: 'long-enough-1',
    }),
    wrongTypes: { username: 1, displayName: {}, role: 'king', scopeIds: 'VN', password: 1234567890 },
    wrongTypePaths: ['username', 'displayName', 'role', 'scopeIds', 'password'],
    tooLong: { field: 'displayName', length: 121 },
    accepted: { status: 201 },
  },
  {
    route: 'PATCH /api/users/:id',
    method: 'PATCH',
    url: `/api/users/${nurse}`,
    valid: async () => ({ version: await userVersion(t.db, nurse), displayName: 'Renamed' }),
    wrongTypes: { version: '2', scopeIds: [1], active: 'no' },
    wrongTypePaths: ['version', 'scopeIds.0', 'active'],
    tooLong: { field: 'displayName', length: 121 },
    accepted: { status: 200 },
  },
  {
    route: 'POST /api/users/:id/password',
    method: 'POST',
    url: `/api/users/${nurse}/password`,
    valid: async () => ({ version: await userVersion(t.db, nurse), password: 'long-enough-1' }),
    wrongTypes: { version: true, password: 12 },
    wrongTypePaths: ['version', 'password'],
    tooLong: { field: 'password', length: 201 },
    accepted: { status: 200 },
  },
  {
    route: 'POST /api/auth/login',
    method: 'POST',
    url: '/api/auth/login',
    valid: async () => ({ username: 'admin', password: 'not-the-password' }),
    wrongTypes: { username: 5, password: null },
    wrongTypePaths: ['username', 'password'],
    tooLong: { field: 'username', length: 65 },
    // Past validation: refused for the wrong password.
    accepted: { status: 401 },
    anonymous: true,
  },
  {
    route: 'PUT /api/auth/me/locale',
    method: 'PUT',
    url: '/api/auth/me/locale',
    valid: async () => ({ locale: 'en' }),
    wrongTypes: { locale: 1 },
    wrongTypePaths: ['locale'],
    tooLong: null,
    accepted: { status: 204 },
  },
  {
    route: 'POST /api/auth/me/password',
    method: 'POST',
    url: '/api/auth/me/password',
    valid: async () => ({ currentPassword: 'not-the-password', newPassword: 'long-enough-1' }),
    wrongTypes: { currentPassword: 1, newPassword: false },
    wrongTypePaths: ['currentPassword', 'newPassword'],
    tooLong: { field: 'newPassword', length: 201 },
    // Past validation: refused on the wrong current password.
    accepted: { status: 400, issuePath: 'currentPassword' },
  },
];

type Defect = {
  name: string;
  build: (r: WriteRoute) => Promise<{ payload?: string | Buffer; contentType?: string } | null>;
  status: number;
  code: string;
  check?: (
    body: { message: string; issues: Array<{ path: string; message: string }> },
    r: WriteRoute,
  ) => void;
};

const json = (value: unknown) => ({ payload: JSON.stringify(value), contentType: 'application/json' });

const DEFECTS: Defect[] = [
  {
    name: 'malformed JSON',
    build: async () => ({ payload: '{"name": "unterminated', contentType: 'application/json' }),
    status: 400,
    code: 'bad_request',
    check: (b) => expect(b).toMatchObject({ message: BAD_JSON, issues: [] }),
  },
  {
    name: 'an empty JSON body',
    build: async () => ({ payload: '', contentType: 'application/json' }),
    status: 400,
    code: 'bad_request',
    check: (b) => expect(b).toMatchObject({ message: BAD_JSON, issues: [] }),
  },
  {
    name: 'no body at all',
    build: async () => ({}),
    status: 400,
    code: 'validation_failed',
    check: (b) => expect(b.issues.map((i) => i.path)).toEqual(['']),
  },
  {
    name: 'JSON null instead of an object',
    build: async () => ({ payload: 'null', contentType: 'application/json' }),
    status: 400,
    code: 'validation_failed',
    check: (b) =>
      expect(b.issues).toEqual([{ path: '', message: 'Invalid input: expected object, received null' }]),
  },
  {
    name: 'a JSON array instead of an object',
    build: async (r) => json([await r.valid()]),
    status: 400,
    code: 'validation_failed',
    check: (b) =>
      expect(b.issues).toEqual([{ path: '', message: 'Invalid input: expected object, received array' }]),
  },
  {
    name: 'values of the wrong type',
    build: async (r) => json({ ...(await r.valid()), ...r.wrongTypes }),
    status: 400,
    code: 'validation_failed',
    check: (b, r) => expect(b.issues.map((i) => i.path)).toEqual(r.wrongTypePaths),
  },
  {
    name: 'a string one character over its limit',
    build: async (r) =>
      r.tooLong ? json({ ...(await r.valid()), [r.tooLong.field]: 'x'.repeat(r.tooLong.length) }) : null,
    status: 400,
    code: 'validation_failed',
    check: (b, r) => {
      expect(b.issues.map((i) => i.path)).toEqual([r.tooLong!.field]);
      expect(b.issues[0]!.message).toContain(String(r.tooLong!.length - 1));
    },
  },
  {
    name: 'an unknown field',
    build: async (r) => json({ ...(await r.valid()), isAdmin: true }),
    status: 400,
    code: 'validation_failed',
    check: (b) => expect(b.issues).toEqual([{ path: 'isAdmin', message: UNKNOWN_FIELD }]),
  },
  {
    name: 'a JSON body over 1 MiB',
    build: async (r) => json({ ...(await r.valid()), padding: 'x'.repeat(1024 * 1024) }),
    status: 413,
    code: 'payload_too_large',
    check: (b) =>
      expect(b).toMatchObject({ message: 'The request is too large (limit 1024 KB).', issues: [] }),
  },
  {
    name: 'an XML body',
    build: async () => ({ payload: '<user><name>x</name></user>', contentType: 'application/xml' }),
    status: 415,
    code: 'unsupported_media_type',
    check: (b) => expect(b.message).toBe('Unsupported content type application/xml.'),
  },
  {
    name: 'a form-encoded body',
    build: async () => ({ payload: 'name=x', contentType: 'application/x-www-form-urlencoded' }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'valid JSON sent as text/plain',
    build: async (r) => ({ payload: JSON.stringify(await r.valid()), contentType: 'text/plain' }),
    status: 415,
    code: 'unsupported_media_type',
    check: (b) => expect(b).toMatchObject({ message: 'Unsupported content type text/plain.', issues: [] }),
  },
];

async function send(r: WriteRoute, req: { payload?: string | Buffer; contentType?: string }) {
  const client = r.anonymous ? t.anonymous() : admin;
  return client.request({
    method: r.method,
    url: r.url,
    ...(req.payload !== undefined ? { payload: req.payload } : {}),
    headers: req.contentType ? { 'content-type': req.contentType } : {},
  });
}

describe.each(ROUTES.map((r) => [r.route, r] as const))('%s', (_route, r) => {
  const applicable = DEFECTS.filter((d) => d.name !== 'a string one character over its limit' || r.tooLong);
  it.each(
    applicable.map((d) => [`answers ${d.status} ${d.code} to ${d.name} and changes nothing`, d] as const),
  )('%s', async (_name, defect) => {
    const before = await dbFingerprint(t.db);
    const req = await defect.build(r);
    const res = await send(r, req!);
    const body = expectError(res, defect.status, defect.code);
    defect.check?.(body, r);
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('accepts the valid body the defects were made from, so that each refusal is about its defect', async () => {
    const res = await send(r, json(await r.valid()));
    expect(res.statusCode, res.body).toBe(r.accepted.status);
    if (r.accepted.issuePath)
      expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual([r.accepted.issuePath]);
  });
});

describe('SQL-looking input', () => {
  it('stores an org-unit name that looks like SQL literally', async () => {
    const before = await countRows(t.db, 'org_units');
    const res = await admin.post('/api/org-units', {
      code: 'SQL-1',
      name: SQL,
      kind: 'facility',
      parentId: dn,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(SQL);
    expect((await orgUnitRow(t.db, 'SQL-1'))!.name).toBe(SQL);
    expect(await countRows(t.db, 'org_units')).toBe(before + 1);
  });

  it('stores a user display name and an imported name that look like SQL literally', async () => {
    const display = "Robert'); DROP TABLE users;--";
    const res = await admin.patch(`/api/users/${nurse}`, {
      version: await userVersion(t.db, nurse),
      displayName: display,
    });
    expect(res.json().displayName).toBe(display);
    const imported = await uploadCsv(
      admin,
      `code,name,kind,parent_code\nSQL-2,${SQL},district,VN-DN\n`,
      'commit',
    );
    expect(imported.json()).toMatchObject({ committed: true, created: 1 });
    expect((await orgUnitRow(t.db, 'SQL-2'))!.name).toBe(SQL);
  });

  it.each(['/api/org-units?q=', '/api/users?q=', '/api/audit?actor=', '/api/audit?entityType='])(
    'answers %s<SQL> with an empty list and breaks nothing',
    async (prefix) => {
      const before = await dbFingerprint(t.db);
      const res = await admin.get(`${prefix}${encodeURIComponent("x' or '1'='1")}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual([]);
      const dropped = await admin.get(`${prefix}${encodeURIComponent(SQL)}`);
      expect(dropped.statusCode).toBe(200);
      expect(await dbFingerprint(t.db)).toEqual(before);
    },
  );

  it('finds the SQL-looking name when searching for it, as plain text', async () => {
    const res = await admin.get(`/api/org-units?q=${encodeURIComponent('drop table')}`);
    expect(
      res
        .json()
        .items.map((u: { code: string }) => u.code)
        .sort(),
    ).toEqual(['SQL-1', 'SQL-2']);
  });
});

describe('characters the database cannot store', () => {
  it('answers 400 naming the field to a NUL character in a JSON string and writes nothing', async () => {
    const before = await dbFingerprint(t.db);
    const res = await admin.post('/api/org-units', {
      code: 'NUL-1',
      name: 'a\u0000b',
      kind: 'district',
      parentId: dn,
    });
    expect(expectError(res, 400, 'validation_failed').issues.map((i) => i.path)).toEqual(['name']);
    expect(await dbFingerprint(t.db)).toEqual(before);
  });

  it('answers 400 naming the parameter to a NUL character in a query parameter', async () => {
    for (const [url, path] of [
      ['/api/org-units?q=%00', 'q'],
      ['/api/audit?actor=%00', 'actor'],
    ]) {
      expect(expectError(await admin.get(url!), 400, 'validation_failed').issues.map((i) => i.path)).toEqual([
        path,
      ]);
    }
  });

  it('answers 400 to a NUL character inside an imported CSV file and writes nothing', async () => {
    const before = await dbFingerprint(t.db);
    const res = await uploadCsv(
      admin,
      'code,name,kind,parent_code\nNUL-2,a\u0000b,district,VN-DN\n',
      'commit',
    );
    expectError(res, 400, 'bad_request');
    expect(await dbFingerprint(t.db)).toEqual(before);
  });
});

describe('bad input to the import route', () => {
  const importRequest = (query: string, payload: string | Buffer, contentType: string) =>
    admin.request({
      method: 'POST',
      url: `/api/org-units/import?${query}`,
      payload,
      headers: { 'content-type': contentType },
    });
  const cases: Array<[string, () => Promise<LightMyRequestResponse>, number, string, string[]]> = [
    [
      'a file over the 20 MiB import limit',
      () => importRequest('format=csv&mode=validate', Buffer.alloc(21 * 1024 * 1024, 'a'), 'text/csv'),
      413,
      'payload_too_large',
      [],
    ],
    [
      'an XML file',
      () => importRequest('format=csv&mode=validate', '<units/>', 'application/xml'),
      415,
      'unsupported_media_type',
      [],
    ],
    [
      'an empty CSV file',
      () => importRequest('format=csv&mode=commit', '', 'text/csv'),
      400,
      'validation_failed',
      ['file'],
    ],
    [
      'a header without data rows',
      () => importRequest('format=csv&mode=commit', 'code,name,kind,parent_code\n', 'text/csv'),
      400,
      'validation_failed',
      ['file'],
    ],
    [
      'malformed DHIS2 JSON',
      () => importRequest('format=dhis2&mode=commit', '{"organisationUnits": [', 'application/json'),
      400,
      'bad_request',
      [],
    ],
    [
      'DHIS2 JSON of the wrong shape',
      () => importRequest('format=dhis2&mode=commit', '{"units": []}', 'application/json'),
      400,
      'validation_failed',
      ['organisationUnits'],
    ],
    [
      // A row error (issue 19: one odd unit must not refuse the file unread), in a commit: nothing written.
      'a DHIS2 id that is not 11 characters',
      () =>
        importRequest(
          'format=dhis2&mode=commit',
          JSON.stringify({ organisationUnits: [{ id: 'short', name: 'x', level: 1 }] }),
          'application/json',
        ),
      400,
      'validation_failed',
      ['rows.1.id'],
    ],
    [
      'a level map that is not JSON',
      () =>
        importRequest(
          'format=dhis2&mode=commit&levels=%7Bnope',
          '{"organisationUnits": []}',
          'application/json',
        ),
      400,
      'validation_failed',
      ['levels'],
    ],
    [
      'no format',
      () => importRequest('mode=commit', 'code\n', 'text/csv'),
      400,
      'validation_failed',
      ['format'],
    ],
    [
      'an unknown mode',
      () => importRequest('format=csv&mode=yolo', 'code\n', 'text/csv'),
      400,
      'validation_failed',
      ['mode'],
    ],
    [
      'an unknown query parameter',
      () => importRequest('format=csv&dryRun=1', 'code\n', 'text/csv'),
      400,
      'validation_failed',
      ['dryRun'],
    ],
  ];

  it.each(cases)(
    'answers %s with the standard error and changes nothing',
    async (_name, request, status, code, paths) => {
      const before = await dbFingerprint(t.db);
      const body = expectError(await request(), status, code);
      expect(body.issues.map((i) => i.path)).toEqual(paths);
      expect(await dbFingerprint(t.db)).toEqual(before);
    },
  );

  it("names the import route's own 20 MiB limit when refusing a file that is too large", async () => {
    const res = await importRequest(
      'format=csv&mode=validate',
      Buffer.alloc(21 * 1024 * 1024, 'a'),
      'text/csv',
    );
    expect(res.json().message).toBe('The request is too large (limit 20480 KB).');
  });
});

describe('bad paths and query strings', () => {
  it.each([
    ['GET', '/api/org-units/not-a-uuid', 400, 'validation_failed', ['id']],
    ['PATCH', "/api/org-units/1'%20or%201=1", 400, 'validation_failed', ['id']],
    ['GET', '/api/org-units?colour=red', 400, 'validation_failed', ['colour']],
    ['GET', '/api/org-units?limit=0', 400, 'validation_failed', ['limit']],
    ['GET', `/api/org-units?q=${'x'.repeat(101)}`, 400, 'validation_failed', ['q']],
    ['GET', '/api/users?role=emperor', 400, 'validation_failed', ['role']],
    ['GET', '/api/audit?limit=501', 400, 'validation_failed', ['limit']],
    ['GET', '/api/audit?before=-1', 400, 'validation_failed', ['before']],
    ['DELETE', `/api/org-units/${hc}`, 404, 'not_found', []],
    ['GET', '/api/no-such-route', 404, 'not_found', []],
  ] as const)('%s %s answers %i %s', async (method, url, status, code, paths) => {
    const before = await dbFingerprint(t.db);
    const res = await admin.request({
      method,
      url,
      ...(method === 'PATCH' ? { payload: { version: 1 } } : {}),
    });
    expect(expectError(res, status, code).issues.map((i) => i.path)).toEqual(paths);
    expect(await dbFingerprint(t.db)).toEqual(before);
  });
});
