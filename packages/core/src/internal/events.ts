/** What the client reports as it works. Payloads carry operations, paths and codes — never credentials. */
export interface ClientEvents {
  /** An HTTP request is about to be sent (every attempt, poll and retry). */
  request: { operation: string; method: string; path: string };
  /** An HTTP exchange finished: `status` is absent when no response came (network, timeout). */
  response: { operation: string; method: string; path: string; status?: number; ms: number; code?: string };
  /** A failed request will be repeated after `delayMs`. */
  retry: { operation: string; attempt: number; delayMs: number; code: string };
  /** The client is waiting: for a rate-limit token, a server's Retry-After, or a running analysis. */
  wait: { operation: string; reason: 'rate-limit' | 'throttled' | 'analysis-pending'; ms: number };
  /** A results request was split to stay under the response limit. */
  split: { operation: string; reason: 'too-large' | 'estimate' | 'per-athlete'; parts: number };
  /**
   * The local clock is off: a 401's `Date` showed it `skewMs` ahead of the server (negative: behind),
   * so tokens are now signed on the server's time.
   */
  clock: { skewMs: number; source: string };
  /** The daily quota is used up: nothing more is sent until `resetAt`. */
  quota: { scope: 'daily'; resetAt: string };
}

export type ClientEventName = keyof ClientEvents;
export type ClientEventListener<K extends ClientEventName> = (event: ClientEvents[K]) => void;

/** A tiny typed emitter: listeners are called synchronously, and one that throws cannot break a request. */
export class ClientEventEmitter {
  readonly #listeners = new Map<ClientEventName, Set<(event: never) => void>>();

  on<K extends ClientEventName>(name: K, listener: ClientEventListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  emit<K extends ClientEventName>(name: K, event: ClientEvents[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        (listener as ClientEventListener<K>)(event);
      } catch {
        // An observer's bug must not fail the request it observes.
      }
    }
  }
}
