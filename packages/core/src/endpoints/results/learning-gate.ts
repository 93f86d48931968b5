import { abortReason } from '../../internal/clock';

/** First requests in a row that may fail to teach anything before a scope is no longer held. */
const MAX_FAILED_LEARNERS = 3;

/**
 * Lets one request of a scope go first while nothing is known of its size, holding the others of that
 * scope until it is answered — so that many concurrent requests do not all find out the limit the hard
 * way. A request whose size is known is never held; after {@link MAX_FAILED_LEARNERS} first requests in a
 * row that taught nothing (they failed), the scope is no longer held.
 */
export class LearningGate {
  readonly #scopes = new Map<string, { busy: boolean; failures: number; waiting: Set<() => void> }>();

  /**
   * Waits until the request may go: returns `undefined` when it goes as an ordinary request, or the
   * function to call once it has been answered (`learned`: a response was recorded) when it goes first.
   */
  async enter(
    scope: string,
    known: () => boolean,
    signal: AbortSignal,
  ): Promise<((learned: boolean) => void) | undefined> {
    for (;;) {
      if (signal.aborted) throw abortReason(signal);
      if (known()) return undefined;
      let state = this.#scopes.get(scope);
      if (!state) {
        state = { busy: false, failures: 0, waiting: new Set() };
        this.#scopes.set(scope, state);
      }
      if (state.failures >= MAX_FAILED_LEARNERS) return undefined;
      if (!state.busy) {
        state.busy = true;
        const held = state;
        let done = false;
        return (learned) => {
          if (done) return;
          done = true;
          held.busy = false;
          held.failures = learned ? 0 : held.failures + 1;
          const waiting = [...held.waiting];
          held.waiting.clear();
          for (const wake of waiting) wake();
        };
      }
      const held = state;
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          held.waiting.delete(wake);
          reject(abortReason(signal));
        };
        held.waiting.add(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}
