import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, shared with the command that writes the metadata
import { expectedMetadata } from '../../scripts/package-metadata.mjs';

// The packages as users get them: packed the way they are published (pnpm rewrites workspace:
// ranges), linted as registries and bundlers read them, then installed from the tarballs into a
// fresh project outside the workspace and used from ESM, CommonJS, TypeScript and the shell.

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);

interface Manifest {
  name: string;
  private?: boolean;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  devDependencies?: Record<string, string>;
  exports: Record<string, unknown>;
  bin?: Record<string, string>;
}
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !(pkg as Manifest).private) as { dir: string; pkg: Manifest }[];
/** Every import specifier a user can write: the package and its subpaths (not package.json). */
const specifiers = packages.flatMap(({ pkg }) =>
  Object.keys(pkg.exports)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`)),
);

const work = mkdtempSync(join(tmpdir(), 'sportscloud-packaging-'));
const tarballs = new Map<string, string>();
const app = join(work, 'app');

function run(cmd: string, args: string[], cwd: string) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  for (const { dir, pkg } of packages) {
    const out = execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', work], {
      cwd: join(root, 'packages', dir),
      encoding: 'utf8',
    });
    const tgz = out.trim().split('\n').at(-1)!.trim();
    tarballs.set(pkg.name, tgz.startsWith('/') ? tgz : join(work, tgz));
  }
  // Internal dependencies resolve to the tarballs too, never to the registry.
  const files = Object.fromEntries([...tarballs].map(([name, tgz]) => [name, `file:${tgz}`]));
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'fresh-app', private: true, dependencies: files, overrides: files }),
  );
  // Optional peer dependencies (msw for ./msw, @nestjs/terminus for ./terminus): users of those
  // entry points have them. tsx: how the README runs its TypeScript example on Node 20.
  const optionalPeers = packages.flatMap(({ pkg }) =>
    Object.keys(pkg.peerDependenciesMeta ?? {}).map(
      (peer) => `${peer}@${pkg.devDependencies?.[peer] ?? pkg.peerDependencies?.[peer]}`,
    ),
  );
  const extras = ['@types/node@20.19.43', 'tsx@4.23.15', ...new Set(optionalPeers)];
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...extras],
    {
      cwd: app,
      stdio: 'pipe',
    },
  );
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

describe('every published package as users install it', () => {
  it('is built before these tests run (a dependency of this workspace, so turbo builds it first)', () => {
    const own = JSON.parse(readFileSync(join(root, 'tests/package.json'), 'utf8')) as Manifest;
    for (const { pkg } of packages) expect(own.devDependencies?.[pkg.name], pkg.name).toBe('workspace:*');
  });

  it('has the same metadata and LICENSE as the repository', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    for (const { dir, pkg } of packages) {
      expect(pkg, pkg.name).toMatchObject(expectedMetadata(dir));
      expect(readFileSync(join(root, 'packages', dir, 'LICENSE'), 'utf8'), pkg.name).toBe(license);
      const listed = run('tar', ['-tzf', tarballs.get(pkg.name)!], work).output;
      expect(listed, pkg.name).toContain('package/LICENSE');
    }
  });

  it('passes publint --strict and arethetypeswrong on the packed tarball', () => {
    for (const [name, tgz] of tarballs) {
      const lint = run(bin('publint'), ['run', '--strict', tgz], work);
      expect(lint.code, `${name}: ${lint.output}`).toBe(0);
      const types = run(bin('attw'), [tgz, '--format', 'ascii'], work);
      expect(types.code, `${name}: ${types.output}`).toBe(0);
    }
  });

  it('imports from ESM and requires from CommonJS, every entry point', () => {
    for (const spec of specifiers) {
      const esm = run(
        'node',
        [
          '--input-type=module',
          '-e',
          `const m = await import('${spec}'); if (!Object.keys(m).length) process.exit(3);`,
        ],
        app,
      );
      expect(esm.code, `import ${spec}: ${esm.output}`).toBe(0);
      const cjs = run(
        'node',
        ['-e', `const m = require('${spec}'); if (!Object.keys(m).length) process.exit(3);`],
        app,
      );
      expect(cjs.code, `require ${spec}: ${cjs.output}`).toBe(0);
    }
  });

  // Third-party declarations (drizzle-orm's, reached through @sportscloud/sync) do not all check
  // without skipLibCheck, which is why real projects set it; the client's own declarations must,
  // so one consumer of @sportscloud/core alone is checked with it off.
  const coreOnly = specifiers.filter((spec) => spec.startsWith('@sportscloud/core'));
  it.each([
    ['node16 (ESM)', 'consumer.mts', { module: 'node16', moduleResolution: 'node16', skipLibCheck: true }],
    ['bundler', 'consumer.ts', { module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true }],
    [
      'node16, core alone, skipLibCheck off',
      'consumer.mts',
      { module: 'node16', moduleResolution: 'node16' },
      coreOnly,
    ],
    // The Nest CLI's default tsconfig: CommonJS output, node10 resolution, decorator metadata.
    [
      'NestJS CommonJS',
      'consumer.ts',
      {
        module: 'commonjs',
        moduleResolution: 'node',
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        allowSyntheticDefaultImports: true,
        skipLibCheck: true,
      },
    ],
  ] as [string, string, Record<string, unknown>, string[]?][])(
    'type-checks a consumer with %s resolution',
    (_label, file, options, only = specifiers) => {
      const dir = mkdtempSync(join(app, 'ts-'));
      const imports = only.map((spec, i) => `import * as m${i} from '${spec}';`).join('\n');
      writeFileSync(
        join(dir, file),
        `${imports}\nexport const all = [${only.map((_, i) => `m${i}`).join(', ')}];\n`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'es2022', strict: true, noEmit: true, types: ['node'], ...options },
          files: [file],
        }),
      );
      const check = run(bin('tsc'), ['-p', dir], dir);
      expect(check.code, check.output).toBe(0);
    },
  );

  it("runs every package's command-line tools from the install", () => {
    const bins = packages.flatMap(({ pkg }) => Object.keys(pkg.bin ?? {}));
    expect(bins.length).toBeGreaterThan(0);
    for (const name of bins) {
      const help = run(join(app, 'node_modules/.bin', name), ['--help'], app);
      expect(help.code, `${name} --help: ${help.output}`).toBe(0);
      expect(help.output, name).toMatch(/usage/i);
    }
  });
});

describe("the README's code example, as a new user runs it", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it'));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, code]) => ({
    lang,
    code: code!,
  }));

  it('installs what the README says to install', () => {
    const install = blocks.find((b) => b.lang === 'sh' && b.code.includes('npm install'))!.code;
    const named = install
      .match(/npm install (.+)/)![1]!
      .split(/\s+/)
      .sort();
    expect(named).toEqual([...tarballs.keys(), 'tsx'].filter((n) => named.includes(n)).sort());
    expect(install).toContain('npx tsx example.mts');
  });

  it('runs as written against the embedded fake and prints every athlete of each session', () => {
    const example = blocks.find((b) => b.lang === 'ts')!.code;
    writeFileSync(join(app, 'example.mts'), example);
    const { SPORTSCLOUD_CONSUMER_ID: _id, SPORTSCLOUD_SHARED_SECRET: _secret, ...env } = process.env;
    const result = spawnSync(join(app, 'node_modules/.bin/tsx'), ['example.mts'], {
      cwd: app,
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines)
      expect(line, line).toMatch(
        /^.+ · .+ · athlete \d+: \d+ HR samples \(min⁻¹\) from 2025-03-\d\dT.+Z, TRIMP [\d.]+$/,
      );
  }, 150_000);
});
