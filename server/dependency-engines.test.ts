import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

type Lock = { packages: Record<string, { engines?: { node?: string } | string[] }> };
const root = new URL('../', import.meta.url);
const declared = (
  JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } }
).engines.node;
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as Lock;

describe('the Node.js version the README and package.json promise', () => {
  it('is accepted by every installed package that declares the Node.js versions it runs on', () => {
    const oldest = semver.minVersion(declared)!.version;
    const refusing = Object.entries(lock.packages)
      .map(([path, p]) => ({ path, range: Array.isArray(p.engines) ? undefined : p.engines?.node }))
      .filter((p): p is { path: string; range: string } => !!p.path && !!p.range)
      .filter((p) => !semver.satisfies(oldest, p.range))
      .map((p) => `${p.path.replace(/^.*node_modules\//, '')} needs ${p.range}`);
    // cookie@2 and content-disposition@3 (through @fastify/cookie, @fastify/static and
    // light-my-request) need Node 22: package.json pins the versions before them.
    expect(refusing).toEqual([]);
  });
});
