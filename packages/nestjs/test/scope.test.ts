import { Injectable, Scope } from '@nestjs/common';
import { ContextIdFactory, REQUEST } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { SportsCloudClient } from '@sportscloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SportsCloudModule, type SportsCloudModuleOptions } from '../src';
import { type RunningFake, startFake } from './support/fake';

let sc: RunningFake;
beforeAll(async () => {
  sc = await startFake();
});
afterAll(() => sc.close());

@Injectable({ scope: Scope.REQUEST })
class PerRequest {
  constructor(readonly client: SportsCloudClient) {}
}

@Injectable({ scope: Scope.TRANSIENT })
class PerInjection {
  constructor(readonly client: SportsCloudClient) {}
}

/** Three simulated requests, each resolving the request-scoped tree anew. */
async function perRequest<T>(app: TestingModule, type: new (...args: never[]) => T, n = 3): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const contextId = ContextIdFactory.create();
    app.registerRequestByContextId({ headers: { 'x-request': String(i) } }, contextId);
    out.push(await app.resolve(type, contextId));
  }
  return out;
}

describe('one client per consumer, whatever the scope that injects it', () => {
  it('request-scoped and transient providers get the singleton client', async () => {
    const app = await Test.createTestingModule({
      imports: [SportsCloudModule.forRoot({ ...sc.options, logger: false })],
      providers: [PerRequest, PerInjection],
    }).compile();
    const singleton = app.get(SportsCloudClient);
    const requests = await perRequest(app, PerRequest);
    expect(new Set(requests).size).toBe(3);
    for (const r of requests) expect(r.client).toBe(singleton);
    const transients = [await app.resolve(PerInjection), await app.resolve(PerInjection)];
    expect(transients[0]).not.toBe(transients[1]);
    for (const t of transients) expect(t.client).toBe(singleton);
    await app.close();
  });

  it('an options factory that depends on the request still yields one client for every request', async () => {
    let factoryCalls = 0;
    const app = await Test.createTestingModule({
      imports: [
        SportsCloudModule.forRootAsync({
          // Injecting REQUEST makes the options — and everything that depends on them — request-scoped.
          inject: [REQUEST],
          useFactory: (request: { headers: Record<string, string> }): SportsCloudModuleOptions => {
            factoryCalls += 1;
            expect(request.headers['x-request']).toBeDefined();
            return { ...sc.options, logger: false };
          },
        }),
      ],
      providers: [PerRequest],
    }).compile();
    await app.init();
    const requests = await perRequest(app, PerRequest);
    // Nest re-ran the factory for each request, yet no second client (token cache, limiter) was made.
    expect(factoryCalls).toBe(3);
    expect(requests[0]!.client).toBeInstanceOf(SportsCloudClient);
    expect(requests[1]!.client).toBe(requests[0]!.client);
    expect(requests[2]!.client).toBe(requests[0]!.client);

    // The shared client also shares its token: three requests' calls sign one JWT.
    await Promise.all(requests.map((r) => r.client.accounts.list()));
    expect(requests[0]!.client.tokenSignings).toBe(1);
    await app.close();
  });

  it('concurrent calls from many request-scoped providers draw on one rate limiter', async () => {
    const app = await Test.createTestingModule({
      imports: [
        SportsCloudModule.forRoot({
          ...sc.options,
          logger: false,
          // A burst of 2: a second client would have 2 more tokens and answer all 4 at once.
          rateLimit: { burst: 2, perSecond: 10 },
        }),
      ],
      providers: [PerRequest],
    }).compile();
    const waits: number[] = [];
    app.get(SportsCloudClient).on('wait', (e) => waits.push(e.ms));
    const requests = await perRequest(app, PerRequest, 4);
    await Promise.all(requests.map((r) => r.client.accounts.list()));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    await app.close();
  });
});
