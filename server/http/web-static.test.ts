import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectPrecache, precacheUrls } from '../../scripts/build/web-assets-plugin';
import { registerWebApp } from './web-static';

const JS = 'export const greeting = "xin chào";\n'.repeat(100);
const HTML = '<!doctype html><title>OpenEENC</title>';

describe('the built web app is served pre-compressed with the right caching', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    mkdirSync(path.join(dir, 'assets'));
    const put = (rel: string, body: string, compressed = true) => {
      writeFileSync(path.join(dir, rel), body);
      if (!compressed) return;
      writeFileSync(path.join(dir, `${rel}.br`), brotliCompressSync(body));
      writeFileSync(path.join(dir, `${rel}.gz`), gzipSync(body));
    };
    put('index.html', HTML);
    put('sw.js', 'const PRECACHE = ["/"];');
    put('assets/index-AbC123.js', JS);
    put('assets/small-XyZ.js', 'x', false);
    app = Fastify();
    await registerWebApp(app, dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the brotli copy of a hashed asset to a browser that accepts it, cached for a year', async () => {
    const res = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
  });

  it('sends gzip when brotli is not accepted, and the plain file when neither is', async () => {
    const gz = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    const small = await app.inject({ url: '/assets/small-XyZ.js', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('x');
  });

  it('makes the shell and the service worker revalidate every time, compressed or not', async () => {
    for (const url of ['/sw.js', '/births/new']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });
});

describe('the service worker precache list', () => {
  it('holds the shell, every route chunk and the icons, but no source maps or compressed copies', () => {
    const urls = precacheUrls([
      'index.html',
      'sw.js',
      'manifest.webmanifest',
      'icon-192.png',
      'assets/index-a.js',
      'assets/index-a.js.map',
      'assets/index-a.js.br',
      'assets/BirthFormPage-b.js',
      'assets/index-c.css',
    ]);
    expect(urls).toEqual([
      '/',
      '/assets/BirthFormPage-b.js',
      '/assets/index-a.js',
      '/assets/index-c.css',
      '/icon-192.png',
      '/manifest.webmanifest',
    ]);
  });

  it('is written into sw.js at its marker, and a worker without the marker fails the build', () => {
    expect(injectPrecache('a\nconst PRECACHE = [];\nb', ['/', '/x.js'])).toBe(
      'a\nconst PRECACHE = ["/","/x.js"];\nb',
    );
    expect(() => injectPrecache('const LIST = [];', ['/'])).toThrow(/PRECACHE/);
  });
});
