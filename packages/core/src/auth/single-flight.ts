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
    // A caller without a signal stays to the end, and a settled flight has already cleared itself.
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.#leave(flight);
        reject(abortReason(signal));
      };
      // An aborted signal never fires again, so the listener needs no `once`.
      signal.addEventListener('abort', onAbort);
      // The caller's signal may outlive many calls: take the listener off once the result is in.
      flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
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
    // A late abort (after the flight settled) must not end a newer flight.
    // Nobody waits for the result any more: stop spending requests on it.
    if (flight.waiters === 0 && this.#inFlight === flight) {
      this.#inFlight = undefined;
      flight.controller.abort();
    }
  }
}
