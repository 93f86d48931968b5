import type { SimulatedClock } from '@sportscloud/test-utils';

/**
 * Discrete-event simulation for a sync over real loopback HTTP and a real database: like test-utils'
 * `runInSimulatedTime`, but time never jumps while real work is in flight (a request on the socket, a
 * database commit, WebCrypto), however many event-loop turns it takes; then it jumps to the next
 * sleeper. A real-time guard stops a run that hangs.
 */

const crypto = (() => {
  let count = 0;
  let installed = false;
  return {
    get count() {
      return count;
    },
    install() {
      if (installed) return;
      installed = true;
      const target = Object.getPrototypeOf(globalThis.crypto.subtle) as Record<
        string,
        (...args: unknown[]) => Promise<unknown>
      >;
      for (const name of ['sign', 'verify', 'digest', 'importKey']) {
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

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function simulate<T>(
  clock: SimulatedClock,
  work: Promise<T> | (() => Promise<T>),
  { isBusy = () => false, realTimeoutMs = 600_000 }: { isBusy?: () => boolean; realTimeoutMs?: number } = {},
): Promise<T> {
  crypto.install();
  let settled = false;
  const tracked = (typeof work === 'function' ? work() : work).finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  const startedAt = Date.now();
  for (let idle = 0; !settled; ) {
    await turn();
    if (settled) break;
    if (Date.now() - startedAt > realTimeoutMs)
      throw new Error(`simulate: still running after ${realTimeoutMs} ms of real time`);
    if (isBusy() || crypto.count > 0) continue;
    // Let promise chains that are not on the clock finish before time moves.
    if (++idle < 3) continue;
    const due = clock.nextDueAt();
    if (due === undefined) continue;
    idle = 0;
    await clock.set(due);
  }
  return tracked;
}
