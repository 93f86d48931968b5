import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/auth/single-flight';

/** A task the test settles by hand, recording how often it started and the signal it got. */
function manualTask<T>() {
  const runs: { signal: AbortSignal; resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const task = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      runs.push({ signal, resolve, reject });
    });
  return { task, runs };
}

describe('SingleFlight', () => {
  it('refuses a caller whose signal is already aborted, without starting the task', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const gone = new AbortController();
    gone.abort(new Error('caller left'));
    await expect(flight.run(task, gone.signal)).rejects.toThrow('aborted by the caller');
    expect(runs).toHaveLength(0);
  });

  it('runs the task once for every caller in flight, then afresh', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const a = flight.run(task);
    const b = flight.run(task, new AbortController().signal);
    expect(runs).toHaveLength(1);
    runs[0]!.resolve(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    const c = flight.run(task);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(8);
    expect(await c).toBe(8);
  });

  it('rejects every caller, with a signal or without, when the task fails', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const a = flight.run(task);
    const b = flight.run(task, new AbortController().signal);
    const failure = new Error('mint failed');
    runs[0]!.reject(failure);
    await expect(a).rejects.toBe(failure);
    await expect(b).rejects.toBe(failure);
  });

  it('lets one caller leave without failing the others; aborts the task when the last one leaves', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const first = new AbortController();
    const second = new AbortController();
    const a = flight.run(task, first.signal);
    const b = flight.run(task, second.signal);
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('aborted by the caller');
    expect(runs[0]!.signal.aborted).toBe(false);
    second.abort(new Error('second left'));
    await expect(b).rejects.toThrow('aborted by the caller');
    expect(runs[0]!.signal.aborted).toBe(true);
    // The aborted flight is gone: the next caller starts a new task.
    const c = flight.run(task);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(1);
    expect(await c).toBe(1);
  });
});
