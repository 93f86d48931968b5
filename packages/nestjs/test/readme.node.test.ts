import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningFake, startFake } from './support/fake';
import { type CompiledApp, compileApp, readPackageFile, runApp } from './support/fixture-app';

let sc: RunningFake;
let app: CompiledApp | undefined;

beforeAll(async () => {
  sc = await startFake();
});
afterAll(async () => {
  await app?.remove();
  await sc.close();
});

it("the README's example compiles with tsc and runs as written", async () => {
  const readme = await readPackageFile('README.md');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  expect(example!.trim().split('\n').length).toBeLessThanOrEqual(25);
  app = await compileApp('esm', { 'main.ts': example! });
  const run = runApp(app.main, {
    SPORTSCLOUD_CONSUMER_ID: sc.options.consumerId,
    SPORTSCLOUD_SHARED_SECRET: sc.options.sharedSecret,
    SPORTSCLOUD_BASE_URL: sc.options.baseURL,
  });
  const exit = await run.exited;
  expect(exit.code).toBe(0);
  // console.log prints the array of names, each in single quotes.
  const names = sc.fake.data.accounts.map((a) => a.name);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(run.stdout()).toContain(`'${name}'`);
}, 120_000);
