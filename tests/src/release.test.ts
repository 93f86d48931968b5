import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Every package under packages/ that is not private: what we publish. */
const published = readdirSync(join(root, 'packages'))
  .map((dir) => readJson<{ name: string; private?: boolean }>(join(root, 'packages', dir, 'package.json')))
  .filter((pkg) => !pkg.private)
  .map((pkg) => pkg.name)
  .sort();

describe('releases: one fixed group, versions released together', () => {
  it('the changesets config puts every published package in one fixed group', () => {
    const { fixed } = readJson<{ fixed: string[][] }>(join(root, '.changeset/config.json'));
    expect(fixed).toHaveLength(1);
    const globs = fixed[0]!.map(
      (g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
    );
    for (const name of published)
      expect(
        globs.some((g) => g.test(name)),
        name,
      ).toBe(true);
    expect(published.length).toBeGreaterThanOrEqual(2);
  });

  it('pending changesets parse, and bump every published package to the same version', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'changesets-')), 'status.json');
    const run = spawnSync(join(root, 'node_modules/.bin/changeset'), ['status', `--output=${out}`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const { changesets, releases } = readJson<{
      changesets: unknown[];
      releases: { name: string; type: string; newVersion: string }[];
    }>(out);
    const bumped = releases.filter((r) => r.type !== 'none');
    // Right after a release there is nothing pending; otherwise all move together.
    if (changesets.length > 0) expect(bumped.map((r) => r.name).sort()).toEqual(published);
    expect(new Set(bumped.map((r) => r.newVersion)).size).toBeLessThanOrEqual(1);
  });
});
