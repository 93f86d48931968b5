import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DecodedVariable, decodeResults, isTimeSeries, seriesTimes } from '@sportscloud/core';
import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, collect, type Run, sandbox, sportscloud } from './harness';

const box = sandbox();
const env = box.env;
const all = (run: Run) => `${run.stdout}${run.stderr}`;
const COLUMNS =
  'account_id,athlete_id,measurement_id,session_id,lap_id,variable,time_utc,time_local,value,unit';
const samples = fileURLToPath(new URL('../../../reference-data/real-samples/', import.meta.url));

let sessionFile: string;
let sessionBody: {
  measurements: { athleteId: number; measurementId: number; startTime: string; variables: unknown[] }[];
};

beforeAll(async () => {
  // A session results body exactly as the API sends it (format=binary), saved to a file.
  const fake = createFakeSportsCloud({ seed: 1 });
  const account = fake.data.accounts[0]!;
  const session = account.sessions[0]!;
  const url = `https://api.firstbeat.com/v1/sports/accounts/${account.accountId}/teams/${session.teamId}/sessions/${session.sessionId}/results`;
  const response = await fake.fetch(new Request(url, { headers: await fake.authHeaders() }));
  expect(response.status).toBe(200);
  const text = await response.text();
  sessionBody = JSON.parse(text);
  sessionFile = join(box.dir, 'session.json');
  writeFileSync(sessionFile, text);
});
afterAll(() => box.cleanup());

/** What the long layout must hold, from core's decoder directly. */
async function expectedRows(body: unknown, only?: Set<string>) {
  const decoded = (await decodeResults(body)) as { measurements?: unknown[] };
  const items = (decoded.measurements ?? [decoded]) as { startTime: string; variables: DecodedVariable[] }[];
  let series = 0;
  let scalars = 0;
  for (const item of items) {
    for (const v of item.variables) {
      if (only && !only.has(v.name)) continue;
      if (isTimeSeries(v)) series += v.values.length;
      else scalars++;
    }
  }
  return { items, series, scalars, total: series + scalars };
}

const csvLines = (text: string) => text.split('\r\n').slice(0, -1);

describe('decode', () => {
  it('writes a session results file as CSV: one row per sample, then the scalars; UTC and local times', async () => {
    const run = await sportscloud(['decode', sessionFile], { env });
    expect(run.code, run.stderr).toBe(0);
    const lines = csvLines(run.stdout);
    expect(lines[0]).toBe(COLUMNS);
    const expected = await expectedRows(sessionBody);
    expect(lines.length - 1).toBe(expected.total);
    expect(expected.series).toBeGreaterThan(1000);

    // The first heart-rate sample of the first athlete: the value core decodes, at its startTime.
    const item = expected.items[0]!;
    const hr = item.variables.find((v) => v.name === 'heartRateSeries')!;
    if (!isTimeSeries(hr)) throw new Error('heartRateSeries is a series');
    const times = seriesTimes(hr, item.startTime);
    const m = sessionBody.measurements[0]!;
    const row = lines.find(
      (line) => line.includes(`,${m.measurementId},`) && line.includes(',heartRateSeries,'),
    )!;
    const cells = row.split(',');
    expect(cells[1]).toBe(String(m.athleteId));
    expect(cells[6]).toBe(new Date(times[0]!).toISOString());
    expect(Number(cells[8])).toBe(Number(hr.values[0]));
    expect(cells[9]).toBe(hr.unit);
    // The fake's accounts use a fixed offset: the local time is the UTC time shifted by it, with the offset.
    expect(cells[7]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    const scalar = lines.find((line) => line.includes(',trimp,'))!.split(',');
    expect(scalar.slice(6, 8)).toEqual(['', '']);
    // The summary goes to stderr, never into the data.
    expect(run.stderr).toContain(`wrote ${expected.total} rows (long) of ${expected.items.length} items`);
  });

  it('writes NDJSON with --vars, to a file with --out, and a JSON summary with --json', async () => {
    const out = join(box.dir, 'hr.ndjson');
    const run = await sportscloud(
      [
        'decode',
        sessionFile,
        '--format',
        'ndjson',
        '--vars',
        'heartRateSeries,trimp',
        '-o',
        out,
        '--account-id',
        'acc-1',
        '--json',
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const expected = await expectedRows(sessionBody, new Set(['heartRateSeries', 'trimp']));
    expect(rows).toHaveLength(expected.total);
    expect(new Set(rows.map((r) => r.variable))).toEqual(new Set(['heartRateSeries', 'trimp']));
    expect(Object.keys(rows[0])).toEqual(COLUMNS.split(','));
    expect(rows[0].account_id).toBe('acc-1');
    expect(rows.find((r) => r.variable === 'trimp')).toMatchObject({ time_utc: null, time_local: null });
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      rows: expected.total,
      bytes: statSync(out).size,
      format: 'ndjson',
      interrupted: false,
    });
  });

  it.each(['01', '02', '03', '04'])('decodes the real sample %s as core does, from stdin too', async (n) => {
    const file = join(samples, `sample_api_response_${n}.json`);
    const text = readFileSync(file, 'utf8');
    const expected = await expectedRows(JSON.parse(text));
    const fromFile = await sportscloud(['decode', file], { env });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(csvLines(fromFile.stdout).length - 1).toBe(expected.total);
    const fromStdin = await sportscloud(['decode', '-'], { env, input: text });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('names what is wrong: bad format (2), too large (2), missing file (1), not JSON (1), a corrupt series (1)', async () => {
    const format = await sportscloud(['decode', sessionFile, '--format', 'xlsx'], { env });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be csv, ndjson, parquet; got "xlsx"');
    const layout = await sportscloud(['decode', sessionFile, '--layout', 'tall'], { env });
    expect(layout.code).toBe(2);
    expect(layout.stderr).toContain('--layout must be long, wide, summary');
    const large = await sportscloud(['decode', sessionFile, '--max-bytes', '1000'], { env });
    expect(large.code).toBe(2);
    expect(large.stderr).toContain('larger than --max-bytes 1000');
    const missing = await sportscloud(['decode', join(box.dir, 'nope.json')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    const notJson = join(box.dir, 'not.json');
    writeFileSync(notJson, 'results: none');
    expect((await sportscloud(['decode', notJson], { env })).code).toBe(1);

    const corrupt = structuredClone(sessionBody) as {
      measurements: { variables: { name: string; value: unknown }[] }[];
    };
    const series = corrupt.measurements[0]!.variables.find((v) => v.name === 'heartRateSeries')!;
    series.value = 'eJwrzs9NTcnMS1coLinKzEvXBgA1PQYp'; // valid zlib, but a length that is no whole number of samples
    const bad = join(box.dir, 'corrupt.json');
    writeFileSync(bad, JSON.stringify(corrupt));
    const run = await sportscloud(['decode', bad], { env });
    expect(run.code, all(run)).toBe(1);
    expect(run.stderr).toContain('heartRateSeries');
  });

  it('writes Parquet that an independent reader reads back, and the summary and wide layouts', async () => {
    const out = join(box.dir, 'session.parquet');
    const run = await sportscloud(['decode', sessionFile, '--format', 'parquet', '-o', out], { env });
    expect(run.code, run.stderr).toBe(0);
    const file = readFileSync(out);
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    const rows = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
    const expected = await expectedRows(sessionBody);
    expect(rows).toHaveLength(expected.total);
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS.split(','));

    const summary = await sportscloud(['decode', sessionFile, '--layout', 'summary', '--format', 'ndjson'], {
      env,
    });
    expect(summary.code, summary.stderr).toBe(0);
    const items = summary.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(items).toHaveLength(sessionBody.measurements.length);
    const first = expected.items[0]!.variables.find((v) => v.name === 'trimp') as { value: number };
    expect(items[0].trimp).toBe(first.value);

    const wide = await sportscloud(['decode', sessionFile, '--layout', 'wide', '--vars', 'heartRateSeries'], {
      env,
    });
    const lines = csvLines(wide.stdout);
    expect(lines[0]!.endsWith(',heartRateSeries')).toBe(true);
    expect(lines.length - 1).toBe((await expectedRows(sessionBody, new Set(['heartRateSeries']))).series);
  });

  it('Ctrl-C (a real SIGINT) stops it with exit code 130 and a file of complete rows', async () => {
    // 12 copies of the session: about 600,000 rows, several seconds of writing on this machine.
    const big = join(box.dir, 'big.json');
    writeFileSync(big, JSON.stringify(Array.from({ length: 12 }, () => sessionBody)));
    const full = (await expectedRows(sessionBody)).total * 12;
    const out = join(box.dir, 'big.csv');
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'decode', big, '-o', out], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const done = collect(child, started);
    // Interrupt once rows are landing in the file.
    for (let i = 0; i < 600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        if (statSync(out).size > 100_000) break;
      } catch {
        // Not created yet.
      }
    }
    child.kill('SIGINT');
    const run = await done;
    expect(run.code, all(run)).toBe(130);
    expect(run.stdout).toMatch(/^interrupted: wrote \d+ rows \(long\) of \d+ items/);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = csvLines(text);
    expect(lines[0]).toBe(COLUMNS);
    for (const line of lines) expect(line.split(',')).toHaveLength(10);
    const written = Number(/wrote (\d+) rows/.exec(run.stdout)![1]);
    expect(lines.length - 1).toBe(written);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(full);
  });

  // `script` gives the bin a pseudo-terminal, as a user's shell does (util-linux; on every Debian).
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('draws a progress bar on a terminal, and plain lines when piped', async () => {
    const big = join(box.dir, 'tty.json');
    writeFileSync(big, JSON.stringify(Array.from({ length: 4 }, () => sessionBody)));
    const out = join(box.dir, 'tty.csv');
    const command = `'${process.execPath}' '${BIN}' decode '${big}' -o '${out}'`;
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], {
      env: { ...env, TERM: 'xterm' },
      encoding: 'utf8',
    });
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/decode \[#*-*\] \d+\/32 items/);
    expect(tty.stdout).toContain('\x1b[?25l'); // the cursor is hidden while the bar runs…
    expect(tty.stdout).toContain('\x1b[?25h'); // …and shown again
    const piped = await sportscloud(['decode', big, '-o', out], { env });
    expect(piped.stderr).toMatch(/^decode: 32\/32 items$/m);
    expect(piped.stderr).not.toContain('\x1b');
  });
});
