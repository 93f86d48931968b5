import { AbortError, type Clock, type FetchLike } from '@sportscloud/core';

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Aborts when either signal does, with that signal's reason; `dispose()` drops the listeners. */
function linkSignals(first: AbortSignal | undefined | null, second: AbortSignal) {
  if (!first) return { signal: second, dispose: () => {} };
  const controller = new AbortController();
  const fromFirst = () => controller.abort(first.reason);
  const fromSecond = () => controller.abort(second.reason);
  if (first.aborted) fromFirst();
  else if (second.aborted) fromSecond();
  else {
    first.addEventListener('abort', fromFirst, { once: true });
    second.addEventListener('abort', fromSecond, { once: true });
  }
  return {
    signal: controller.signal,
    dispose() {
      first.removeEventListener('abort', fromFirst);
      second.removeEventListener('abort', fromSecond);
    },
  };
}

/**
 * What the client is doing, seen from its two injection seams (fetch and clock): an HTTP exchange
 * or a wait (backoff, rate-limit token, 202 poll, timeouts) keeps it busy. At shutdown the gate lets
 * that work finish within a bound, then aborts every exchange and wait, so no socket or timer keeps
 * the process alive. The client itself stays unaware of Nest.
 */
export class ShutdownGate {
  readonly #controller = new AbortController();
  #busy = 0;
  #onIdle: Array<() => void> = [];

  /** The client's fetch, made abortable by shutdown. */
  fetch(base: FetchLike | undefined): FetchLike {
    return async (input, init) => {
      const link = linkSignals(init?.signal, this.#controller.signal);
      this.#enter();
      try {
        if (link.signal.aborted) throw link.signal.reason;
        const fetchImpl = base ?? globalThis.fetch.bind(globalThis);
        return await fetchImpl(input, { ...init, signal: link.signal });
      } finally {
        link.dispose();
        this.#leave();
      }
    };
  }

  /** The client's clock, whose waits end (rejected) at shutdown. */
  clock(base: Clock | undefined): Clock {
    const inner = base ?? realClock;
    return {
      now: () => inner.now(),
      sleep: async (ms, signal) => {
        const link = linkSignals(signal, this.#controller.signal);
        this.#enter();
        try {
          if (link.signal.aborted) throw link.signal.reason;
          await inner.sleep(ms, link.signal);
        } finally {
          link.dispose();
          this.#leave();
        }
      },
    };
  }

  /** Marks an HTTP attempt as in flight (from the client's `request`/`response` events). */
  enter(): void {
    this.#enter();
  }

  leave(): void {
    this.#leave();
  }

  /**
   * Waits up to `boundMs` for the client to go idle, then aborts whatever is left. Resolves with
   * whether anything had to be aborted. Later calls fail at once with an AbortError.
   */
  async close(boundMs: number): Promise<{ aborted: boolean; waitedMs: number }> {
    const started = Date.now();
    const drained = await this.#idleWithin(boundMs);
    this.#controller.abort(
      new AbortError('The application is shutting down: the Sports Cloud call was aborted'),
    );
    // Aborted exchanges and waits settle within a few turns of the event loop.
    if (!drained) await this.#idleWithin(1_000);
    return { aborted: !drained, waitedMs: Date.now() - started };
  }

  #enter(): void {
    this.#busy += 1;
  }

  #leave(): void {
    this.#busy -= 1;
    if (this.#busy > 0) return;
    // A call moves between waits and attempts through promise callbacks: idle only if still idle a turn later.
    setImmediate(() => {
      if (this.#busy > 0) return;
      const waiters = this.#onIdle;
      this.#onIdle = [];
      for (const resolve of waiters) resolve();
    });
  }

  #idleWithin(ms: number): Promise<boolean> {
    if (this.#busy === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      // The bound never keeps the process alive by itself: the work it waits for does, or nothing.
      timer.unref?.();
      this.#onIdle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
