import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningFake, startFake } from './fake';
import { type CompiledApp, compileApp, type ModuleKind, readPackageFile, runApp } from './fixture-app';

/**
 * The fixture app (test/fixtures/app/main.ts) compiled by tsc as CommonJS (the Nest CLI's tsconfig)
 * and as ESM, with the built package installed beside it, run as child processes against the fake.
 * Real processes and real time: each wait is bounded and measured. `under` picks whose
 * node_modules the apps resolve @nestjs from, and `nestMajor` is checked against what they ran on.
 */
export function compiledAppSuite({ under, nestMajor }: { under?: string; nestMajor: number }): void {
  let sc: RunningFake;
  const apps = new Map<ModuleKind, CompiledApp>();
  let env: Record<string, string>;

  beforeAll(async () => {
    sc = await startFake();
    const partner = sc.fake.registerConsumer({ consumerName: 'Partner', accountIds: 'all' });
    env = {
      SPORTSCLOUD_CONSUMER_ID: sc.options.consumerId,
      SPORTSCLOUD_SHARED_SECRET: sc.options.sharedSecret,
      SPORTSCLOUD_BASE_URL: sc.options.baseURL,
      PARTNER_CONSUMER_ID: partner.consumerId,
      PARTNER_SHARED_SECRET: partner.sharedSecret,
    };
    const main = await readPackageFile('test/fixtures/app/main.ts');
    const [cjs, esm] = await Promise.all([
      compileApp('commonjs', { 'main.ts': main }, { ...(under ? { under } : {}) }),
      compileApp('esm', { 'main.ts': main }, { ...(under ? { under } : {}) }),
    ]);
    apps.set('commonjs', cjs);
    apps.set('esm', esm);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.values()) await app.remove();
    await sc?.close();
  });

  describe.each(['commonjs', 'esm'] as const)(`a %s NestJS ${nestMajor} app compiled by tsc`, (kind) => {
    it('injects the clients, answers from the fake, reports health, and exits by itself after close()', async () => {
      const run = runApp(apps.get(kind)!.main, { ...env, FIXTURE_MODE: 'report' });
      await run.waitFor((line) => 'accounts' in line);
      const reported = performance.now();
      const exit = await run.exited;
      const exitMs = Math.round(exit.at - reported);
      console.log(JSON.stringify({ measure: 'exit-after-close', nest: nestMajor, kind, exitMs }));
      // Closing leaves no timer or socket behind: the event loop empties at once.
      expect(exitMs).toBeLessThan(3_000);
      expect(run.stderr()).not.toMatch(/Error/);
      expect(exit.code).toBe(0);
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatchObject({
        nest: expect.stringMatching(new RegExp(`^${nestMajor}\\.`)),
        accounts: sc.fake.data.accounts.length,
        partnerAccounts: sc.fake.data.accounts.length,
        injectedByClass: true,
        distinctConsumers: true,
        health: {
          sportsCloud: { status: 'up', client: 'default', lastSuccess: { operation: 'accounts.list' } },
        },
      });
    });

    it('SIGTERM with a call in flight: the call is aborted at shutdownTimeout and the process exits', async () => {
      const shutdownTimeout = 400;
      sc.hold();
      try {
        const run = runApp(apps.get(kind)!.main, {
          ...env,
          FIXTURE_MODE: 'hang',
          SHUTDOWN_TIMEOUT: String(shutdownTimeout),
        });
        await run.waitFor((line) => line.inFlight === true);
        const sent = performance.now();
        run.child.kill('SIGTERM');
        const exit = await run.exited;
        const tookMs = exit.at - sent;
        console.log(
          JSON.stringify({
            measure: 'shutdown-abort',
            nest: nestMajor,
            kind,
            shutdownTimeout,
            exitMs: Math.round(tookMs),
          }),
        );
        expect(run.lines).toContainEqual(
          expect.objectContaining({ call: 'aborted', message: expect.stringMatching(/shutting down/) }),
        );
        // Nest re-raises the signal once closed.
        expect(exit.signal).toBe('SIGTERM');
        expect(tookMs).toBeGreaterThanOrEqual(shutdownTimeout - 50);
        expect(tookMs).toBeLessThan(shutdownTimeout + 3_000);
      } finally {
        sc.release();
      }
    });

    it('SIGTERM with a call in flight that finishes within the bound: it completes, then the process exits', async () => {
      sc.hold();
      const run = runApp(apps.get(kind)!.main, { ...env, FIXTURE_MODE: 'hang', SHUTDOWN_TIMEOUT: '10000' });
      try {
        await run.waitFor((line) => line.inFlight === true);
        const sent = performance.now();
        run.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 300));
        sc.release();
        const exit = await run.exited;
        const tookMs = exit.at - sent;
        console.log(
          JSON.stringify({
            measure: 'shutdown-drain',
            nest: nestMajor,
            kind,
            heldMs: 300,
            exitMs: Math.round(tookMs),
          }),
        );
        expect(run.lines).toContainEqual({ call: 'ok', accounts: sc.fake.data.accounts.length });
        expect(exit.signal).toBe('SIGTERM');
        expect(tookMs).toBeGreaterThanOrEqual(300);
        expect(tookMs).toBeLessThan(300 + 3_000);
      } finally {
        sc.release();
      }
    });
  });
}
