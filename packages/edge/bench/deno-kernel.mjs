// Deno: core's Web decode kernel against its node:zlib kernel. Two figures, JSON lines:
// 1. decode time per real sample (bench/deno-kernel.ts: median of 25 calibrated batches);
// 2. cold import of each kernel module in a fresh `deno` process, alternating, 10 each, median.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deno = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
const run = (args) =>
  spawnSync(deno, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

const decode = run(['run', '--allow-read', 'bench/deno-kernel.ts']);
process.stdout.write(decode.stdout);
if (decode.status !== 0) throw new Error(decode.stderr);

const times = { node: [], web: [] };
for (let i = 0; i < 10; i++) {
  for (const kernel of ['node', 'web']) {
    const url = new URL(`../../core/dist/kernel.${kernel}.mjs`, import.meta.url).href;
    const out = run([
      'eval',
      `const t = performance.now(); await import('${url}'); console.log(performance.now() - t);`,
    ]);
    times[kernel].push(Number(out.stdout.trim()));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const kernel of ['node', 'web']) {
  console.log(
    JSON.stringify({
      runtime: 'deno',
      measure: 'cold import of the kernel module (fresh process)',
      kernel,
      medianMs: Number(median(times[kernel]).toFixed(1)),
      minMs: Number(Math.min(...times[kernel]).toFixed(1)),
      runs: times[kernel].length,
    }),
  );
}
