import { Test } from '@nestjs/testing';
import { SportsCloudClient } from '@sportscloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SportsCloudModule, type SportsCloudModuleOptions } from '../src';
import { type RunningFake, startFake } from './support/fake';

// These tests are about real time at shutdown: every wait is a few hundred ms, bounded and measured.
let sc: RunningFake;
beforeAll(async () => {
  sc = await startFake();
});
afterAll(() => sc.close());

async function start(options: Partial<SportsCloudModuleOptions>) {
  const app = await Test.createTestingModule({
    imports: [SportsCloudModule.forRoot({ ...sc.options, logger: false, ...options })],
  }).compile();
  await app.init();
  return { app, client: app.get(SportsCloudClient) };
}

const inFlight = (client: SportsCloudClient) =>
  new Promise<void>((resolve) => {
    const off = client.on('request', () => {
      off();
      resolve();
    });
  });

describe('shutdown', () => {
  it('lets a call in flight finish when it does within shutdownTimeout', async () => {
    const { app, client } = await start({ shutdownTimeout: 5_000 });
    sc.hold();
    const call = client.accounts.list();
    await inFlight(client);
    const started = performance.now();
    const closing = app.close();
    setTimeout(() => sc.release(), 150);
    await closing;
    const closedMs = performance.now() - started;
    expect((await call).length).toBe(sc.fake.data.accounts.length);
    expect(closedMs).toBeGreaterThanOrEqual(140);
    expect(closedMs).toBeLessThan(2_000);
  });

  it('aborts a call still in flight at shutdownTimeout, with an AbortError', async () => {
    const { app, client } = await start({ shutdownTimeout: 250 });
    sc.hold();
    try {
      const call = client.accounts.list();
      call.catch(() => {});
      await inFlight(client);
      const started = performance.now();
      await app.close();
      const closedMs = performance.now() - started;
      await expect(call).rejects.toMatchObject({
        code: 'aborted',
        message: expect.stringMatching(/shutting down/),
      });
      expect(closedMs).toBeGreaterThanOrEqual(240);
      expect(closedMs).toBeLessThan(1_500);
    } finally {
      sc.release();
    }
  });

  it('aborts waits too: a call queued for a rate-limit token ends at the bound, its timer cleared', async () => {
    // One token, refilled every 100 s: the second call waits for it.
    const { app, client } = await start({ shutdownTimeout: 200, rateLimit: { burst: 1, perSecond: 0.01 } });
    await client.sportsTypes.list();
    const waiting = new Promise<number>((resolve) => client.on('wait', (e) => resolve(e.ms)));
    const call = client.eventTypes.list();
    call.catch(() => {});
    expect(await waiting).toBeGreaterThan(90_000);
    const started = performance.now();
    await app.close();
    const closedMs = performance.now() - started;
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    expect(closedMs).toBeLessThan(1_500);
  });

  it('fails calls made after shutdown at once, without a request', async () => {
    const { app, client } = await start({});
    await app.close();
    const before = sc.fake.requests.length;
    await expect(client.accounts.list()).rejects.toMatchObject({ code: 'aborted' });
    expect(sc.fake.requests.length).toBe(before);
  });

  it('closes at once when idle', async () => {
    const { app, client } = await start({ shutdownTimeout: 10_000 });
    await client.accounts.list();
    const started = performance.now();
    await app.close();
    // Far below the 10 s bound: nothing was waited for.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
