// Runs a workspace script the way the README's commands need it on a machine with only Node.js
// and npm: install (pnpm through npx, lockfile frozen) and build what the script needs, quietly,
// then hand the terminal to the script. Install and build output is shown only when they fail, so
// a newcomer's first screen is the program's own output, not 150 lines of tooling.
//
//   node scripts/workspace.mjs <package> <script> [-- args…]
//
// Exit code: the script's own, or the failing set-up step's.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const PNPM = ['-y', 'pnpm@12.4.2'];
const root = fileURLToPath(new URL('..', import.meta.url));
const [pkg, script, ...rest] = process.argv.slice(2);
if (!pkg || !script) {
  console.error('usage: node scripts/workspace.mjs <package> <script> [-- args…]');
  process.exit(2);
}
const args = rest[0] === '--' ? rest.slice(1) : rest;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' };

/** Runs one set-up step with its output captured; prints it only if the step fails. */
function quietly(label, argv) {
  const started = Date.now();
  const run = spawnSync(npx, [...PNPM, ...argv], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) {
    process.stderr.write(`${label} failed:\n${run.stdout ?? ''}${run.stderr ?? ''}${run.error ?? ''}\n`);
    process.exit(run.status ?? 1);
  }
  return Date.now() - started;
}

const installMs = quietly('Installing the workspace', ['install', '--frozen-lockfile']);
const buildMs = quietly('Building', [
  'exec',
  'turbo',
  'run',
  'build',
  `--filter=${pkg}...`,
  '--output-logs=errors-only',
]);
process.stderr.write(
  `Ready (install ${(installMs / 1000).toFixed(1)} s, build ${(buildMs / 1000).toFixed(1)} s).\n`,
);

const child = spawn(npx, [...PNPM, '--silent', '--filter', pkg, 'run', script, ...args], {
  cwd: root,
  env,
  stdio: 'inherit',
});
// Ctrl-C reaches the whole foreground process group, the script included: wait for its shutdown.
// A SIGTERM is sent to this process alone, so pass it on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
