import { describe, expect, it } from 'vitest';
import { AnalysisPendingError, ServerError } from '../../src';
import { ClientEventEmitter, type ClientEvents } from '../../src/internal/events';
import { DEFAULT_ANALYSIS_POLLING, pollAnalysisPolicy } from '../../src/policies/poll-analysis';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { exchange, scriptedNext } from './stub-exchange';

const pending = () => new AnalysisPendingError('202', { response: { status: 202, headers: {} } });

function setup(options: Parameters<typeof pollAnalysisPolicy>[2] = {}) {
  const clock = manualClock();
  const events = new ClientEventEmitter();
  const waits: ClientEvents['wait'][] = [];
  events.on('wait', (e) => waits.push(e));
  return { clock, waits, policy: pollAnalysisPolicy(clock, events, options) };
}

describe('pollAnalysisPolicy (202 Accepted)', () => {
  it('repeats a results request every interval until the analysis is done', async () => {
    const { clock, waits, policy } = setup({ intervalMs: 5_000 });
    const next = scriptedNext(pending(), pending(), 'results');
    const started = clock.now();
    await expect(runUntilSettled(clock, policy(exchange({ results: true }), next))).resolves.toBe('results');
    expect(next.calls).toHaveLength(3);
    expect(clock.now() - started).toBe(10_000);
    expect(waits).toEqual([
      { operation: 'athletes.list', reason: 'analysis-pending', ms: 5_000 },
      { operation: 'athletes.list', reason: 'analysis-pending', ms: 5_000 },
    ]);
  });

  it('gives up after maxAttempts with an AnalysisPendingError counting them', async () => {
    const { clock, policy } = setup({ intervalMs: 1_000, maxAttempts: 3, maxWaitMs: 60_000 });
    const next = scriptedNext(pending(), pending(), pending(), 'never');
    const error = await runUntilSettled(clock, policy(exchange({ results: true }), next)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AnalysisPendingError);
    expect(error).toMatchObject({ attempts: 3, message: expect.stringMatching(/after 3 attempts over 2 s/) });
    expect(next.calls).toHaveLength(3);
  });

  it('gives up before a wait would pass maxWaitMs', async () => {
    const { clock, policy } = setup({ intervalMs: 4_000, maxAttempts: 100, maxWaitMs: 10_000 });
    const next = scriptedNext(pending(), pending(), pending(), 'never');
    const error = await runUntilSettled(clock, policy(exchange({ results: true }), next)).catch(
      (e: unknown) => e,
    );
    // 4 s + 4 s waited; a third wait would make 12 s.
    expect(error).toMatchObject({ attempts: 3 });
    expect(next.calls).toHaveLength(3);
  });

  it('leaves other requests and other errors alone', async () => {
    const { clock, policy } = setup();
    const notResults = scriptedNext(pending(), 'never');
    await expect(runUntilSettled(clock, policy(exchange(), notResults))).rejects.toBeInstanceOf(
      AnalysisPendingError,
    );
    expect(notResults.calls).toHaveLength(1);
    const failure = new ServerError('503', { status: 503 });
    const failing = scriptedNext(failure, 'never');
    await expect(runUntilSettled(clock, policy(exchange({ results: true }), failing))).rejects.toBe(failure);
    expect(failing.calls).toHaveLength(1);
  });

  it('defaults: polls every 5 s', () => {
    expect(DEFAULT_ANALYSIS_POLLING.intervalMs).toBe(5_000);
  });
});
