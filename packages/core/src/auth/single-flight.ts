/** Runs `task` once for every caller that asks while it is in flight. */
export class SingleFlight<T> {
  #inFlight: Promise<T> | undefined;

  run(task: () => Promise<T>): Promise<T> {
    this.#inFlight ??= task().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }
}
