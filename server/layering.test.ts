import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/architecture.md, read from the import statements: db ← lib ← http ← features.
 * Tests, test helpers and seed data are left out (they may reach across layers to build a fixture).
 */
const SERVER = path.dirname(fileURLToPath(import.meta.url));
const IMPORT_RE = /(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gs;
const isSupport = (f: string) => /\.test\.ts$|test-helpers\.ts$|\.seed\.ts$|-seed\.ts$/.test(f);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !isSupport(e.name) ? [p] : [];
  });
}

/** `db`, `lib`, `http` or `features/<name>`: the unit whose imports the layering rules speak of. */
function layerOf(file: string): string | null {
  const [top, feature] = path.relative(SERVER, file).split(path.sep);
  if (top === 'features' && feature) return `features/${feature}`;
  return top === 'db' || top === 'lib' || top === 'http' ? top : null;
}

/** Each layer's imports of other layers, with the importing file as evidence. */
function layerImports(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SERVER)) {
    const from = layerOf(file);
    if (!from) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_RE)) {
      const to = layerOf(path.resolve(path.dirname(file), m[1]!));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, path.relative(SERVER, file));
    }
  }
  return graph;
}

describe('server layering', () => {
  const graph = layerImports();
  const featuresImportedBy = (layer: string) =>
    [...(graph.get(layer) ?? new Map<string, string>())].filter(([to]) => to.startsWith('features/'));

  it.each(['db', 'lib', 'http'])('%s imports no feature', (layer) => {
    expect(featuresImportedBy(layer)).toEqual([]);
  });

  it('writes audit rows only through the audit module', () => {
    const writers = sourceFiles(SERVER)
      .filter((f) => /into audit_log|'audit_log'/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(SERVER, f));
    expect(writers).toEqual([path.join('features', 'audit', 'audit.repo.ts')]);
  });

  it('has no import cycle between layers or features', () => {
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const [next, file] of graph.get(node) ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' → ') + ` (${file})`);
        else if (!trail.includes(next) && next > trail[0]!) visit(next, [...trail, next]);
      }
    };
    for (const start of graph.keys()) visit(start, [start]);
    expect(cycles).toEqual([]);
  });
});
