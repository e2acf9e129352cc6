import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { offlineDb } from '../offline/offline-db';
import type { Me } from './auth.api';
import { clearSessionCopy, keepSessionCopy, readSessionCopy } from './session-copy';

const me: Me = {
  user: {
    userId: '00000000-0000-4000-8000-0000000000a1',
    username: 'midwife.dn',
    displayName: 'Nguyễn Thị Hoa',
    role: 'clinician',
    locale: 'vi',
    scopes: [
      {
        id: '00000000-0000-4000-8000-00000000f001',
        code: 'VN-DN',
        name: 'Thành phố Đà Nẵng',
        kind: 'province',
        path: '/r/vn/dn/',
      },
    ],
  },
  permissions: ['record.read', 'record.write'],
  mustChangePassword: false,
  csrfToken: 'secret-csrf-token',
  sessionExpiresAt: '2026-12-06T20:00:00.000Z',
};

describe('the session kept on the device for working offline', () => {
  afterEach(clearSessionCopy);

  it('gives the kept session back until the server session would expire, and nothing from then on', async () => {
    await keepSessionCopy(me);
    expect(await readSessionCopy(new Date('2026-12-06T19:59:59.999Z'))).toEqual({ ...me, csrfToken: '' });
    expect(await readSessionCopy(new Date('2026-12-06T20:00:00.000Z'))).toBeUndefined();
  });

  it('never stores the CSRF token', async () => {
    await keepSessionCopy(me);
    const stored = JSON.stringify((await offlineDb.meta.get('session'))?.value);
    expect(stored).toContain('midwife.dn');
    expect(stored).not.toContain('secret-csrf-token');
  });

  it('is gone after clearing (logout), and a damaged copy is not used', async () => {
    await keepSessionCopy(me);
    await clearSessionCopy();
    expect(await readSessionCopy(new Date('2026-12-06T10:00:00Z'))).toBeUndefined();
    await offlineDb.meta.put({
      key: 'session',
      value: { user: { username: 'x' }, sessionExpiresAt: 'later' },
    });
    expect(await readSessionCopy(new Date('2026-12-06T10:00:00Z'))).toBeUndefined();
  });
});
