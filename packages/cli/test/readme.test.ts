import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, sandbox } from './harness';

// The README's quickstart, run as written (the `npm install` line aside: the packed-install test in
// tests/src/packaging.test.ts installs the tarballs; here the built bins stand in for them).

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const quickstart = readme.slice(readme.indexOf('## Quickstart'), readme.indexOf('## Sync, then export'));
const blocks = [...quickstart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const fakeBin = fileURLToPath(new URL('../../test-utils/dist/bin.mjs', import.meta.url));
const sample = fileURLToPath(
  new URL('../../../reference-data/real-samples/sample_api_response_01.json', import.meta.url),
);

const box = sandbox();
afterAll(() => box.cleanup());

function project(): string {
  const dir = join(box.dir, 'project');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'quickstart', private: true }));
  symlinkSync(BIN, join(dir, 'node_modules', '.bin', 'sportscloud'));
  symlinkSync(fakeBin, join(dir, 'node_modules', '.bin', 'sportscloud-fake'));
  return dir;
}

function bash(script: string, cwd: string) {
  return spawnSync('bash', ['-e', '-c', script], {
    cwd,
    env: { ...box.env, NO_COLOR: '1', npm_config_yes: 'false', npm_config_offline: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('README quickstart', () => {
  const cwd = project();

  it('has the two blocks this test runs', () => {
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.split('\n')[0]).toBe('npm install @sportscloud/cli @sportscloud/test-utils');
  });

  it('runs the fake, doctor, quota and api-key as written, with the figures the README states', () => {
    const script = blocks[0]!.split('\n').slice(1).join('\n');
    const started = performance.now();
    const result = bash(script, cwd);
    // The fake was stopped by the block's last line: nothing holds the pipes open until the timeout.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Sports Cloud connection check: OK');
    const [, lists, results] = /here (\d+) list requests \+ (\d+) session results/.exec(quickstart)!;
    expect(result.stdout).toMatch(new RegExp(`list requests +${lists} `));
    expect(result.stdout).toMatch(new RegExp(`results requests +${results} `));
    expect(result.stdout).toMatch(/API key of .+: \S{4}…\S{4}/);
    const day = readFileSync(join(cwd, 'day.csv'), 'utf8').split('\r\n');
    expect(day[0]).toMatch(/^account_id,athlete_id,measurement_id,session_id,lap_id,start_utc,.*,trimp,/);
    expect(result.stdout).toMatch(
      new RegExp(`wrote ${day.length - 2} rows \\(summary\\) of ${day.length - 2} items`),
    );
  }, 150_000);

  it('decodes a saved results file as written', () => {
    copyFileSync(sample, join(cwd, 'results.json'));
    const result = bash(blocks[1]!, cwd);
    expect(result.status, result.stderr).toBe(0);
    const csv = readFileSync(join(cwd, 'results.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'account_id,athlete_id,measurement_id,session_id,lap_id,variable,time_utc,time_local,value,unit',
    );
    expect(csv.length).toBeGreaterThan(1000);
    const ndjson = readFileSync(join(cwd, 'hr.ndjson'), 'utf8').trimEnd().split('\n');
    // Sample 01 has heart rate but no TRIMP: the filter keeps exactly what is there.
    expect(new Set(ndjson.map((line) => JSON.parse(line).variable))).toEqual(new Set(['heartRateSeries']));
  }, 60_000);
});
