import { describe, expect, it } from 'vitest';
import { AbortError, RateLimitError } from '../../src';
import { SingleFlight } from '../../src/auth/single-flight';
import { ClientEventEmitter } from '../../src/internal/events';
import { Headroom } from '../../src/policies/headroom';
import { rateLimitPolicy } from '../../src/policies/rate-limit';
import { InMemoryRateLimitStore, type RateLimitStore } from '../../src/policies/rate-limit-store';
import type { Exchange } from '../../src/transport/pipeline';
import { manualClock, runUntilSettled } from '../support/manual-clock';

/** The limiter and the shared key fetch on their own: a stub `next`, the injected clock. */

const exchange = (operation: string, signal?: AbortSignal): Exchange => ({
  request: { operation, method: 'GET', path: '/x', auth: 'jwt+key' },
  options: { timeout: 1_000, maxRetries: 0, ...(signal ? { signal } : {}) },
  headers: {},
});

function limiter(
  store: RateLimitStore = new InMemoryRateLimitStore(),
  perSecond = 1,
  burst = 1,
  clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0)),
) {
  const events = new ClientEventEmitter();
  const emitted: [string, unknown][] = [];
  events.on('wait', (e) => emitted.push(['wait', e]));
  events.on('quota', (e) => emitted.push(['quota', e]));
  const policy = rateLimitPolicy({
    key: 'consumer',
    headroom: new Headroom({ perSecond, burst, dailyQuota: 3 }, 0),
    store,
    clock,
    events,
  });
  const sent: [string, number][] = [];
  const next = async (e: Exchange) => {
    sent.push([e.request.operation, clock.now() - Date.UTC(2026, 10, 26, 10, 0, 0)]);
    return e.request.operation;
  };
  const send = (operation: string, signal?: AbortSignal) => policy(exchange(operation, signal), next);
  return { clock, send, sent, emitted };
}

/** A store whose answers wait until the test lets them go: a caller can leave while it answers. */
function gatedStore(fail = false) {
  const inner = new InMemoryRateLimitStore();
  let open = () => {};
  let calls = 0;
  const store: RateLimitStore = {
    take: async (...args) => {
      calls += 1;
      // Only the first answer is held back.
      if (calls === 1) {
        await new Promise<void>((resolve) => {
          open = resolve;
        });
        if (fail) throw new Error('store down');
      }
      return inner.take(...args);
    },
    penalise: (...args) => inner.penalise(...args),
  };
  return { store, open: () => open() };
}

describe('rateLimitPolicy', () => {
  it('hands out tokens in arrival order, one a second after the burst', async () => {
    const { clock, send, sent } = limiter();
    await runUntilSettled(clock, Promise.all(['a', 'b', 'c'].map((op) => send(op))));
    expect(sent).toEqual([
      ['a', 0],
      ['b', 1_000],
      ['c', 2_000],
    ]);
  });

  it('a caller in the middle of the queue leaves at once; the others keep their turn', async () => {
    const { clock, send, sent } = limiter();
    const controller = new AbortController();
    const a = send('a');
    const b = send('b');
    const c = send('c', controller.signal).catch((e: unknown) => e);
    const d = send('d');
    controller.abort();
    expect(await c).toBeInstanceOf(AbortError);
    await runUntilSettled(clock, Promise.all([a, b, d]));
    expect(sent).toEqual([
      ['a', 0],
      ['b', 1_000],
      ['d', 2_000],
    ]);
  });

  it('a store that fails fails only the request at the head', async () => {
    const inner = new InMemoryRateLimitStore();
    let failures = 1;
    const store: RateLimitStore = {
      take: (...args) => (failures-- > 0 ? Promise.reject(new Error('store down')) : inner.take(...args)),
      penalise: (...args) => inner.penalise(...args),
    };
    const { clock, send, sent } = limiter(store, 1, 5);
    const results = await runUntilSettled(clock, Promise.allSettled([send('a'), send('b')]));
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { message: 'store down' } });
    expect(results[1]).toMatchObject({ status: 'fulfilled', value: 'b' });
    expect(sent).toEqual([['b', 0]]);
  });

  it('when the day is used up, every queued call fails fast with the daily RateLimitError', async () => {
    const { clock, send, sent } = limiter(new InMemoryRateLimitStore(), 1, 10);
    const results = await runUntilSettled(
      clock,
      Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((op) => send(op))),
    );
    expect(sent.map(([op]) => op)).toEqual(['a', 'b', 'c']);
    for (const r of results.slice(3)) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitError);
      expect((r as PromiseRejectedResult).reason).toMatchObject({ scope: 'daily' });
    }
  });
});

describe('rateLimitPolicy: events, aborts and a store that answers late', () => {
  it('reports each wait for a token and the closed day, with the daily error naming the reset', async () => {
    const { clock, send, emitted } = limiter(new InMemoryRateLimitStore(), 1, 1);
    const results = await runUntilSettled(
      clock,
      Promise.allSettled(['a', 'b', 'c', 'd'].map((op) => send(op))),
    );
    expect(emitted).toEqual([
      ['wait', { operation: 'b', reason: 'rate-limit', ms: 1_000 }],
      ['wait', { operation: 'c', reason: 'rate-limit', ms: 1_000 }],
      ['quota', { scope: 'daily', resetAt: '2026-11-27T00:00:00.000Z' }],
    ]);
    expect((results[3] as PromiseRejectedResult).reason.message).toBe(
      'd: the daily quota of 3 requests is used up; it resets at 2026-11-27T00:00:00.000Z',
    );
  });

  it('an already aborted call fails at once, without taking a token', async () => {
    const { clock, send, sent } = limiter();
    const controller = new AbortController();
    controller.abort();
    await expect(send('gone', controller.signal)).rejects.toBeInstanceOf(AbortError);
    await runUntilSettled(clock, send('next'));
    expect(sent).toEqual([['next', 0]]);
  });

  it('the head leaving while the store answers: the token goes to the next in line', async () => {
    const { store, open } = gatedStore();
    const { clock, send, sent } = limiter(store, 1, 5);
    const controller = new AbortController();
    const head = send('head', controller.signal).catch((e: unknown) => e);
    const second = send('second');
    await Promise.resolve();
    controller.abort();
    expect(await head).toBeInstanceOf(AbortError);
    open();
    await runUntilSettled(clock, second);
    expect(sent).toEqual([['second', 0]]);
  });

  it('the only caller leaving while the store grants: nothing breaks, the next call is served', async () => {
    const { store, open } = gatedStore();
    const { clock, send, sent } = limiter(store, 1, 5);
    const controller = new AbortController();
    const lone = send('lone', controller.signal).catch((e: unknown) => e);
    await Promise.resolve();
    controller.abort();
    expect(await lone).toBeInstanceOf(AbortError);
    open();
    await runUntilSettled(clock, send('later'));
    expect(sent).toEqual([['later', 0]]);
  });

  it('the head leaving while the store fails: the others stay in line', async () => {
    const { store, open } = gatedStore(true);
    const { clock, send, sent } = limiter(store, 1, 5);
    const controller = new AbortController();
    const head = send('head', controller.signal).catch((e: unknown) => e);
    const second = send('second');
    const third = send('third');
    await Promise.resolve();
    controller.abort();
    expect(await head).toBeInstanceOf(AbortError);
    open();
    await runUntilSettled(clock, Promise.all([second, third]));
    expect(sent.map(([op]) => op)).toEqual(['second', 'third']);
  });
});

describe('SingleFlight', () => {
  it('runs the task once for concurrent callers; one leaving does not abort it, all leaving does', async () => {
    const flight = new SingleFlight<string>();
    let runs = 0;
    let taskSignal: AbortSignal | undefined;
    let finish: (value: string) => void = () => {};
    const task = (signal: AbortSignal) => {
      runs += 1;
      taskSignal = signal;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = flight.run(task, first.signal).catch((e: unknown) => e);
    const b = flight.run(task, second.signal);
    first.abort();
    expect(await a).toBeInstanceOf(AbortError);
    expect(taskSignal?.aborted).toBe(false);
    finish('key');
    await expect(b).resolves.toBe('key');
    expect(runs).toBe(1);

    const c = new AbortController();
    const lone = flight.run(task, c.signal).catch((e: unknown) => e);
    c.abort();
    expect(await lone).toBeInstanceOf(AbortError);
    expect(runs).toBe(2);
    expect(taskSignal?.aborted).toBe(true);
  });
});

describe('rateLimitPolicy with a clock that ends its waits', () => {
  it('a clock whose wait fails (an app shutting down) fails the waiting calls, nothing unhandled', async () => {
    const base = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
    const shutdown = new Error('shutting down');
    const clock = { ...base, sleep: () => Promise.reject(shutdown) };
    const { send, sent } = limiter(new InMemoryRateLimitStore(), 1, 1, clock);
    const results = await Promise.allSettled([send('a'), send('b'), send('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBe(shutdown);
    expect(sent.map(([op]) => op)).toEqual(['a']);
  });
});
