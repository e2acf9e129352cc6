/**
 * `npx tsx scripts/build/make-icons.ts` — draws the PNG icons that phones want (Android's 192 and 512 px,
 * maskable 512 px, iOS's 180 px apple-touch-icon) from the SVGs in web/public, with Debian's Chromium.
 * Run once when the SVGs change; the PNGs are committed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const PUBLIC = path.resolve('web/public');
const ICONS = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  // iOS draws its own rounded corners over a full square, as the maskable icon has.
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const { svg, png, size } of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const data = readFileSync(path.join(PUBLIC, svg)).toString('base64');
    await page.setContent(
      `<body style="margin:0"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}"></body>`,
    );
    await page.screenshot({ path: path.join(PUBLIC, png), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
