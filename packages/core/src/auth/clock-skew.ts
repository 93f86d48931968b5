import { AuthenticationError } from '../errors';

/**
 * A 401's `Date` header says what time the server thinks it is. The JWT's `iat`/`exp` are judged
 * on that clock, so a local clock that is off by more than the API's tolerance fails every call.
 */

/** `Date` has whole seconds: a measured skew this small is noise, not a wrong clock. */
export const SKEW_RESOLUTION_MS = 2_000;
/**
 * The largest offset the client corrects by itself. A clock off by more than an hour is plainly
 * misconfigured (a time zone taken for UTC…): that is reported, not papered over.
 */
export const MAX_CLOCK_CORRECTION_MS = 3_600_000;

/** Local minus server time in ms, from an error response's `Date`; undefined without one. */
export function measuredSkewMs(error: AuthenticationError, localNow: number): number | undefined {
  const date = error.response?.headers.date;
  const server = date ? Date.parse(date) : Number.NaN;
  if (!Number.isFinite(server)) return undefined;
  // The header is truncated to the second: its middle is the best guess of the server's time.
  return localNow - (server + 500);
}

/** "local clock is 600 s ahead of the server" (or behind). */
function describeSkew(skewMs: number): string {
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  return `local clock is ${seconds} s ${skewMs > 0 ? 'ahead of' : 'behind'} the server`;
}

const uncorrectable = new WeakSet<AuthenticationError>();

/** Whether `error` is a 401 from a clock too far off to correct: a fresh token cannot help. */
export function isClockTooFarOff(error: unknown): boolean {
  return error instanceof AuthenticationError && uncorrectable.has(error);
}

/** The 401 with the clock named first: no retry with a fresh token can help a clock this far off. */
export function clockSkewError(error: AuthenticationError, skewMs: number): AuthenticationError {
  const message =
    `${describeSkew(skewMs)} (by its Date header), more than the ${MAX_CLOCK_CORRECTION_MS / 1000} s the ` +
    `client corrects by itself: set the system clock (NTP). ${error.message}`;
  const named = new AuthenticationError(message, {
    cause: error,
    status: error.status,
    ...(error.request ? { request: error.request } : {}),
    ...(error.response ? { response: error.response } : {}),
    ...(error.consumerId ? { consumerId: error.consumerId } : {}),
  });
  uncorrectable.add(named);
  return named;
}
