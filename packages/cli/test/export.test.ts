import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, collect, type Fake, type Run, sandbox, secretsOf, sportscloud, startFake } from './harness';

const box = sandbox();
let api: Fake;

beforeAll(async () => {
  // Generous server limits: each run's client keeps to 1/s after a burst of 60 by itself, and the
  // tests together send more than one burst.
  api = await startFake({ seed: 1, limits: { rate: 100, burst: 1000 } });
});
afterAll(async () => {
  await api.server.close();
  box.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ ...box.env, ...api.env, ...extra });
const all = (run: Run) => `${run.stdout}${run.stderr}`;
const from = '2025-03-03';
const to = '2025-03-10';
const inRange = (t: string) => t >= `${from}T00:00:00Z` && t < `${to}T00:00:00Z`;

async function served(run: () => Promise<Run>): Promise<{ run: Run; paths: string[] }> {
  const before = api.fake.requests.length;
  const result = await run();
  return { run: result, paths: api.fake.requests.slice(before).map((r) => r.path.split('?')[0]!) };
}

function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const file = readFileSync(path);
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  return parquetReadObjects({ file: buffer }) as Promise<Record<string, unknown>[]>;
}

describe('export (from the API)', () => {
  it("exports an account's week, and costs exactly what quota --per measurement predicted", async () => {
    const account = api.fake.data.accounts[0]!;
    const quota = await sportscloud(
      ['quota', '--account', account.accountId, '--from', from, '--to', to, '--per', 'measurement', '--json'],
      { env: env() },
    );
    const { plan } = JSON.parse(quota.stdout);

    const out = join(box.dir, 'week.csv');
    const { run, paths } = await served(() =>
      sportscloud(
        ['export', '--account', account.accountId, '--from', from, '--to', to, '-o', out, '--json'],
        {
          env: env(),
        },
      ),
    );
    expect(run.code, all(run)).toBe(0);
    const measurements = account.measurements.filter((m) => inRange(m.startTime));
    const stats = JSON.parse(run.stdout);
    expect(stats).toMatchObject({
      items: measurements.length,
      format: 'csv',
      layout: 'long',
      interrupted: false,
    });
    expect(paths.filter((p) => p !== '/account/api-key')).toHaveLength(plan.needed);
    const lines = readFileSync(out, 'utf8').split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(stats.rows);
    const ids = new Set(lines.map((line) => Number(line.split(',')[2])));
    expect(ids).toEqual(new Set(measurements.map((m) => m.measurementId)));
    for (const secret of secretsOf(api.fake))
      expect(all(run) + readFileSync(out, 'utf8')).not.toContain(secret);
  });

  it('--team keeps its athletes only; --layout summary --format parquet gives one row per measurement', async () => {
    const account = api.fake.data.accounts[1]!;
    const team = account.teams[0]!;
    const out = join(box.dir, 'team.parquet');
    const { run, paths } = await served(() =>
      sportscloud(
        [
          'export',
          '--account',
          account.accountId,
          '--team',
          String(team.teamId),
          '--from',
          from,
          '--to',
          to,
          '--layout',
          'summary',
          '--format',
          'parquet',
          '-o',
          out,
        ],
        { env: env() },
      ),
    );
    expect(run.code, all(run)).toBe(0);
    expect(paths).toContain(`/sports/accounts/${account.accountId}/teams/${team.teamId}`);
    const members = new Set(team.athleteIds);
    const expected = account.measurements.filter((m) => inRange(m.startTime) && members.has(m.athleteId));
    const rows = await readParquet(out);
    expect(rows).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    for (const row of rows) expect(members.has(Number(row.athlete_id))).toBe(true);
    expect(rows[0]).toHaveProperty('trimp');
  });

  it('names bad input before sending anything (exit code 2)', async () => {
    for (const [args, message] of [
      [['export', '--athlete', 'abc'], '--athlete takes integer ids'],
      [['export', '--format', 'xlsx'], '--format must be'],
      [['export', '--from', '2025-03-10', '--to', '2025-03-03'], 'filter.to: must be after filter.from'],
    ] as const) {
      const { run, paths } = await served(() => sportscloud(args, { env: env() }));
      expect(run.code, all(run)).toBe(2);
      expect(run.stderr).toContain(message);
      expect(paths).toEqual([]);
    }
  });

  it('Ctrl-C mid-export (a real SIGINT) leaves a valid Parquet file of the measurements done (exit 130)', async () => {
    // A slow server (burst 3, then 1 request a second), so the export is still running when interrupted.
    const slow = await startFake({ seed: 1, limits: { rate: 1, burst: 3 } });
    try {
      const account = slow.fake.data.accounts[0]!;
      const out = join(box.dir, 'interrupted.parquet');
      const child = spawn(
        process.execPath,
        [
          BIN,
          'export',
          '--account',
          account.accountId,
          '--from',
          from,
          '--to',
          to,
          '--format',
          'parquet',
          '-o',
          out,
        ],
        { env: { ...box.env, ...slow.env }, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const done = collect(child, performance.now());
      // Interrupt once the first measurement is through (progress is on stderr).
      await new Promise<void>((resolve) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          if (/export: \d+ items/.test(chunk.toString())) resolve();
        });
      });
      child.kill('SIGINT');
      const run = await done;
      expect(run.code, all(run)).toBe(130);
      expect(run.stdout).toMatch(/^interrupted: wrote (\d+) rows \(long\) of (\d+) items/);
      const [, rows, items] = /wrote (\d+) rows \(long\) of (\d+) items/.exec(run.stdout)!;
      const read = await readParquet(out);
      expect(read).toHaveLength(Number(rows));
      const total = account.measurements.filter((m) => inRange(m.startTime)).length;
      expect(Number(items)).toBeGreaterThanOrEqual(1);
      expect(Number(items)).toBeLessThan(total);
    } finally {
      await slow.server.close();
    }
  });
});
