import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { SportsCloudClient } from '@sportscloud/core';
import { createSimulatedClock, runInSimulatedTime, type SimulatedClock } from '@sportscloud/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { SportsCloudModule, type SportsCloudModuleOptions } from '../src';
import { SportsCloudHealthIndicator } from '../src/health';
import { startFake } from './support/fake';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly sportsCloud: SportsCloudHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.sportsCloud.isHealthy('sportsCloud')]);
  }

  @Get('deep')
  @HealthCheck()
  deep() {
    return this.health.check([() => this.sportsCloud.diagnose('sportsCloudConnection')]);
  }
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(
  fakeOptions: Parameters<typeof startFake>[0] = {},
  options: Partial<SportsCloudModuleOptions> = {},
) {
  const sc = await startFake(fakeOptions);
  const app = await Test.createTestingModule({
    imports: [
      TerminusModule.forRoot({ logger: false }),
      SportsCloudModule.forRoot({ ...sc.options, logger: false, ...options }),
    ],
    controllers: [HealthController],
    providers: [SportsCloudHealthIndicator],
  }).compile();
  await app.init();
  cleanup.push(
    () => sc.close(),
    () => app.close(),
  );
  return { sc, app, client: app.get(SportsCloudClient), controller: app.get(HealthController) };
}

/** Terminus's report: free-form JSON, read by the assertions below. */
// biome-ignore lint/suspicious/noExplicitAny: the indicator data is checked field by field with expect.
type Report = { status: string; details: Record<string, any> };

/** Terminus throws a ServiceUnavailableException with the report when a check is down. */
async function report(check: () => Promise<unknown>): Promise<Report> {
  try {
    return (await check()) as never;
  } catch (error) {
    return (error as { getResponse(): never }).getResponse();
  }
}

function simulated(client: SportsCloudClient, clock: SimulatedClock) {
  let inFlight = 0;
  client.on('request', () => inFlight++);
  client.on('response', () => inFlight--);
  return <T>(work: Promise<T>) => runInSimulatedTime(clock, work, { isBusy: () => inFlight > 0 });
}

describe('SportsCloudHealthIndicator.isHealthy: the client state, at no quota', () => {
  it('is up before any traffic and after successes, with the quota counted from the client itself', async () => {
    const { sc, client, controller } = await setup();
    const idle = await report(() => controller.check());
    expect(idle.status).toBe('ok');
    expect(idle.details.sportsCloud).toMatchObject({
      status: 'up',
      client: 'default',
      consumerId: sc.options.consumerId,
      quota: { usedToday: 0, dailyQuota: 5000 },
      throttling: { throttled: false, serverThrottlesToday: 0, clientWaitsToday: 0 },
      inFlight: 0,
    });
    expect(idle.details.sportsCloud.lastSuccess).toBeUndefined();

    const accounts = await client.accounts.list();
    for await (const _ of client.athletes.list({ accountId: accounts[0]!.accountId })) break;
    const limitedRequests = sc.fake.requests.filter((r) => r.operation !== 'getApiKey').length;

    const before = sc.fake.requests.length;
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await report(() => controller.check()));
    // Twenty health checks sent nothing.
    expect(sc.fake.requests.length).toBe(before);
    const after = results.at(-1)!;
    expect(after.status).toBe('ok');
    expect(after.details.sportsCloud.lastSuccess.operation).toBe('athletes.list');
    expect(Date.parse(after.details.sportsCloud.lastSuccess.at)).toBeGreaterThan(Date.now() - 10_000);
    // Every request the client let out took a token, as the API counts them (apiKey was configured).
    expect(after.details.sportsCloud.quota.usedToday).toBe(limitedRequests);
    expect(limitedRequests).toBe(2);
  });

  it('is down after a 401, naming the documented cause, without credentials', async () => {
    const { sc, client, controller } = await setup(
      {},
      { sharedSecret: 'a-secret-the-api-does-not-know', maxRetries: 0 },
    );
    await expect(client.accounts.list()).rejects.toMatchObject({ code: 'authentication' });
    const down = await report(() => controller.check());
    expect(down.status).toBe('error');
    expect(down.details.sportsCloud).toMatchObject({
      status: 'down',
      lastFailure: {
        operation: 'accounts.list',
        code: 'authentication',
        status: 401,
        cause: expect.stringMatching(/^401: the JWT is missing, malformed, badly signed or expired/),
      },
      message: expect.stringMatching(/^the last request failed: 401/),
    });
    expect(JSON.stringify(down)).not.toContain(sc.options.sharedSecret);
    expect(JSON.stringify(down)).not.toContain(sc.options.apiKey);
  });

  it('stays up after a request-level failure (404) and recovers from a connection failure', async () => {
    const { client, controller } = await setup(
      { faults: { routes: { listSportsTypes: { rate: 1, kinds: { reset: 1 } } } } },
      { maxRetries: 0 },
    );
    await expect(client.athletes.get({ accountId: '9-999', athleteId: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    const notFound = await report(() => controller.check());
    expect(notFound.details.sportsCloud).toMatchObject({
      status: 'up',
      lastFailure: {
        code: 'not_found',
        status: 404,
        cause: expect.stringMatching(/^404: unknown id or path/),
      },
    });

    await expect(client.sportsTypes.list()).rejects.toMatchObject({ code: 'connection' });
    const unreachable = await report(() => controller.check());
    expect(unreachable.details.sportsCloud).toMatchObject({
      status: 'down',
      lastFailure: { code: 'connection', cause: expect.stringMatching(/could not be reached/) },
    });
    expect(unreachable.details.sportsCloud.lastFailure.status).toBeUndefined();

    await client.accounts.list();
    const recovered = await report(() => controller.check());
    expect(recovered.details.sportsCloud).toMatchObject({
      status: 'up',
      lastSuccess: { operation: 'accounts.list' },
      lastFailure: { code: 'connection' },
    });
  });

  it('reports throttling: server 429s (ThrottledException) and waits for client tokens', async () => {
    const clock = createSimulatedClock(undefined, { autoAdvance: false });
    const { client, controller } = await setup(
      { clock, limits: { burst: 2, rate: 1 } },
      { clock, rateLimit: { burst: 3, perSecond: 1 } },
    );
    const simulate = simulated(client, clock);
    // Client bucket 3, server bucket 2: the third call gets a 429, the fourth waits for a client token.
    for (let i = 0; i < 4; i++) await simulate(client.sportsTypes.list());
    const throttled = await report(() => controller.check());
    expect(throttled.details.sportsCloud).toMatchObject({
      status: 'up',
      throttling: { throttled: true, serverThrottlesToday: 1, clientWaitsToday: expect.any(Number) },
      lastFailure: {
        code: 'rate_limited',
        status: 429,
        cause: expect.stringMatching(/^429 ThrottledException/),
      },
    });
    expect(throttled.details.sportsCloud.throttling.clientWaitsToday).toBeGreaterThan(0);
    expect(throttled.details.sportsCloud.lastSuccess.operation).toBe('sportsTypes.list');
    // A minute later, throttling is history.
    await clock.advance(61_000);
    const calm = await report(() => controller.check());
    expect(calm.details.sportsCloud.throttling.throttled).toBe(false);
    expect(calm.details.sportsCloud.throttling.serverThrottlesToday).toBe(1);
  });

  it('is down while the daily quota is used up (429 LimitExceededException), up again after 00:00 UTC', async () => {
    const clock = createSimulatedClock(undefined, { autoAdvance: false });
    const { client, controller } = await setup(
      { clock, limits: { dailyQuota: 2 } },
      { clock, maxRetries: 0 },
    );
    const simulate = simulated(client, clock);
    await simulate(client.sportsTypes.list());
    await simulate(client.eventTypes.list());
    await expect(simulate(client.accounts.list())).rejects.toMatchObject({
      code: 'rate_limited',
      scope: 'daily',
    });
    const spent = await report(() => controller.check());
    const midnight = new Date(Math.floor(clock.now() / 86_400_000 + 1) * 86_400_000).toISOString();
    expect(spent.details.sportsCloud).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^429 LimitExceededException/),
      quota: { usedToday: 3, dailyQuota: 5000, exhaustedUntil: midnight },
      lastFailure: { code: 'rate_limited', cause: expect.stringMatching(/^429 LimitExceededException/) },
    });
    await clock.set(Date.parse(midnight) + 1);
    const nextDay = await report(() => controller.check());
    expect(nextDay.details.sportsCloud).toMatchObject({ status: 'up', quota: { usedToday: 0 } });
    expect(nextDay.details.sportsCloud.quota.exhaustedUntil).toBeUndefined();
  });

  it('counts the quota against the configured daily limit and is down when the client used it all', async () => {
    const clock = createSimulatedClock(undefined, { autoAdvance: false });
    const { sc, client, controller } = await setup({ clock }, { clock, rateLimit: { dailyQuota: 2 } });
    const simulate = simulated(client, clock);
    await simulate(client.sportsTypes.list());
    await simulate(client.eventTypes.list());
    await expect(simulate(client.accounts.list())).rejects.toMatchObject({
      code: 'rate_limited',
      scope: 'daily',
    });
    // The client refused to send the third: the API saw two.
    expect(sc.fake.requests.length).toBe(2);
    const spent = await report(() => controller.check());
    expect(spent.details.sportsCloud).toMatchObject({
      status: 'down',
      quota: { usedToday: 2, dailyQuota: 2 },
    });
  });

  it('names a missing client clearly', async () => {
    const { app } = await setup();
    expect(() => app.get(SportsCloudHealthIndicator).isHealthy('x', { client: 'nope' })).toThrow(
      /no Sports Cloud client named "nope" is registered/,
    );
  });
});

describe('SportsCloudHealthIndicator.diagnose: opt-in, costs requests', () => {
  it('runs client.diagnose() and caches it for cacheMs', async () => {
    const { sc, controller, app } = await setup();
    const first = await report(() => controller.deep());
    expect(first.status).toBe('ok');
    expect(
      first.details.sportsCloudConnection.checks.map(
        (c: { id: string; status: string }) => `${c.id}:${c.status}`,
      ),
    ).toEqual(['clock:ok', 'jwt:ok', 'apiKey:ok', 'accounts:ok', 'url:ok']);
    const sent = sc.fake.requests.length;
    expect(sent).toBe(2);
    await report(() => controller.deep());
    expect(sc.fake.requests.length).toBe(sent);
    // cacheMs: 0 always asks again.
    const indicator = app.get(SportsCloudHealthIndicator);
    await indicator.diagnose('again', { cacheMs: 0 });
    expect(sc.fake.requests.length).toBe(sent + 2);
  });

  it('is down with the failing check, its cause and fix, without credentials', async () => {
    const { sc, controller } = await setup({}, { sharedSecret: 'a-secret-the-api-does-not-know' });
    const failed = await report(() => controller.deep());
    expect(failed.status).toBe('error');
    const jwt = failed.details.sportsCloudConnection.checks.find((c: { id: string }) => c.id === 'jwt');
    expect(jwt).toMatchObject({ status: 'fail', cause: expect.any(String), fix: expect.any(String) });
    expect(JSON.stringify(failed)).not.toContain('a-secret-the-api-does-not-know');
    expect(JSON.stringify(failed)).not.toContain(sc.options.apiKey);
  });

  it('rejects unbounded options', async () => {
    const { app } = await setup();
    const indicator = app.get(SportsCloudHealthIndicator);
    await expect(indicator.diagnose('x', { timeout: Number.POSITIVE_INFINITY })).rejects.toThrow(
      /timeout must be/,
    );
    await expect(indicator.diagnose('x', { cacheMs: -1 })).rejects.toThrow(/cacheMs must be/);
  });
});
