import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, expect, it, vi } from 'vitest';
import { connect, deleteKeys, uniquePrefix } from './support';

// The README example, run as written against this run's Redis, under a prefix of its own.
const README = new URL('../README.md', import.meta.url);
const MODULE = new URL('./readme-example.tmp.ts', import.meta.url);
const prefix = uniquePrefix('readme');
const redis = connect();

afterAll(async () => {
  await rm(MODULE, { force: true });
  await deleteKeys(redis, prefix);
  await redis.quit();
});

it('the README example runs and counts its request in Redis', async () => {
  const readme = await readFile(README, 'utf8');
  const block = /<!-- example:redis -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  expect(block).toContain("prefix: 'myapp:rate-limit:'");
  await writeFile(MODULE, block!.replace("'myapp:rate-limit:'", JSON.stringify(prefix)));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(/* @vite-ignore */ MODULE.href);
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/^\d+ accounts; 1 requests today, resets \d{4}-\d\d-\d\dT00:00:00\.000Z$/),
    );
  } finally {
    log.mockRestore();
  }
  // What the install line names is what the example imports, bar the fake (a dev dependency).
  const install = /```sh\n(npm install .+)\n```/.exec(readme)![1]!.split(' ').slice(2).sort();
  const imported = [...block!.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
  expect(install).toEqual(imported.filter((name) => name !== '@sportscloud/test-utils').sort());
  const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
  expect(manifest.peerDependencies).toHaveProperty('ioredis');
  expect(manifest.dependencies).toHaveProperty(['@sportscloud/core']);
  const keys = await redis.keys(`${prefix}*`);
  expect(keys.sort()).toEqual([`${prefix}bucket:`, `${prefix}since`].map((k) => expect.stringContaining(k)));
});
