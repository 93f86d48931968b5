import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, expect, it, vi } from 'vitest';

const README = new URL('../../README.md', import.meta.url);
const MODULE = new URL('./readme-example.tmp.ts', import.meta.url);
const OUTPUT = join(tmpdir(), `sportscloud-readme-${process.pid}.csv`);

afterAll(async () => {
  await rm(MODULE, { force: true });
  await rm(OUTPUT, { force: true });
});

it('the README example runs and writes a CSV pandas can read', async () => {
  const readme = await readFile(README, 'utf8');
  const block = /<!-- example:fake -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  // The same code, writing to a temporary file instead of the working directory.
  await writeFile(MODULE, block!.replaceAll("'results.csv'", JSON.stringify(OUTPUT)));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(/* @vite-ignore */ MODULE.href);
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(/^\d+ measurements, \d+ samples, \d+ bytes → results.csv$/),
    );
  } finally {
    log.mockRestore();
  }
  const records = parse(await readFile(OUTPUT, 'utf8'), {
    record_delimiter: '\r\n',
    columns: true,
  }) as Record<string, string>[];
  expect(records.length).toBeGreaterThan(100);
  expect(new Set(records.map((r) => r.variable))).toEqual(new Set(['heartRateSeries', 'trimp']));
});
