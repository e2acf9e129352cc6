import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, issuesByPath, setCsrfRefresher, setCsrfToken, withQuery } from './api-client';

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/org-units', { q: 'Đà Nẵng', parent: undefined, kind: '', limit: 5 })).toBe(
      '/api/org-units?q=%C4%90%C3%A0+N%E1%BA%B5ng&limit=5',
    );
    expect(withQuery('/api/x', {})).toBe('/api/x');
  });
});

describe('issuesByPath', () => {
  it('keeps the first message per path', () => {
    expect(
      issuesByPath([
        { path: 'code', message: 'a' },
        { path: 'code', message: 'b' },
        { path: 'name', message: 'c' },
      ]),
    ).toEqual({ code: 'a', name: 'c' });
  });
});

const csrfRefused = () =>
  new Response(JSON.stringify({ code: 'csrf_failed', message: 'reload', issues: [] }), { status: 403 });
const ok = () => new Response(JSON.stringify({ saved: true }), { status: 200 });

describe('a write refused for its CSRF token (an app reopened offline on the kept session)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfRefresher(null);
    setCsrfToken(null);
  });

  it('asks for the session again and sends the write once more, with the new token', async () => {
    const sent: Array<string | undefined> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((_path: string, init: RequestInit) => {
        sent.push((init.headers as Record<string, string>)['x-csrf-token']);
        return Promise.resolve(sent.length === 1 ? csrfRefused() : ok());
      }),
    );
    setCsrfRefresher(async () => setCsrfToken('fresh-token'));
    expect(await api.post('/api/sync/push', { ops: [] })).toEqual({ saved: true });
    expect(sent).toEqual([undefined, 'fresh-token']);
  });

  it('gives up after one more try, and does not retry other refusals', async () => {
    const fetch = vi.fn(() => Promise.resolve(csrfRefused()));
    vi.stubGlobal('fetch', fetch);
    const refresh = vi.fn(async () => setCsrfToken('still-wrong'));
    setCsrfRefresher(refresh);
    await expect(api.post('/api/sync/push', {})).rejects.toMatchObject({ code: 'csrf_failed' });
    expect([fetch.mock.calls.length, refresh.mock.calls.length]).toEqual([2, 1]);

    const forbidden = vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ code: 'forbidden', message: 'no', issues: [] }), { status: 403 }),
      ),
    );
    vi.stubGlobal('fetch', forbidden);
    await expect(api.post('/api/sync/push', {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(forbidden.mock.calls.length).toBe(1);
  });
});
