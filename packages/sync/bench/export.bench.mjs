// Export benchmark: `pnpm --filter @sportscloud/sync bench:export` (builds dist/ first).
//
// Source: the four real API responses (reference-data/real-samples), decoded once by @sportscloud/core,
// then replayed as a stream of items, each copy with new ids and a start time one day later, until the
// target output size is reached. The series are real (87,319 samples and 61 scalars per round of four).
// Sink: a Web WritableStream that counts bytes and drops them (no disk in the measurement).
// Per case: wall time of exportResults() from first item to close and the process CPU time over it (the
// machine may be shared: MB per CPU-second is the steadier figure), bytes written, MB/s (10^6 bytes/s),
// samples/s, bytes per exported sample; RSS before (after a forced GC) and the peak RSS, sampled at
// every chunk the sink receives (every ~64 KiB of text, every row group of Parquet).
// Each case runs in its own child process so one case's heap does not inflate the next one's RSS.
// Options: --csv-gb=<GB for the CSV long case, default 1>, --mb=<MB for the other cases, default 200>.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeResults } from '@sportscloud/core';
import { exportResults } from '../dist/index.mjs';

const SAMPLES = new URL('../../../reference-data/real-samples/', import.meta.url);
const OFFSETS_MIN = [180, undefined, -270, 0];
const DAY_MS = 86_400_000;

function arg(name, fallback) {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
}

async function sampleItems() {
  const items = [];
  for (let n = 1; n <= 4; n++) {
    const raw = JSON.parse(readFileSync(new URL(`sample_api_response_0${n}.json`, SAMPLES), 'utf8'));
    const decoded = await decodeResults(raw);
    items.push({ raw, variables: decoded.variables, offset: OFFSETS_MIN[n - 1] });
  }
  return items;
}

function localIso(ms, offsetMin) {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const suffix = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(ms + offsetMin * 60_000).toISOString().replace(/\.\d{3}Z$/, suffix);
}

/** Copies of the samples, one round after another, until `stop()` says the output is big enough. */
async function* replay(samples, stop) {
  for (let round = 0; !stop(); round++) {
    for (const { raw, variables, offset } of samples) {
      const start = Date.parse(raw.startTime) + round * DAY_MS;
      yield {
        consumerId: 'bench',
        accountId: '3-12345',
        athleteId: raw.athleteId,
        measurementId: raw.measurementId + round * 10,
        ...(raw.sessionId ? { sessionId: raw.sessionId + round } : {}),
        startTime: new Date(start).toISOString(),
        ...(offset === undefined ? {} : { startTimeLocal: localIso(start, offset) }),
        variables,
      };
    }
  }
}

async function runCase(format, layout, targetBytes) {
  const samples = await sampleItems();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  let atPeak = process.memoryUsage();
  let bytes = 0;
  const sink = new WritableStream({
    write(chunk) {
      bytes += chunk.byteLength;
      const rss = process.memoryUsage.rss();
      if (rss > peak) {
        peak = rss;
        atPeak = process.memoryUsage(); // where the memory is: JS heap or buffers outside it
      }
    },
  });
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const stats = await exportResults(
    replay(samples, () => bytes >= targetBytes),
    sink,
    { format, layout, ...(process.env.ROW_GROUP ? { rowGroupSize: Number(process.env.ROW_GROUP) } : {}) },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
  return {
    bench: 'export',
    format,
    layout,
    bytes: stats.bytes,
    items: stats.items,
    rows: stats.rows,
    samples: stats.samples,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    mbPerSecond: Math.round((stats.bytes / 1e6 / seconds) * 10) / 10,
    mbPerCpuSecond: Math.round((stats.bytes / 1e6 / cpuSeconds) * 10) / 10,
    samplesPerSecond: Math.round(stats.samples / seconds),
    bytesPerSample: stats.samples ? Math.round((stats.bytes / stats.samples) * 10) / 10 : null,
    rssBeforeMiB: mb(rssBefore),
    rssPeakMiB: mb(peak),
    rssGrowthMiB: mb(peak - rssBefore),
    atPeakHeapTotalMiB: mb(atPeak.heapTotal),
    atPeakHeapUsedMiB: mb(atPeak.heapUsed),
    atPeakArrayBuffersMiB: mb(atPeak.arrayBuffers),
    node: process.version,
    nodeFlags: process.execArgv.join(' '),
    method:
      'real samples replayed as items; exportResults() into a counting WritableStream; wall and CPU time; MB = 10^6 bytes; ' +
      'RSS before after gc(), peak sampled at every output chunk; one child process per case',
  };
}

const [, , caseArg] = process.argv;
if (caseArg?.startsWith('case=')) {
  const [format, layout, target] = caseArg.slice(5).split(':');
  console.log(JSON.stringify(await runCase(format, layout, Number(target))));
} else {
  const csvBytes = arg('csv-gb', 1) * 1e9;
  const otherBytes = arg('mb', 200) * 1e6;
  // Parquet allocates fast (the writer builds each row group in JS arrays); on a busy machine V8 lets
  // the garbage pile up. The capped case shows the live set is small: the same export under a 64 MB
  // old-space limit.
  const cases = [
    ['csv', 'long', csvBytes, []],
    ['ndjson', 'long', otherBytes, []],
    ['parquet', 'long', otherBytes / 5, []],
    ['parquet', 'long', otherBytes / 5, ['--max-old-space-size=64']],
    ['csv', 'wide', otherBytes, []],
    ['parquet', 'wide', otherBytes / 5, []],
    ['csv', 'summary', otherBytes / 100, []],
  ];
  const self = fileURLToPath(import.meta.url);
  for (const [format, layout, target, flags] of cases) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', ...flags, self, `case=${format}:${layout}:${target}`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
    process.stdout.write(child.stdout);
  }
}
