import { AbortError, isSportsCloudError } from '../errors';

/**
 * Time as the client sees it. Injected so that tests (and simulations) drive every timer,
 * backoff and token expiry without waiting on a real clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** One day in milliseconds: the API's daily quota runs from 00:00 UTC. */
export const DAY_MS = 86_400_000;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** The abort reason if it is one of ours, else a fresh AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return isSportsCloudError(signal.reason) ? signal.reason : new AbortError();
}

/**
 * `clock.sleep`, with the rejection normalised: an injected clock may reject with the raw
 * `signal.reason` (a DOMException), but callers of the SDK always get a SportsCloudError.
 */
export async function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch (error) {
    throw isSportsCloudError(error) ? error : signal?.aborted ? abortReason(signal) : error;
  }
}
