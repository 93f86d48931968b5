import type { ClientOptions } from '@sportscloud/core';
import {
  createFakeSportsCloud,
  createSimulatedClock,
  type FakeSportsCloudOptions,
  type SimulatedClock,
} from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';

export interface LoopbackFake {
  fake: ReturnType<typeof createFakeSportsCloud>;
  server: FakeServer;
  clock: SimulatedClock;
  client: Omit<ClientOptions, 'rateLimitStore' | 'analysisPolling'>;
  close(): Promise<void>;
}

/** The fake Sports Cloud over real HTTP on loopback, both sides on one simulated clock. */
export async function startLoopbackFake(options: FakeSportsCloudOptions = {}): Promise<LoopbackFake> {
  const clock = createSimulatedClock(undefined, { autoAdvance: false });
  const fake = createFakeSportsCloud({ seed: 7, clock, ...options });
  const server = await startFakeServer(fake);
  return {
    fake,
    server,
    clock,
    client: {
      consumerId: fake.consumerId,
      sharedSecret: fake.sharedSecret,
      apiKey: fake.apiKey,
      baseURL: server.url,
      clock,
      // Real HTTP on loopback takes real milliseconds while simulated time may jump: no attempt timeout.
      timeout: 30 * 86_400_000,
      ...(options.limits
        ? {
            rateLimit: {
              perSecond: options.limits.rate ?? 1,
              burst: options.limits.burst ?? 60,
              dailyQuota: options.limits.dailyQuota ?? 5000,
            },
          }
        : {}),
    },
    close: () => server.close(),
  };
}

/** Requests the fake served, by operation. */
export function requestsByOperation(fake: LoopbackFake['fake'], since = 0): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of fake.requests.slice(since)) {
    const key = r.operation ?? 'unknown';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
