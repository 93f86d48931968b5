import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, collect, type Fake, type Run, sandbox, secretsOf, sportscloud, startFake } from './harness';

// sync and export --db: thin calls into @sportscloud/sync, driven through the built bin.

const box = sandbox();
let api: Fake;
// A small account, so a first sync stays within one burst of the client's 1 request/s.
const dataset = {
  accounts: 1,
  coachesPerAccount: 1,
  teamsPerAccount: 1,
  groupsPerTeam: 0,
  athletesPerAccount: 4,
  measurementsPerAthlete: 2,
  sessionsPerTeam: 3,
  maxLaps: 0,
};

beforeAll(async () => {
  api = await startFake({ seed: 1, dataset, limits: { rate: 100, burst: 1000 } });
});
afterAll(async () => {
  await api.server.close();
  box.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ ...box.env, ...api.env, ...extra });
const all = (run: Run) => `${run.stdout}${run.stderr}`;

describe('sync and export --db', () => {
  const dataDir = join(box.dir, 'db');

  it('syncs into an embedded database, then a second run fetches no results again', async () => {
    const first = await sportscloud(['sync', '--data-dir', dataDir, '--json'], { env: env() });
    expect(first.code, all(first)).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.state).toBe('done');
    expect(report.database).toBe(dataDir);
    expect(report.requests.results).toBeGreaterThan(0);
    expect(report.counts.resultSets).toBeGreaterThan(0);
    expect(first.stderr).toMatch(/^sync: \d+\/\d+ results \(finished\), \d+ requests$/m);

    const second = await sportscloud(['sync', '--data-dir', dataDir, '--json'], { env: env() });
    expect(second.code, all(second)).toBe(0);
    const again = JSON.parse(second.stdout);
    expect(again.requests.results).toBe(0);
    expect(again.counts.resultSets).toBe(report.counts.resultSets);
    for (const run of [first, second]) {
      for (const secret of secretsOf(api.fake)) expect(all(run)).not.toContain(secret);
    }
  });

  it('export --db reads the database without a request: one summary row per result set', async () => {
    const status = JSON.parse(
      (await sportscloud(['sync', '--data-dir', dataDir, '--json'], { env: env() })).stdout,
    );
    const before = api.fake.requests.length;
    const out = join(box.dir, 'db.csv');
    const run = await sportscloud(
      ['export', '--db', '--data-dir', dataDir, '--layout', 'summary', '-o', out],
      {
        env: env(),
      },
    );
    expect(run.code, all(run)).toBe(0);
    expect(api.fake.requests.length).toBe(before);
    const lines = readFileSync(out, 'utf8').split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(status.counts.resultSets);
  });

  it('stops on Ctrl-C (a real SIGINT) with exit code 130, and the next run finishes the job', async () => {
    const slowFake = await startFake({ seed: 2, dataset, limits: { rate: 2, burst: 3 } });
    try {
      const dir = join(box.dir, 'interrupted');
      const child = spawn(process.execPath, [BIN, 'sync', '--data-dir', dir], {
        env: { ...box.env, ...slowFake.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const done = collect(child, performance.now());
      await new Promise<void>((resolve) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          if (/sync: [1-9]\d*\/\d+ lists/.test(chunk.toString())) resolve();
        });
      });
      child.kill('SIGINT');
      const run = await done;
      expect(run.code, all(run)).toBe(130);
      const resumed = await sportscloud(['sync', '--data-dir', dir, '--json'], {
        env: { ...box.env, ...slowFake.env },
      });
      expect(resumed.code, all(resumed)).toBe(0);
      expect(JSON.parse(resumed.stdout).state).toBe('done');
    } finally {
      await slowFake.server.close();
    }
  });

  const psql = (sql: string) =>
    spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-tAc', sql], {
      encoding: 'utf8',
    });
  const hasPostgres = spawnSync('psql', ['--version']).status === 0 && psql('select 1').stdout.trim() === '1';

  it.skipIf(!hasPostgres)('syncs into PostgreSQL at DATABASE_URL and never prints its password', async () => {
    const name = `sportscloud_cli_${process.pid}`;
    psql(`drop database if exists ${name}`);
    expect(psql(`create database ${name}`).status).toBe(0);
    try {
      // Trust auth ignores the password; it stands for a real one that must never be shown.
      const password = 'pg-password-never-shown';
      const url = `postgres://postgres:${password}@127.0.0.1:5432/${name}`;
      const run = await sportscloud(['sync', '--json'], { env: env({ DATABASE_URL: url }) });
      expect(run.code, all(run)).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.state).toBe('done');
      expect(report.database).toBe(`postgres://postgres:***@127.0.0.1:5432/${name}`);
      expect(all(run)).not.toContain(password);
      const text = await sportscloud(['export', '--db', '--layout', 'summary', '--format', 'ndjson'], {
        env: env({ DATABASE_URL: url }),
      });
      expect(text.code, all(text)).toBe(0);
      expect(text.stdout.trimEnd().split('\n')).toHaveLength(report.counts.resultSets);
      expect(all(text)).not.toContain(password);
    } finally {
      psql(`drop database if exists ${name} with (force)`);
    }
  });
});
