import { abortReason } from '../internal/clock';

interface Flight<T> {
  promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Runs `task` once for every caller that asks while it is in flight. Each caller may leave early
 * with its own signal (it is rejected at once); the task itself is aborted only when every caller
 * has left, so one caller's abort never fails the others.
 */
export class SingleFlight<T> {
  #inFlight: Flight<T> | undefined;

  run(task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const flight = this.#inFlight ?? this.#start(task);
    flight.waiters += 1;
    if (!signal) return flight.promise.finally(() => this.#leave(flight));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#leave(flight);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (done: () => void) => {
        if (signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        this.#leave(flight);
        done();
      };
      flight.promise.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  #start(task: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const flight: Flight<T> = {
      promise: Promise.resolve() as Promise<T>,
      controller: new AbortController(),
      waiters: 0,
    };
    flight.promise = task(flight.controller.signal).finally(() => {
      if (this.#inFlight === flight) this.#inFlight = undefined;
    });
    this.#inFlight = flight;
    return flight;
  }

  #leave(flight: Flight<T>): void {
    flight.waiters -= 1;
    // Nobody waits for the result any more: stop spending requests on it.
    if (flight.waiters === 0 && this.#inFlight === flight) {
      this.#inFlight = undefined;
      flight.controller.abort();
    }
  }
}
