/**
 * The first pull of a facility's working set into headless Chromium (issue 18's target: about 2,000
 * births with newborns and their open postnatal contacts ≤ 10 s): the real server on a port serving the
 * built app (`npm run build` first), Debian's Chromium, a logged-in midwife opening the app with an empty
 * device; the time runs from opening the page until the sync loop has stored the last page of the pull in
 * IndexedDB (its cursor written). Used by `npm run bench:sync` with BENCH_SYNC_BROWSER=1.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The pull cursor the app stored in IndexedDB (web/features/offline/offline-db.ts), or null. */
const STORED_CURSOR = `new Promise((done) => {
  const open = indexedDB.open('openeenc-offline');
  open.onerror = () => done(null);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('meta')) return (db.close(), done(null));
    const get = db.transaction('meta').objectStore('meta').get('cursor');
    get.onsuccess = () => (db.close(), done(get.result ? get.result.value : null));
    get.onerror = () => (db.close(), done(null));
  };
})`;

export async function firstPullInChromium(
  app: FastifyInstance,
  login: { username: string; password: string },
): Promise<{ seconds: number; births: number; records: number; pages: number }> {
  if (!existsSync(CHROMIUM) || !existsSync(path.resolve('web/dist/index.html')))
    throw new Error(`BENCH_SYNC_BROWSER needs ${CHROMIUM} and a built app (npm run build)`);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}`, locale: 'en-GB' });
    const page = await context.newPage();
    // Logged in through the API (the session cookie lands in the context): the pull starts on opening.
    const res = await page.request.post('/api/auth/login', { data: login });
    if (!res.ok()) throw new Error(`login answered ${res.status()}`);
    let last: string | null = null;
    let births = 0;
    let records = 0;
    let pages = 0;
    page.on('response', (r) => {
      if (!r.url().includes('/api/sync/pull')) return;
      void r
        .json()
        .then((body: { births: unknown[]; records: unknown[]; cursor: string; hasMore: boolean }) => {
          births += body.births.length;
          records += body.records.length;
          pages++;
          if (!body.hasMore) last = body.cursor;
        });
    });
    const t0 = performance.now();
    await page.goto('/');
    for (;;) {
      if (last !== null && (await page.evaluate(STORED_CURSOR)) === last) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    await context.close();
    return { seconds, births, records, pages };
  } finally {
    await browser.close();
  }
}
