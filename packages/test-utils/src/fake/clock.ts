import { webCryptoInFlight } from './simulation';
/**
 * Time source of the fake: JWT checks, the token bucket, the daily quota and injected latency all
 * read it, so tests can move time instead of waiting for it. The shape matches the SDK's clock
 * (`now()`, `sleep(ms, signal?)`), so one simulated clock can drive both sides of a test.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Wait `ms` of this clock's time. Optional; the fake falls back to a real timer. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface SimulatedClock extends Clock {
  now(): number;
  /** Rejects with `signal.reason` if the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Move time forward by `ms`. Due sleepers wake one at a time in deadline order, with a turn of
   * the event loop after each, so code that sleeps again within the span is woken too. Time moves
   * synchronously when nothing is due; await the promise when something may be.
   */
  advance(ms: number): Promise<void>;
  /** `advance` to an absolute time (never backwards). */
  set(ms: number): Promise<void>;
  /** Sleeps still waiting (always 0 with autoAdvance): lets a test see that code is backing off. */
  readonly pendingSleeps: number;
  /** When the earliest waiting sleeper is due, if any. */
  nextDueAt(): number | undefined;
}

export interface SimulatedClockOptions {
  /**
   * true (default): `sleep(ms)` moves time forward by `ms` at once and resolves, so code under test
   * that backs off never waits for real time. Sleeps therefore add up, even concurrent ones.
   * false: sleepers stay pending until a test calls `advance`/`set` past their deadline.
   */
  autoAdvance?: boolean;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Default start: Monday 2025-06-02 09:00:00 UTC, after the seeded data's default span. */
export const DEFAULT_CLOCK_START = Date.UTC(2025, 5, 2, 9, 0, 0);

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createSimulatedClock(
  startMs: number = DEFAULT_CLOCK_START,
  { autoAdvance = true }: SimulatedClockOptions = {},
): SimulatedClock {
  // A clock moved by hand is a simulation: count WebCrypto work from now on (see simulation.ts).
  if (!autoAdvance) webCryptoInFlight.install();
  let now = startMs;
  let seq = 0;
  let sleepers: Sleeper[] = [];

  async function runTo(target: number): Promise<void> {
    for (;;) {
      sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = sleepers[0];
      if (!next || next.at > target) break;
      sleepers.shift();
      now = Math.max(now, next.at);
      next.wake();
      await nextTurn();
    }
    now = Math.max(now, target);
  }

  return {
    now: () => now,
    advance: (ms) => runTo(now + ms),
    set: (ms) => runTo(ms),
    get pendingSleeps() {
      return sleepers.length;
    },
    nextDueAt: () =>
      sleepers.reduce<number | undefined>(
        (min, s) => (min === undefined || s.at < min ? s.at : min),
        undefined,
      ),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        if (autoAdvance) {
          now += Math.max(0, ms);
          return resolve();
        }
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(signal?.reason);
        };
        // Waking removes the abort listener: a long-lived signal may see thousands of sleeps.
        const sleeper: Sleeper = {
          at: now + Math.max(0, ms),
          seq: seq++,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
