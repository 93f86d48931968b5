import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderOf, importGraph, type ModuleImports } from './import-graph';

/**
 * The folders of `src`, lowest first. A module may import its own folder and any folder on a
 * LOWER layer, never one on its own layer or above: dependencies run one way, so each folder can
 * be read (and changed) knowing only what lies below it.
 *
 * - `version` (the root `version.ts`): the package version, imported by the errors.
 * - `errors`: the error classes and redaction.
 * - `internal`: clock, events, logger.
 * - `decoders`, `pagination`: pure data work on bodies and pages.
 * - `transport`: one HTTP exchange and the pipeline that policies plug into.
 * - `policies`, `auth`: pipeline steps (peers: neither imports the other).
 * - `endpoints`: the resources, their schemas, and results fetching (`endpoints/results`: the
 *   413 split-and-merge is how results endpoints are fetched, not a pipeline step).
 * - `diagnostics`: `diagnose()` calls endpoints and inspects credentials.
 * - `.` (the other root files: `client.ts`, `index.ts`, option validation): assembles it all.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['version'],
  ['errors'],
  ['internal'],
  ['decoders', 'pagination'],
  ['transport'],
  ['policies', 'auth'],
  ['endpoints'],
  ['diagnostics'],
  ['.'],
];

const layerOf = (folder: string): number => {
  const layer = LAYERS.findIndex((names) => names.includes(folder));
  if (layer < 0) throw new Error(`folder ${folder} has no layer in LAYERS: add it where it belongs`);
  return layer;
};
const folder = (modulePath: string): string => (modulePath === 'version' ? 'version' : folderOf(modulePath));

const upwardImports = (modules: readonly ModuleImports[]): string[] =>
  modules.flatMap(({ file, imports }) =>
    imports
      .filter((target) => folder(target) !== folder(file) && layerOf(folder(target)) >= layerOf(folder(file)))
      .map((target) => `${file} -> ${target}`),
  );

const graph = importGraph(fileURLToPath(new URL('../../src', import.meta.url)));

describe('folder dependencies in core', () => {
  it('sees the whole source tree', () => {
    expect(graph.length).toBeGreaterThan(80);
    const edges = graph.flatMap((m) => m.imports);
    expect(edges).toContain('errors/index');
    expect(edges).toContain('endpoints/results/split-results');
  });

  it('run one way: every import goes to the same folder or a lower layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('keeps the 413 split-and-merge with the results endpoints, out of the pipeline policies', () => {
    const policies = graph.filter(({ file }) => folder(file) === 'policies').map(({ file }) => file);
    expect(policies.some((file) => /split|size-estimates|learning-gate/.test(file))).toBe(false);
  });

  it('flags the edges it exists to stop: between peers, upwards, into the root', () => {
    const before = [
      { file: 'policies/retry.ts', imports: ['auth/auth-policy', 'errors/index'] },
      { file: 'auth/account-resource.ts', imports: ['endpoints/schemas/index'] },
      { file: 'internal/validate-client-options.ts', imports: ['client'] },
      { file: 'endpoints/define.ts', imports: ['policies/split-results', 'endpoints/parse'] },
    ];
    expect(upwardImports(before)).toEqual([
      'policies/retry.ts -> auth/auth-policy',
      'auth/account-resource.ts -> endpoints/schemas/index',
      'internal/validate-client-options.ts -> client',
    ]);
    expect(() => layerOf('plugins')).toThrow(/no layer/);
  });
});
