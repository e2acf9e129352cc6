/**
 * `npm run bench:web-load` — the cold load of the login page in Chromium over an emulated slow network
 * (CDP throttling), with the built app served as it is (brotli/gzip copies, split by route) and the same
 * build with its compressed copies removed (how the server sent it before issue 20). Needs `npm run build`
 * and /usr/bin/chromium (or CHROMIUM_PATH). `--runs N` loads per case (default 3; the median is printed).
 * Target (issue 20): ≤ 3 s on emulated 3G (750 kbps down, 300 ms round trip).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { systemClock } from '../server/lib/clock';
import { createTestDb } from '../server/test/test-db';
import { option } from './cli-args';

const WEB_DIST = path.resolve('web/dist');
const RUNS = Number(option('runs', '3'));
/** Chrome DevTools' throttling units: bytes per second and milliseconds of added latency. */
const PROFILES = [
  { name: '3G (750 kbps, 300 ms RTT)', down: 750, up: 250, rtt: 300 },
  // WebPageTest's "2G" profile, the slowest connection a commune health station is likely to have.
  { name: 'slow 2G (280 kbps, 800 ms RTT)', down: 280, up: 256, rtt: 800 },
] as const;

async function serve(distDir: string, db: Awaited<ReturnType<typeof createTestDb>>['db']) {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), webDistDir: distDir };
  const app = await buildApp({ config, db, clock: systemClock }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/` };
}

async function main() {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('run "npm run build" first');
  // The same build without its .br/.gz copies: the server then sends every file uncompressed.
  const plainDir = mkdtempSync(path.join(os.tmpdir(), 'openeenc-web-plain-'));
  cpSync(WEB_DIST, plainDir, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  const testDb = await createTestDb();
  const servers = {
    uncompressed: await serve(plainDir, testDb.db),
    'pre-compressed': await serve(WEB_DIST, testDb.db),
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
  });
  console.log(
    `Cold login page load — ${os.cpus().length} × CPU, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, median of ${RUNS}`,
  );
  try {
    for (const profile of PROFILES) {
      for (const [variant, { url }] of Object.entries(servers)) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < RUNS; i++) {
          // A fresh context each time: empty cache, no service worker, nothing stored.
          const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-GB' });
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: profile.rtt,
            downloadThroughput: (profile.down * 1000) / 8,
            uploadThroughput: (profile.up * 1000) / 8,
          });
          let received = 0;
          cdp.on('Network.loadingFinished', (e) => (received += e.encodedDataLength));
          await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
          await page.locator('input[name="username"]').waitFor({ timeout: 120_000 });
          // Milliseconds since the navigation started, as the browser counts them.
          times.push(await page.evaluate(() => performance.now()));
          bytes = received;
          await context.close();
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)]!;
        console.log(
          `  ${profile.name.padEnd(32)} ${variant.padEnd(15)} ${(median / 1000).toFixed(2)} s  (${(bytes / 1024).toFixed(0)} KiB transferred; runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`,
        );
      }
    }
  } finally {
    await browser.close();
    for (const { app } of Object.values(servers)) await app.close();
    await testDb.drop();
    rmSync(plainDir, { recursive: true, force: true });
  }
}

await main();
