import type { SimulatedClock } from './clock';

export interface SimulationOptions {
  /** Stop with an error after this much simulated time (default one day). */
  maxSimulatedMs?: number;
  /**
   * True while real asynchronous work is under way that must finish before time may jump (for
   * example requests the fake is still serving). Time never jumps past a busy system, so an
   * attempt timeout cannot fire just because compression took a few real milliseconds.
   */
  isBusy?: () => boolean;
}

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * WebCrypto (JWT signing and verification) runs on real time, outside the microtask queue. While a
 * simulation runs, SubtleCrypto's methods are counted, so time never jumps in the middle of one;
 * the originals are restored when the last simulation ends.
 */
const webCrypto = (() => {
  const METHODS = ['sign', 'verify', 'digest', 'importKey'] as const;
  let users = 0;
  let inFlight = 0;
  let originals: Partial<Record<(typeof METHODS)[number], (...args: unknown[]) => Promise<unknown>>> = {};
  const proto = () =>
    Object.getPrototypeOf(globalThis.crypto.subtle) as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
  return {
    get inFlight() {
      return inFlight;
    },
    track() {
      if (users++ > 0) return;
      const target = proto();
      for (const name of METHODS) {
        const original = target[name]!;
        originals[name] = original;
        target[name] = function counted(this: unknown, ...args: unknown[]) {
          inFlight += 1;
          return original.apply(this, args).finally(() => {
            inFlight -= 1;
          });
        };
      }
    },
    release() {
      if (--users > 0) return;
      const target = proto();
      for (const name of METHODS) if (originals[name]) target[name] = originals[name];
      originals = {};
    },
  };
})();

/**
 * Discrete-event simulation: lets `work` run, and whenever everything is waiting on the clock,
 * jumps to the next due sleeper. Hours of backoff, polling and rate limiting take milliseconds.
 * Use a clock created with `{ autoAdvance: false }`, shared by the fake and the code under test.
 */
export async function runInSimulatedTime<T>(
  clock: SimulatedClock,
  work: Promise<T>,
  { maxSimulatedMs = 86_400_000, isBusy = () => false }: SimulationOptions = {},
): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  const start = clock.now();
  webCrypto.track();
  try {
    for (let idleTurns = 0; !settled; ) {
      await turn();
      if (settled) break;
      const due = clock.nextDueAt();
      const busy = isBusy() || webCrypto.inFlight > 0;
      // Busy for many turns in a row means the busy work itself waits on the clock (latency).
      if (due === undefined || (busy && idleTurns < 50)) {
        if (++idleTurns > 5_000)
          throw new Error('runInSimulatedTime: nothing is due and the work does not settle');
        continue;
      }
      idleTurns = 0;
      if (due - start > maxSimulatedMs) {
        throw new Error(`runInSimulatedTime: still running after ${maxSimulatedMs} ms of simulated time`);
      }
      await clock.set(due);
    }
  } finally {
    webCrypto.release();
  }
  return tracked;
}
