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
 * WebCrypto (JWT signing and verification) runs on real time, outside the microtask queue. Once a
 * simulation is set up, SubtleCrypto's methods are counted (a transparent wrapper, installed once
 * and kept), so time never jumps in the middle of one — including work started before the
 * simulation loop, as in `runInSimulatedTime(clock, client.call())`.
 */
export const webCryptoInFlight = (() => {
  const METHODS = ['sign', 'verify', 'digest', 'importKey'] as const;
  let installed = false;
  let count = 0;
  return {
    get count() {
      return count;
    },
    install() {
      if (installed || !globalThis.crypto?.subtle) return;
      installed = true;
      const target = Object.getPrototypeOf(globalThis.crypto.subtle) as Record<
        string,
        (...args: unknown[]) => Promise<unknown>
      >;
      for (const name of METHODS) {
        const original = target[name]!;
        target[name] = function counted(this: unknown, ...args: unknown[]) {
          count += 1;
          return original.apply(this, args).finally(() => {
            count -= 1;
          });
        };
      }
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
  webCryptoInFlight.install();
  for (let idleTurns = 0; !settled; ) {
    await turn();
    if (settled) break;
    const due = clock.nextDueAt();
    // WebCrypto never waits on the clock: wait for it. Other busy work that stays busy for many
    // turns is itself waiting on the clock (injected latency), so time may move then.
    if (due === undefined || webCryptoInFlight.count > 0 || (isBusy() && idleTurns < 50)) {
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
  return tracked;
}
