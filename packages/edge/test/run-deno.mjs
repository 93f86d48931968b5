// Runs the Deno tests (deno 2.9.6 from npm) against the fake, which runs here in Node on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHarness } from './harness/fake-harness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const deno = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
// Type-check once up front (src, tests and the worker modules), then test without re-checking:
// otherwise each Worker is type-checked again when it starts.
const check = spawnSync(deno, ['check', 'src', 'test/deno', 'examples/deno.ts', 'bench/deno-kernel.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NO_COLOR: '1' },
});
if (check.status !== 0) process.exit(check.status ?? 1);
const harness = await startHarness();
const started = performance.now();
const child = spawn(
  deno,
  [
    'test',
    '--no-check',
    '--allow-net=127.0.0.1',
    '--allow-env',
    '--allow-read',
    '--allow-write',
    '--allow-run',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SPORTSCLOUD_HARNESS_ORIGIN: harness.origin, NO_COLOR: '1' },
  },
);
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await harness.close();
console.log(JSON.stringify({ runtime: 'deno', exitCode: code, ms: Math.round(performance.now() - started) }));
process.exit(code);
