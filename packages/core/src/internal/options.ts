import { ConfigurationError, InvalidArgumentError } from '../errors';

/** The longest delay a timer can take everywhere (setTimeout's signed 32-bit limit, ≈ 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

/** Where an option's value must lie. `integer` also rules out fractions. */
export interface Range {
  readonly min: number;
  readonly max: number;
  /** `min` itself is not allowed (e.g. a timeout of 0). */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
}

/**
 * Checks one numeric option and names it in the error: NaN, Infinity, a string or a value out of
 * range would otherwise pass silently (NaN disables a limiter, 0 tokens a second spins it).
 * Undefined means "use the default" and passes.
 */
export function checkNumber(name: string, value: unknown, range: Range): void {
  const problem = numberProblem(value, range);
  if (problem) throw new ConfigurationError(`${name} ${problem}`);
}

/** As {@link checkNumber}, for the options of one call: an InvalidArgumentError before anything is sent. */
export function checkCallOptions(options: {
  timeout?: unknown;
  maxRetries?: unknown;
  deadline?: unknown;
}): void {
  for (const [name, range] of [
    ['timeout', TIMER],
    ['deadline', TIMER],
    ['maxRetries', RETRIES],
  ] as const) {
    const problem = numberProblem(options[name], range);
    if (problem) throw new InvalidArgumentError(`options.${name}`, problem);
  }
}

/** A timeout or deadline in ms: more than 0, and short enough for a timer. */
export const TIMER: Range = { min: 0, max: MAX_TIMER_MS, exclusiveMin: true };
export const RETRIES: Range = { min: 0, max: 100, integer: true };

function numberProblem(value: unknown, range: Range): string | undefined {
  if (value === undefined) return undefined;
  const { min, max, exclusiveMin = false, integer = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (ok) return undefined;
  const kind = integer ? 'an integer' : 'a finite number';
  return `must be ${kind} ${exclusiveMin ? '>' : '≥'} ${min} and ≤ ${max}, got ${describe(value)}`;
}

/**
 * The base URL must be plain http(s) ending in the API's path: a query or fragment would end up in
 * the middle of every request URL (`/v1?tenant=acme/sports/accounts`), and user-info would be a
 * credential kept in every error. The value is never echoed (it may hold that credential).
 */
export function checkBaseURL(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string') throw new ConfigurationError(`${name} must be a string URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must be an http or https URL, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      `${name} must not contain user-info (credentials before "@"): the client authenticates with consumerId and sharedSecret`,
    );
  }
  if (value.includes('?')) throw new ConfigurationError(`${name} must not contain a query string ("?…")`);
  if (value.includes('#')) throw new ConfigurationError(`${name} must not contain a fragment ("#…")`);
}

/** A function-valued option, when given. */
export function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new ConfigurationError(`${name} must be a function, got ${describe(value)}`);
  }
}

/** An object option, when given, must have these methods (a typo'd logger fails here, not mid-request). */
export function checkMethods(name: string, value: unknown, methods: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) {
    throw new ConfigurationError(
      `${name} must be an object with ${methods.join(', ')}, got ${describe(value)}`,
    );
  }
  const missing = methods.filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) throw new ConfigurationError(`${name} has no ${missing.join(', ')} method`);
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return `a string`;
  return typeof value;
}
