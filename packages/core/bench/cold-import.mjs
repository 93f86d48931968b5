// Node cold import of the built @sportscloud/core, JSON lines. Load-independent and load-dependent:
// 1. what one import loads: ES modules, their source bytes, and per package (a loader hook counts them,
//    in a separate process, so the hook's cost is not in the timings);
// 2. wall and CPU time around `await import()` in a fresh `node` per run, RUNS runs (default 15).
//    The machine may be shared: minima are the figures least disturbed by other load.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const core = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(import.meta.resolve('@sportscloud/core'));
const runs = Number(process.env.RUNS ?? 15);

const counter = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (m) => loaded.push(m));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(\`
  let port;
  export function initialize(data) { port = data.port; }
  export async function load(url, context, next) {
    const result = await next(url, context);
    const size = result.source == null ? 0 : (typeof result.source === 'string' ? Buffer.byteLength(result.source) : result.source.byteLength);
    port.postMessage({ url, size });
    return result;
  }\`), { data: { port: port2 }, transferList: [port2] });
await import(${JSON.stringify(entry)});
await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify(loaded));`;
const out = spawnSync(process.execPath, ['--input-type=module', '-e', counter], {
  cwd: core,
  encoding: 'utf8',
});
if (out.status !== 0) throw new Error(out.stderr);
const loaded = JSON.parse(out.stdout.trim()).filter((m) => m.url.startsWith('file:'));
const byPackage = {};
for (const { url, size } of loaded) {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  const key = match ? match[1] : '@sportscloud/core';
  byPackage[key] ??= { modules: 0, bytes: 0 };
  byPackage[key].modules += 1;
  byPackage[key].bytes += size;
}
console.log(
  JSON.stringify({
    coldImportLoads: '@sportscloud/core',
    modules: loaded.length,
    sourceBytes: loaded.reduce((sum, m) => sum + m.size, 0),
    byPackage,
    method: 'module.register load hook counting every file: URL and its source bytes',
  }),
);

// Wall and CPU time (user + system of this process: less disturbed by other load than wall time) per
// target, runs interleaved so every target sees the same load. `zod` (full, as core imported it before
// 0.x) is the yardstick: the issue measured it at 54 ms on an idle machine, so core's ratio to it
// translates this run's figures to that machine.
const targets = { '@sportscloud/core': entry, 'zod (yardstick)': 'zod', jose: 'jose' };
const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, { wall: [], cpu: [] }]));
for (let i = 0; i < runs; i++) {
  for (const [name, target] of Object.entries(targets)) {
    const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(target)}); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(JSON.stringify([w, (u.user + u.system) / 1000]));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: core,
      encoding: 'utf8',
    });
    const [wall, cpu] = JSON.parse(run.stdout.trim());
    samples[name].wall.push(wall);
    samples[name].cpu.push(cpu);
  }
}
const min = (xs) => Number(Math.min(...xs).toFixed(1));
const median = (xs) => Number([...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(1));
for (const [name, { wall, cpu }] of Object.entries(samples)) {
  console.log(
    JSON.stringify({
      coldImport: name,
      node: process.version,
      wallMinMs: min(wall),
      wallMedianMs: median(wall),
      cpuMinMs: min(cpu),
      cpuMedianMs: median(cpu),
      ...(name === '@sportscloud/core'
        ? { ratioToZodMin: Number((min(wall) / min(samples['zod (yardstick)'].wall)).toFixed(2)) }
        : {}),
      runs,
      method:
        'fresh node process per run, performance.now() and process.cpuUsage() around the dynamic import()',
    }),
  );
}
