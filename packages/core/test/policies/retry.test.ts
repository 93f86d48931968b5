import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConnectionError,
  DecodeError,
  NotFoundError,
  ServerError,
  TimeoutError,
} from '../../src';
import { ClientEventEmitter, type ClientEvents } from '../../src/internal/events';
import { backoffDelay, isRetryable, retryPolicy } from '../../src/policies/retry';
import { RetryBudget } from '../../src/policies/retry-budget';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { exchange, scriptedNext } from './stub-exchange';

const server = () => new ServerError('503', { status: 503 });

function setup(budget = new RetryBudget(), random = () => 0.5) {
  const clock = manualClock();
  const events = new ClientEventEmitter();
  const retries: ClientEvents['retry'][] = [];
  events.on('retry', (e) => retries.push(e));
  return { clock, budget, retries, policy: retryPolicy({ clock, random, budget, events }) };
}

describe('retryPolicy (transient failures)', () => {
  it('retries a GET after a 5xx with full-jitter backoff, then returns the body', async () => {
    const { clock, policy, retries } = setup();
    const next = scriptedNext(server(), server(), 'body');
    const started = clock.now();
    await expect(runUntilSettled(clock, policy(exchange(), next))).resolves.toBe('body');
    expect(next.calls).toHaveLength(3);
    // random 0.5: half of 500 ms, then half of 1000 ms.
    expect(retries.map((r) => [r.attempt, r.delayMs, r.code])).toEqual([
      [1, 250, 'server_error'],
      [2, 500, 'server_error'],
    ]);
    expect(clock.now() - started).toBe(750);
  });

  it('stops after maxRetries and raises the last error', async () => {
    const { clock, policy } = setup();
    const last = server();
    const next = scriptedNext(server(), last);
    await expect(runUntilSettled(clock, policy(exchange({}, { maxRetries: 1 }), next))).rejects.toBe(last);
    expect(next.calls).toHaveLength(2);
  });

  it('never repeats a non-GET, whatever the error and maxRetries', async () => {
    const { clock, policy } = setup();
    for (const error of [
      server(),
      new ConnectionError('reset'),
      new TimeoutError('slow', { timeoutMs: 1 }),
    ]) {
      const next = scriptedNext(error);
      await expect(
        runUntilSettled(clock, policy(exchange({ method: 'POST' }, { maxRetries: 5 }), next)),
      ).rejects.toBe(error);
      expect(next.calls).toHaveLength(1);
    }
  });

  it('retries what a second try can change, and nothing else', () => {
    const get = exchange();
    expect(isRetryable(server(), get)).toBe(true);
    expect(isRetryable(new ConnectionError('reset'), get)).toBe(true);
    expect(isRetryable(new TimeoutError('slow', { timeoutMs: 1 }), get)).toBe(true);
    expect(isRetryable(new DecodeError('cut', { retryable: true }), get)).toBe(true);
    expect(isRetryable(new DecodeError('unknown series type', { retryable: false }), get)).toBe(false);
    expect(isRetryable(new BadRequestError('400', { status: 400 }), get)).toBe(false);
    expect(isRetryable(new NotFoundError('404', { status: 404 }), get)).toBe(false);
    expect(isRetryable(new Error('not ours'), get)).toBe(false);
    expect(isRetryable(server(), exchange({ method: 'POST' }))).toBe(false);
  });

  it('spends the retry budget (a timeout costs more) and stops when it is spent', async () => {
    const budget = new RetryBudget(14, 5, 10);
    const { clock, policy } = setup(budget);
    const timeout = new TimeoutError('slow', { timeoutMs: 1 });
    const next = scriptedNext(timeout, timeout);
    await expect(runUntilSettled(clock, policy(exchange({}, { maxRetries: 5 }), next))).rejects.toBe(timeout);
    // 14 pays for one timeout (10), not a second: two requests.
    expect(next.calls).toHaveLength(2);
    expect(budget.available).toBe(4);
    // 4 cannot pay for a retry (5): the 503 is raised at once.
    const refused = server();
    const again = scriptedNext(refused);
    await expect(runUntilSettled(clock, policy(exchange(), again))).rejects.toBe(refused);
    expect(again.calls).toHaveLength(1);
    // A success earns one back: 5 pays for the next retry.
    await runUntilSettled(clock, policy(exchange(), scriptedNext('ok')));
    expect(budget.available).toBe(5);
    const paid = scriptedNext(server(), 'ok');
    await expect(runUntilSettled(clock, policy(exchange(), paid))).resolves.toBe('ok');
    expect(paid.calls).toHaveLength(2);
    expect(budget.available).toBe(1);
  });

  it('a success earns budget back, once per call', async () => {
    const budget = new RetryBudget(10, 5, 10);
    const { clock, policy } = setup(budget);
    const next = scriptedNext(server(), 'ok');
    await runUntilSettled(clock, policy(exchange(), next));
    expect(budget.available).toBe(6);
  });

  it('a caller abort ends the backoff wait', async () => {
    const { policy } = setup(new RetryBudget(), () => 0.99);
    const controller = new AbortController();
    const next = scriptedNext(server(), 'never');
    const call = policy(exchange({}, { signal: controller.signal }), next);
    await Promise.resolve();
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    expect(next.calls).toHaveLength(1);
  });

  it('backoff doubles from 500 ms and is capped at 8 s, scaled by the random draw', () => {
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(4, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 1)).toBe(8000);
    expect(backoffDelay(3, () => 0.25)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });
});
