import { TimeoutError } from '../errors';
import type { Clock } from '../internal/clock';

/**
 * An AbortSignal that fires when one of the parent signals does (with its reason), or after
 * `timeoutMs` on the injected clock (with a TimeoutError as its reason). `dispose()` stops the timer.
 */
export function linkedSignal(
  clock: Clock,
  timeoutMs: number | undefined,
  parent: AbortSignal | undefined | readonly (AbortSignal | undefined)[],
  what: string,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const parents = (Array.isArray(parent) ? parent : [parent]).filter((p): p is AbortSignal => !!p);
  const unsubscribes: (() => void)[] = [];
  const aborted = parents.find((p) => p.aborted);
  if (aborted) controller.abort(aborted.reason);
  else for (const p of parents) unsubscribes.push(onAbort(p, () => controller.abort(p.reason)));
  const unsubscribe = () => {
    for (const off of unsubscribes) off();
  };

  if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
    clock.sleep(timeoutMs, stopTimer.signal).then(
      () => controller.abort(new TimeoutError(`${what} timed out after ${timeoutMs} ms`, { timeoutMs })),
      () => {
        // The timer was stopped: the work finished first.
      },
    );
  }
  return {
    signal: controller.signal,
    dispose() {
      stopTimer.abort();
      unsubscribe();
    },
  };
}

interface FanOut {
  readonly listeners: Set<() => void>;
  readonly handler: () => void;
}

const fanOuts = new WeakMap<AbortSignal, FanOut>();

/**
 * Calls `listener` when `signal` aborts; returns the unsubscribe function. However many calls share
 * one caller's signal, it carries a single 'abort' listener of ours: Node warns
 * (MaxListenersExceededWarning) from the 11th listener on an AbortSignal, e.g. an export that runs
 * a dozen calls under one signal.
 */
function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let fanOut = fanOuts.get(signal);
  if (!fanOut) {
    const listeners = new Set<() => void>();
    const handler = () => {
      fanOuts.delete(signal);
      for (const notify of [...listeners]) notify();
    };
    fanOut = { listeners, handler };
    fanOuts.set(signal, fanOut);
    signal.addEventListener('abort', handler, { once: true });
  }
  const { listeners, handler } = fanOut;
  listeners.add(listener);
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    if (fanOuts.get(signal)?.listeners === listeners) fanOuts.delete(signal);
    signal.removeEventListener('abort', handler);
  };
}
