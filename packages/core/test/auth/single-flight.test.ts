import { describe, expect, it, vi } from 'vitest';
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

  it('keeps the task going while a caller without a signal still waits, when every caller with one leaves', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const patient = flight.run(task);
    const hasty = new AbortController();
    const left = flight.run(task, hasty.signal);
    hasty.abort(new Error('hasty left'));
    await expect(left).rejects.toThrow('aborted by the caller');
    expect(runs[0]!.signal.aborted).toBe(false);
    runs[0]!.resolve(5);
    expect(await patient).toBe(5);
  });

  it('does not forget a newer flight when the abandoned task ends late', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const gone = new AbortController();
    const a = flight.run(task, gone.signal);
    gone.abort(new Error('left'));
    await expect(a).rejects.toThrow('aborted by the caller');
    const b = flight.run(task);
    expect(runs).toHaveLength(2);
    // The abandoned task settles only now; the flight of the second one must stay shared.
    runs[0]!.reject(new Error('aborted mint'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const c = flight.run(task);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(2);
    expect(await Promise.all([b, c])).toEqual([2, 2]);
  });

  it('does not end a newer flight when a caller aborts after its result came in', async () => {
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const late = new AbortController();
    const a = flight.run(task, late.signal);
    let b: Promise<number> | undefined;
    // Right after `a` resolves (its listener may still be on the signal), a new flight starts and
    // the first caller aborts.
    const afterA = a.then(() => {
      b = flight.run(task);
      late.abort(new Error('too late'));
    });
    runs[0]!.resolve(1);
    expect(await a).toBe(1);
    await afterA;
    expect(runs).toHaveLength(2);
    expect(runs[1]!.signal.aborted).toBe(false);
    const c = flight.run(task);
    expect(runs).toHaveLength(2);
    runs[1]!.resolve(3);
    expect(await Promise.all([b, c])).toEqual([3, 3]);
  });

  it("takes its abort listener off the caller's signal once the result is in", async () => {
    // A caller may pass one long-lived signal (a shutdown signal) to many calls.
    const flight = new SingleFlight<number>();
    const { task, runs } = manualTask<number>();
    const { signal } = new AbortController();
    const added = vi.spyOn(signal, 'addEventListener');
    const removed = vi.spyOn(signal, 'removeEventListener');
    const ok = flight.run(task, signal);
    runs[0]!.resolve(1);
    await ok;
    const failed = flight.run(task, signal);
    runs[1]!.reject(new Error('mint failed'));
    await expect(failed).rejects.toThrow('mint failed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(added).toHaveBeenCalledTimes(2);
    expect(removed.mock.calls).toEqual(added.mock.calls.map(([type, listener]) => [type, listener]));
  });
});
