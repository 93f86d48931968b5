import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/fake/limits';
import { json, makeFake } from './helpers';

const ping = (t: ReturnType<typeof makeFake>, headers?: Record<string, string>) =>
  t.call('/sports/event-types', headers ? { auth: false, headers } : {});

async function burst(t: ReturnType<typeof makeFake>, n: number): Promise<number[]> {
  const headers = await t.fake.authHeaders();
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await ping(t, headers)).status);
  return statuses;
}

describe('token bucket (1 token/s, burst 60)', () => {
  it('serves 60 requests at once, then answers 429 ThrottledException', async () => {
    const t = makeFake();
    const statuses = await burst(t, 60);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const res = await ping(t);
    expect(res.status).toBe(429);
    expect(res.headers.get('x-amzn-ErrorType')).toBe('ThrottledException');
    expect(await json(res)).toEqual({ message: 'Too Many Requests' });
    expect(t.fake.stats().throttled).toEqual({ burst: 1, daily: 0 });
  });

  it('refills exactly one token per second', async () => {
    const t = makeFake();
    await burst(t, 60);
    await t.clock.advance(999);
    expect((await ping(t)).status).toBe(429);
    await t.clock.advance(1);
    expect((await ping(t)).status).toBe(200);
    expect((await ping(t)).status).toBe(429);
    await t.clock.advance(10_000);
    const after = await burst(t, 11);
    expect(after.filter((s) => s === 200)).toHaveLength(10);
    expect(after.at(-1)).toBe(429);
  });

  it('never holds more than 60 tokens', async () => {
    const t = makeFake();
    await t.clock.advance(3_600_000);
    const statuses = await burst(t, 61);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
  });

  it('a 429 consumes nothing: hammering while empty does not delay the next token', async () => {
    const t = makeFake();
    await burst(t, 60);
    const rejected = await burst(t, 25);
    expect(rejected.every((s) => s === 429)).toBe(true);
    await t.clock.advance(1000);
    expect((await ping(t)).status).toBe(200);
  });

  it('exempts register and api-key, and keeps a bucket per consumer', async () => {
    const t = makeFake();
    await burst(t, 61);
    expect((await t.call('/account/api-key')).status).toBe(200);
    const reg = await t.call('/account/register', {
      method: 'POST',
      auth: false,
      body: JSON.stringify({ consumerName: 'Another' }),
    });
    expect(reg.status).toBe(200);
    const other = t.fake.registerConsumer({ accountIds: 'all' });
    expect((await ping(t, await t.fake.authHeaders(other))).status).toBe(200);
  });

  it('does not charge requests that fail auth', async () => {
    const t = makeFake();
    for (let i = 0; i < 100; i++) await t.call('/sports/event-types', { auth: false });
    expect((await burst(t, 60)).every((s) => s === 200)).toBe(true);
  });

  it('counts a request when it arrives, not when the fake has checked its JWT', async () => {
    // The API throttles at its gateway as a request comes in; the fake's own work before the
    // bucket (an asynchronous JWT check) is not arrival jitter a client could keep headroom for.
    const t = makeFake({ limits: { rate: 1, burst: 1 } });
    const headers = await t.fake.authHeaders();
    expect((await ping(t, headers)).status).toBe(200);
    await t.clock.advance(500);
    // Half a token at arrival; the clock moves on by 600 ms while the JWT is being checked.
    const pending = ping(t, headers);
    await t.clock.advance(600);
    expect((await pending).status).toBe(429);
    // Its rejection charged nothing: 1.1 s after the first request the bucket holds a token again.
    expect((await ping(t, headers)).status).toBe(200);
  });

  it('is configurable', async () => {
    const t = makeFake({ limits: { rate: 2, burst: 5 } });
    expect((await burst(t, 6)).filter((s) => s === 200)).toHaveLength(5);
    await t.clock.advance(500);
    expect((await ping(t)).status).toBe(200);
  });
});

describe('daily quota (5000, reset 00:00 UTC)', () => {
  it('serves 5000 a day, then LimitExceededException until midnight UTC', async () => {
    // Start at 09:00 UTC and keep within the bucket: one request per simulated second.
    const t = makeFake();
    const start = t.clock.now();
    let headers = await t.fake.authHeaders();
    let ok = 0;
    for (let i = 0; i < 5000; i++) {
      if (i % 200 === 0) headers = await t.fake.authHeaders();
      if ((await ping(t, headers)).status === 200) ok++;
      await t.clock.advance(1000);
    }
    expect(ok).toBe(5000);
    const over = await ping(t);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-amzn-ErrorType')).toBe('LimitExceededException');
    expect(await json(over)).toEqual({ message: 'Limit Exceeded' });

    const midnight = Math.floor(start / 86_400_000 + 1) * 86_400_000;
    await t.clock.set(midnight - 1);
    expect((await ping(t)).headers.get('x-amzn-ErrorType')).toBe('LimitExceededException');
    await t.clock.set(midnight);
    expect((await ping(t)).status).toBe(200);
    expect(t.fake.stats().throttled.daily).toBe(2);
  });

  it('is configurable, and Infinity disables both limits', async () => {
    const small = makeFake({ limits: { dailyQuota: 3 } });
    expect(await burst(small, 4)).toEqual([200, 200, 200, 429]);
    const open = makeFake({
      limits: { rate: Number.POSITIVE_INFINITY, dailyQuota: Number.POSITIVE_INFINITY },
    });
    expect((await burst(open, 200)).every((s) => s === 200)).toBe(true);
  });

  it('resetLimits() refills buckets and quotas', async () => {
    const t = makeFake({ limits: { dailyQuota: 1 } });
    await burst(t, 2);
    t.fake.resetLimits();
    expect((await ping(t)).status).toBe(200);
  });
});

describe('charging out of order', () => {
  it("a request charged late from before midnight does not reset the new day's count", () => {
    const limiter = new RateLimiter({ rate: 1000, burst: 1000, dailyQuota: 2 });
    const midnight = Date.UTC(2026, 10, 30);
    expect(limiter.take('c', midnight + 10)).toBe('ok');
    expect(limiter.take('c', midnight - 10)).toBe('ok');
    // Two charged today: the third of the new day is over the quota.
    expect(limiter.take('c', midnight + 20)).toBe('daily');
  });
});
