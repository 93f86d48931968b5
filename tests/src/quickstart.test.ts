import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README's run command ends in this script; turbo builds it before these tests (^build).
const quickstart = fileURLToPath(new URL('../../apps/examples/dist/quickstart.mjs', import.meta.url));

function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [quickstart], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('quick start (the README run command)', () => {
  it('without credentials: runs against the embedded fake and summarises every athlete', async () => {
    const { SPORTSCLOUD_CONSUMER_ID: _id, SPORTSCLOUD_SHARED_SECRET: _secret, ...env } = process.env;
    // No cold analyses: the quick start would wait out 202s on the real clock.
    const { code, stdout, stderr } = await run({ ...env, SPORTSCLOUD_FAKE_COLD_RATIO: '0' });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('using the embedded fake Sports Cloud at http://127.0.0.1:');
    expect(stdout).toMatch(/Account .+ \(\d+-\d+\)/);
    // One line per athlete: duration, average HR, TRIMP and series lengths.
    expect(stdout).toMatch(/\d+ min {2}avg HR +\d+ {2}TRIMP +[\d.]+ {2}energyConsumptionSeries=\d+/);
    expect(stderr).toContain('session 1/');
  }, 60_000);
});
