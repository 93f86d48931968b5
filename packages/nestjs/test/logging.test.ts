import { Test } from '@nestjs/testing';
import { SportsCloudClient } from '@sportscloud/core';
import { createSimulatedClock, runInSimulatedTime } from '@sportscloud/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SportsCloudModule, type SportsCloudModuleOptions } from '../src';
import { clientLoggerFor } from '../src/internal/nest-logger';
import { CapturingLogger, type RunningFake, startFake } from './support/fake';

let sc: RunningFake;
beforeAll(async () => {
  sc = await startFake();
});
afterAll(() => sc.close());
afterEach(() => {
  sc.fake.resetLimits();
});

async function clientWith(options: Partial<SportsCloudModuleOptions>) {
  const app = await Test.createTestingModule({
    imports: [SportsCloudModule.forRoot({ ...sc.options, ...options })],
  }).compile();
  await app.init();
  return { app, client: app.get(SportsCloudClient) };
}

/** Every credential the client knows, and any JWT at all. */
function expectNoCredentials(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/eyJ[\w-]*\.[\w-]+\.[\w-]+/);
}

describe('logging to Nest', () => {
  it('maps the client levels onto LoggerService (no info in Nest: it is log)', () => {
    const captured = new CapturingLogger();
    const logger = clientLoggerFor(captured, 'SportsCloud');
    logger.debug('d', { operation: 'x' });
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(captured.lines).toEqual([
      { level: 'debug', message: 'd {"operation":"x"}', context: 'SportsCloud' },
      { level: 'log', message: 'i', context: 'SportsCloud' },
      { level: 'warn', message: 'w', context: 'SportsCloud' },
      { level: 'error', message: 'e', context: 'SportsCloud' },
    ]);
  });

  it("uses Nest's Logger by default, with the client's name as context", async () => {
    const captured = new CapturingLogger();
    // What app.useLogger() does for an app: the testing module installs it as Nest's logger.
    const app = await Test.createTestingModule({
      imports: [SportsCloudModule.forRoot({ ...sc.options, name: 'club' })],
    })
      .setLogger(captured)
      .compile();
    await app.init();
    await app.get<SportsCloudClient>('SportsCloudClient:club').accounts.list();
    await app.close();
    const ours = captured.lines.filter((l) => l.context === 'SportsCloud:club');
    expect(
      ours.map((l) => [l.level, l.message.split(' ').slice(0, 3).join(' ').replace(/\d+$/, 'N')]),
    ).toEqual([
      ['debug', '→ GET /sports/accounts'],
      ['debug', '← GET /sports/accounts'],
      ['debug', 'closed after N'],
    ]);
  });

  it('warns on retries and server throttling, errors on a used-up daily quota; no credential in any line', async () => {
    const clock = createSimulatedClock(undefined, { autoAdvance: false });
    const fake = await startFake({
      clock,
      limits: { burst: 1, rate: 1, dailyQuota: 3 },
      faults: { routes: { listSportsTypes: { rate: 1, kinds: { '503': 1 } } } },
    });
    const captured = new CapturingLogger();
    const app = await Test.createTestingModule({
      imports: [
        SportsCloudModule.forRoot({
          consumerId: fake.options.consumerId,
          sharedSecret: fake.options.sharedSecret,
          baseURL: fake.options.baseURL,
          logger: captured,
          clock,
          random: () => 0.5,
          maxRetries: 1,
        }),
      ],
    }).compile();
    await app.init();
    const client = app.get(SportsCloudClient);
    // Simulated time: jump over waits, but never while an HTTP exchange is under way.
    let inFlight = 0;
    client.on('request', () => inFlight++);
    client.on('response', () => inFlight--);
    const simulate = <T>(work: Promise<T>) => runInSimulatedTime(clock, work, { isBusy: () => inFlight > 0 });
    try {
      await simulate(client.accounts.list());
      await expect(simulate(client.sportsTypes.list())).rejects.toMatchObject({ code: 'server_error' });
      await expect(simulate(client.eventTypes.list())).rejects.toMatchObject({ code: 'rate_limited' });
      await expect(simulate(client.eventTypes.list())).rejects.toMatchObject({ code: 'rate_limited' });
    } finally {
      await app.close();
      await fake.close();
    }
    const levels = (level: string) => captured.lines.filter((l) => l.level === level).map((l) => l.message);
    // The fake's burst of 1 is spent by accounts: sportsTypes is throttled, then gets its 503 twice.
    expect(levels('warn')).toEqual([
      'sportsTypes.list: the API answered 429 (throttled); waiting 1000 ms',
      'sportsTypes.list: attempt 1 failed (server_error); retrying in 250 ms',
    ]);
    expect(levels('error')).toEqual([
      expect.stringMatching(/^the daily quota is used up: no request is sent until 20\d\d-/),
    ]);
    expect(levels('debug').length).toBeGreaterThan(6);
    expect(captured.lines.every((l) => l.context === 'SportsCloud')).toBe(true);
    expectNoCredentials(captured.text(), [fake.options.sharedSecret, fake.options.apiKey]);
  });

  it('redacts credentials from failures logged by the client (a 401 and a 403)', async () => {
    const captured = new CapturingLogger();
    const wrongKey = 'wrong-api-key-0123456789';
    const { app, client } = await clientWith({ logger: captured, apiKey: wrongKey, maxRetries: 0 });
    await expect(client.accounts.list()).rejects.toMatchObject({ code: 'permission_denied' });
    await app.close();
    const bad = await clientWith({ logger: captured, sharedSecret: 'not-the-secret-at-all', maxRetries: 0 });
    await expect(bad.client.accounts.list()).rejects.toMatchObject({ code: 'authentication' });
    await bad.app.close();
    expect(captured.text()).toMatch(/failed/);
    expectNoCredentials(captured.text(), [
      sc.options.sharedSecret,
      sc.options.apiKey,
      wrongKey,
      'not-the-secret-at-all',
    ]);
  });

  it('logger: false logs nothing', async () => {
    const captured = new CapturingLogger();
    const app = await Test.createTestingModule({
      imports: [SportsCloudModule.forRoot({ ...sc.options, logger: false })],
    })
      .setLogger(captured)
      .compile();
    await app.init();
    await app.get(SportsCloudClient).accounts.list();
    await app.close();
    expect(captured.lines.filter((l) => l.context?.startsWith('SportsCloud'))).toEqual([]);
  });
});
