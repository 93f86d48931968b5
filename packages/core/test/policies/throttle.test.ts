import { describe, expect, it } from 'vitest';
import { RateLimitError, ServerError } from '../../src';
import { ClientEventEmitter, type ClientEvents } from '../../src/internal/events';
import { MAX_RETRY_AFTER_MS, MAX_THROTTLE_RETRIES, throttlePolicy } from '../../src/policies/throttle';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { exchange, scriptedNext } from './stub-exchange';

const response = { status: 429, headers: {} };
const burst = (retryAfterMs?: number) =>
  new RateLimitError('throttled', {
    scope: 'burst',
    response,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

function setup() {
  const clock = manualClock();
  const events = new ClientEventEmitter();
  const waits: ClientEvents['wait'][] = [];
  events.on('wait', (e) => waits.push(e));
  return { clock, waits, policy: throttlePolicy({ clock, events }) };
}

describe('throttlePolicy (burst 429 waits)', () => {
  it("waits out a burst 429's Retry-After, then repeats the request", async () => {
    const { clock, waits, policy } = setup();
    const next = scriptedNext(burst(3_000), 'body');
    const started = clock.now();
    await expect(runUntilSettled(clock, policy(exchange(), next))).resolves.toBe('body');
    expect(next.calls).toHaveLength(2);
    expect(clock.now() - started).toBe(3_000);
    expect(waits).toEqual([{ operation: 'athletes.list', reason: 'throttled', ms: 3_000 }]);
  });

  it('waits a second when the 429 names no wait', async () => {
    const { clock, policy } = setup();
    const started = clock.now();
    await runUntilSettled(clock, policy(exchange(), scriptedNext(burst(), 'body')));
    expect(clock.now() - started).toBe(1_000);
  });

  it('raises a daily 429 at once', async () => {
    const { clock, policy } = setup();
    const daily = new RateLimitError('quota', { scope: 'daily', response });
    const next = scriptedNext(daily);
    await expect(runUntilSettled(clock, policy(exchange(), next))).rejects.toBe(daily);
    expect(next.calls).toHaveLength(1);
  });

  it("never waits out the client's own refusal (no response) nor other errors", async () => {
    const { clock, policy } = setup();
    for (const error of [
      new RateLimitError('own', { scope: 'burst' }),
      new ServerError('503', { status: 503 }),
    ]) {
      const next = scriptedNext(error);
      await expect(runUntilSettled(clock, policy(exchange(), next))).rejects.toBe(error);
      expect(next.calls).toHaveLength(1);
    }
  });

  it('raises a Retry-After longer than the cap instead of waiting it out; the cap itself is waited', async () => {
    const { clock, policy } = setup();
    const long = burst(MAX_RETRY_AFTER_MS + 1);
    await expect(runUntilSettled(clock, policy(exchange(), scriptedNext(long)))).rejects.toBe(long);
    const started = clock.now();
    await runUntilSettled(clock, policy(exchange(), scriptedNext(burst(MAX_RETRY_AFTER_MS), 'ok')));
    expect(clock.now() - started).toBe(MAX_RETRY_AFTER_MS);
  });

  it(`waits out at most ${MAX_THROTTLE_RETRIES} burst 429s of one call`, async () => {
    const { clock, policy } = setup();
    const last = burst(10);
    const errors = [...Array.from({ length: MAX_THROTTLE_RETRIES }, () => burst(10)), last];
    const next = scriptedNext(...errors);
    await expect(runUntilSettled(clock, policy(exchange(), next))).rejects.toBe(last);
    expect(next.calls).toHaveLength(MAX_THROTTLE_RETRIES + 1);
    const enough = scriptedNext(...errors.slice(1), 'ok');
    await expect(runUntilSettled(clock, policy(exchange(), enough))).resolves.toBe('ok');
  });

  it('a caller abort ends the wait', async () => {
    const { policy } = setup();
    const controller = new AbortController();
    const call = policy(exchange({}, { signal: controller.signal }), scriptedNext(burst(5_000), 'never'));
    await Promise.resolve();
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
  });
});
