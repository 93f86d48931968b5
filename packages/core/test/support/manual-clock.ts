import { abortReason, type Clock } from '../../src/internal/clock';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when the test says so. `advance(ms)` fires due timers in time order,
 * letting promise chains settle between them, so code under test behaves as in real time.
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(start = Date.UTC(2026, 10, 26, 12, 0, 0)) {
    this.#now = start;
  }

  now = (): number => this.#now;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(abortReason(signal));
        },
        { once: true },
      );
    });

  /** When the earliest pending timer is due, if any. */
  nextTimerAt(): number | undefined {
    return this.#timers.reduce<number | undefined>(
      (min, t) => (min === undefined || t.at < min ? t.at : min),
      undefined,
    );
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flush();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = next.at;
      next.resolve();
    }
    this.#now = target;
    await flush();
  }
}

/**
 * WebCrypto work (JWT signing) runs on real time, outside the event loop's microtasks. Count it,
 * so that simulated time never jumps while a token is being signed.
 */
let cryptoInFlight = 0;
const subtleProto = Object.getPrototypeOf(globalThis.crypto.subtle) as {
  sign: (...args: unknown[]) => Promise<unknown>;
};
const originalSign = subtleProto.sign;
subtleProto.sign = function sign(this: unknown, ...args: unknown[]) {
  cryptoInFlight += 1;
  return originalSign.apply(this, args).finally(() => {
    cryptoInFlight -= 1;
  });
};

/**
 * Runs simulated time forward, from one due timer to the next, until `promise` settles. Real
 * asynchronous work in between (WebCrypto signing, streams) is given time to finish, so the
 * outcome never depends on how fast the machine is.
 */
export async function runUntilSettled<T>(
  clock: ManualClock,
  promise: Promise<T>,
  limitMs = 86_400_000,
): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  const start = clock.now();
  for (let idle = 0; !settled; ) {
    await flush();
    if (settled) break;
    const next = clock.nextTimerAt();
    if (next === undefined || cryptoInFlight > 0) {
      if (++idle > 2_000)
        throw new Error('runUntilSettled: no timer is pending and the promise is not settling');
      continue;
    }
    idle = 0;
    if (next - start > limitMs)
      throw new Error(`runUntilSettled: still pending after ${limitMs} ms of simulated time`);
    await clock.advance(Math.max(0, next - clock.now()));
  }
  return tracked;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
