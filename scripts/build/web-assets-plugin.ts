import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files worth compressing: text that a slow network pays for by the byte. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest|txt)$/;
/** Below this, the compressed copy saves less than a packet. */
const MIN_BYTES = 1024;
/** The line of `sw.js` that the build replaces with the list of files the worker precaches. */
export const PRECACHE_MARKER = 'const PRECACHE = [];';

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? listFiles(full, rel) : [rel];
  });
}

/**
 * The URLs the service worker caches on install: every route's code (all of `assets/` except source
 * maps, compressed copies and
 * the messages of zod's many languages, which load when chosen), the shell and the icons, so that each page opens once the app has been loaded on this device.
 */
export function precacheUrls(files: readonly string[]): string[] {
  const wanted = (f: string) =>
    (f.startsWith('assets/') && !f.startsWith('assets/zod-locale/') && !/\.(map|br|gz)$/.test(f)) ||
    f === 'manifest.webmanifest' ||
    /^(icon.*|apple-touch-icon)\.(svg|png)$/.test(f);
  return ['/', ...files.filter(wanted).map((f) => `/${f}`)].sort();
}

/** `sw.js` with the precache list written in at the marker (the changed bytes make browsers update it). */
export function injectPrecache(swSource: string, urls: readonly string[]): string {
  if (!swSource.includes(PRECACHE_MARKER)) throw new Error(`sw.js lacks the line "${PRECACHE_MARKER}"`);
  return swSource.replace(PRECACHE_MARKER, `const PRECACHE = ${JSON.stringify(urls)};`);
}

/**
 * After the bundle is written: fills the service worker's precache list, then writes a brotli (`.br`)
 * and a gzip (`.gz`) copy beside every compressible file, which the server sends as they are
 * (`preCompressed`), so no request pays for compression and brotli can use its slowest, best level.
 */
export function webAssetsPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'openeenc-web-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const swPath = path.join(outDir, 'sw.js');
      writeFileSync(swPath, injectPrecache(readFileSync(swPath, 'utf8'), precacheUrls(listFiles(outDir))));
      for (const rel of listFiles(outDir)) {
        if (!COMPRESSIBLE.test(rel)) continue;
        const full = path.join(outDir, rel);
        const body = readFileSync(full);
        if (body.length < MIN_BYTES) continue;
        writeFileSync(
          `${full}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${full}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}
