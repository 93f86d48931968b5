// Export benchmark: `pnpm --filter @sportscloud/sync bench:export` (builds dist/ first).
//
// Source: the four real API responses (reference-data/real-samples), decoded once by @sportscloud/core,
// then replayed as a stream of items, each copy with new ids and a start time one day later, until the
// target output size is reached. The series are real (87,319 samples and 61 scalars per round of four).
// Sink: a Web WritableStream that counts bytes and drops them (no disk in the measurement).
// Per case: wall time of exportResults() from first item to close and the process CPU time over it (the
// machine may be shared: MB per CPU-second is the steadier figure), bytes written, MB/s (10^6 bytes/s),
// samples/s, bytes per exported sample. Memory: RSS before (after a forced GC), then the kernel's peak
// RSS over the export (VmHWM, reset just before it starts: it sees peaks between chunks too), and the
// heap and array buffers at the highest RSS sampled at an output chunk.
// Each case runs in its own child process so one case's heap does not inflate the next one's RSS.
// Options: --gb=<GB for the long layout of each format, default 1>, --mb=<MB for the other cases,
// default 200>, --only=<comma-separated case names, e.g. parquet-long>.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

/** The kernel's peak RSS of this process (bytes), and its reset (Linux: /proc/self/clear_refs). */
function peakRss() {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}
function resetPeakRss() {
  writeFileSync('/proc/self/clear_refs', '5');
}

async function runCase(format, layout, targetBytes) {
  const samples = await sampleItems();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  resetPeakRss();
  let peak = rssBefore;
  let atPeak = process.memoryUsage();
  let bytes = 0;
  const progressStep = Math.max(targetBytes / 10, 1e6);
  let started = performance.now();
  const sink = new WritableStream({
    write(chunk) {
      const crossed =
        Math.floor((bytes + chunk.byteLength) / progressStep) > Math.floor(bytes / progressStep);
      bytes += chunk.byteLength;
      if (crossed) {
        // Progress on stderr (long cases take minutes on a busy machine): output so far, RSS growth so far.
        const growth = (Math.max(peak, peakRss()) - rssBefore) / 2 ** 20;
        console.error(
          `${format} ${layout}: ${(bytes / 1e6).toFixed(0)} MB, peak RSS growth ${growth.toFixed(1)} MiB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
      const rss = process.memoryUsage.rss();
      if (rss > peak) {
        peak = rss;
        atPeak = process.memoryUsage(); // where the memory is: JS heap or buffers outside it
      }
    },
  });
  const cpuStart = process.cpuUsage();
  started = performance.now();
  const stats = await exportResults(
    replay(samples, () => bytes >= targetBytes),
    sink,
    { format, layout, ...(process.env.ROW_GROUP ? { rowGroupSize: Number(process.env.ROW_GROUP) } : {}) },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  peak = Math.max(peak, peakRss());
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
      'RSS before after gc(), peak = max(kernel VmHWM over the export, RSS at every output chunk); one child process per case',
  };
}

const mib = (n) => `${Math.round(n)} MiB`;
const fmtMB = (bytes) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`);
const fmtCount = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n.toLocaleString('en'));

/** The README table: one row per case. */
function table(results) {
  const header = [
    'case',
    'output',
    'samples',
    'wall s',
    'CPU s',
    'MB/s (wall)',
    'MB per CPU-s',
    'samples per CPU-s',
    'bytes per sample',
    'RSS growth',
    'heap at peak',
  ];
  const rows = results.map((r) => [
    `${r.format === 'ndjson' ? 'NDJSON' : r.format === 'csv' ? 'CSV' : 'Parquet'}, ${r.layout}`,
    fmtMB(r.bytes),
    r.layout === 'summary' ? `${r.items.toLocaleString('en')} items` : fmtCount(r.samples),
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
    r.mbPerSecond.toFixed(1),
    r.mbPerCpuSecond.toFixed(1),
    r.layout === 'summary' ? '–' : fmtCount(Math.round(r.samples / r.cpuSeconds)),
    r.bytesPerSample === null ? `${Math.round(r.bytes / r.items)} per item` : String(r.bytesPerSample),
    mib(r.rssGrowthMiB),
    mib(r.atPeakHeapUsedMiB),
  ]);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const [, , caseArg] = process.argv;
if (caseArg?.startsWith('case=')) {
  const [format, layout, target] = caseArg.slice(5).split(':');
  console.log(JSON.stringify(await runCase(format, layout, Number(target))));
} else {
  const longBytes = arg('gb', 1) * 1e9;
  const otherBytes = arg('mb', 200) * 1e6;
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const cases = [
    ['csv', 'long', longBytes],
    ['ndjson', 'long', longBytes],
    ['parquet', 'long', longBytes],
    ['csv', 'wide', otherBytes],
    ['parquet', 'wide', otherBytes / 5],
    ['csv', 'summary', otherBytes / 100],
  ].filter(([format, layout]) => !only || only.includes(`${format}-${layout}`));
  const self = fileURLToPath(import.meta.url);
  const results = [];
  for (const [format, layout, target] of cases) {
    const child = spawnSync(process.execPath, ['--expose-gc', self, `case=${format}:${layout}:${target}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
    process.stdout.write(child.stdout);
    results.push(JSON.parse(child.stdout));
  }
  process.stdout.write(`\n${table(results)}\n`);
}
