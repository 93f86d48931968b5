import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

describe('releases: a dry run of `changeset version`', () => {
  it('bumps exactly the fixed group to one version and writes their changelogs', () => {
    // A copy of the manifests and pending changesets, so the real tree is untouched.
    const copy = mkdtempSync(join(tmpdir(), 'changeset-version-'));
    for (const file of ['package.json', 'pnpm-workspace.yaml'])
      writeFileSync(join(copy, file), readFileSync(join(root, file)));
    cpSync(join(root, '.changeset'), join(copy, '.changeset'), { recursive: true });
    const workspaces = ['packages', 'apps', 'tests'].flatMap((top) =>
      top === 'tests' ? ['tests'] : readdirSync(join(root, top)).map((dir) => join(top, dir)),
    );
    for (const dir of workspaces) {
      mkdirSync(join(copy, dir), { recursive: true });
      writeFileSync(join(copy, dir, 'package.json'), readFileSync(join(root, dir, 'package.json')));
    }
    const pending = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md'));
    const run = spawnSync(join(root, 'node_modules/.bin/changeset'), ['version'], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);

    const versions = new Map(
      workspaces.map((dir) => {
        const pkg = readJson<{ name: string; version: string; private?: boolean }>(
          join(copy, dir, 'package.json'),
        );
        return [pkg.name, { dir, ...pkg }];
      }),
    );
    const bumped = published.map((name) => versions.get(name)!.version);
    if (pending.length === 0) return; // right after a release: nothing to version
    expect(new Set(bumped).size, bumped.join(', ')).toBe(1);
    expect(bumped[0]).not.toBe('0.0.0');
    for (const name of published)
      expect(existsSync(join(copy, versions.get(name)!.dir, 'CHANGELOG.md')), name).toBe(true);
    // Private workspaces (apps, cross-package tests) are never versioned.
    for (const [, pkg] of versions) if (pkg.private) expect(pkg.version, pkg.name).toBe('0.0.0');
    rmSync(copy, { recursive: true, force: true });
  });
});
