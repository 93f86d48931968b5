import { TimeoutError } from '../errors';
import type { Clock } from '../internal/clock';

/**
 * An AbortSignal that fires when the caller's signal does, or after `timeoutMs` on the injected
 * clock (with a TimeoutError as its reason). `dispose()` stops the timer.
 */
export function linkedSignal(
  clock: Clock,
  timeoutMs: number | undefined,
  parent: AbortSignal | undefined,
  what: string,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });

  if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
    clock.sleep(timeoutMs, stopTimer.signal).then(
      () => controller.abort(new TimeoutError(`${what} timed out after ${timeoutMs} ms`, { timeoutMs })),
      () => {
        // The timer was stopped: the work finished first.
      },
    );
  }
  return {
    signal: controller.signal,
    dispose() {
      stopTimer.abort();
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
