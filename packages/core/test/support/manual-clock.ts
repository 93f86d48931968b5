import { createSimulatedClock, runInSimulatedTime, type SimulatedClock } from '@sportscloud/test-utils';

/** The fake Sports Cloud's simulated clock, moved only by the test or by `runUntilSettled`. */
export type ManualClock = SimulatedClock;

export function manualClock(start = Date.UTC(2026, 10, 26, 12, 0, 0)): ManualClock {
  return createSimulatedClock(start, { autoAdvance: false });
}

/** Runs simulated time from one due timer to the next until `promise` settles. */
export function runUntilSettled<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  return runInSimulatedTime(clock, promise);
}
