import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ClientEventEmitter } from '../../src/internal/events';
import { Headroom } from '../../src/policies/headroom';
import { rateLimitPolicy } from '../../src/policies/rate-limit';
import { InMemoryRateLimitStore } from '../../src/policies/rate-limit-store';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { exchange } from './stub-exchange';

describe('rateLimitPolicy and the signal of the caller', () => {
  it('leaves no abort listener behind once the call has its token', async () => {
    const clock = manualClock();
    const policy = rateLimitPolicy({
      key: 'consumer',
      headroom: new Headroom({ perSecond: 1, burst: 1, dailyQuota: 10 }, 0),
      store: new InMemoryRateLimitStore(),
      clock,
      events: new ClientEventEmitter(),
    });
    const controller = new AbortController();
    const send = () => policy(exchange({}, { signal: controller.signal }), async () => 'ok');
    await runUntilSettled(clock, Promise.all([send(), send()]));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('nor once the call is refused (the day is used up)', async () => {
    const clock = manualClock();
    const policy = rateLimitPolicy({
      key: 'consumer',
      headroom: new Headroom({ perSecond: 1, burst: 5, dailyQuota: 1 }, 0),
      store: new InMemoryRateLimitStore(),
      clock,
      events: new ClientEventEmitter(),
    });
    const controller = new AbortController();
    const send = () => policy(exchange({}, { signal: controller.signal }), async () => 'ok');
    const results = await runUntilSettled(clock, Promise.allSettled([send(), send()]));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
