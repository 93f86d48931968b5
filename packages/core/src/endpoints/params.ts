import { InvalidArgumentError } from '../errors';
import { type KnownMeasurementType, MEASUREMENT_TYPES } from './schemas/primitives';

/**
 * An integer id (`athleteId`, `teamId`, …): a safe non-negative integer, or a string of digits
 * (ids read from a URL or a CSV). Normalised to its decimal form before use.
 */
export type IntegerId = number | string;

export interface AccountParams {
  /** The customer account, e.g. `"3-12345"` (from `accounts.list()`). */
  readonly accountId: string;
}
export interface AthleteParams extends AccountParams {
  readonly athleteId: IntegerId;
}
export interface CoachParams extends AccountParams {
  readonly coachId: IntegerId;
}
export interface TeamParams extends AccountParams {
  /** A team id, or a group id (the API accepts both). */
  readonly teamId: IntegerId;
}
export interface MeasurementParams extends AthleteParams {
  readonly measurementId: IntegerId;
}
export interface SessionParams extends TeamParams {
  readonly sessionId: IntegerId;
}

/** A point in time: a `Date`, or an ISO 8601 string with `Z` or an offset (sent as UTC). */
export type TimeInput = Date | string;
/** One value, or several (sent comma-separated). */
export type OneOrMany = string | readonly string[];
export type ResultsFormat = 'binary' | 'list';

/** Every query parameter of the API, by its SDK name. */
export interface QueryParams {
  /** Items starting at or after this time. */
  readonly fromTime: TimeInput;
  /** Items starting before this time. */
  readonly toTime: TimeInput;
  readonly measurementType: KnownMeasurementType;
  /** E.g. `'running'` or `['football', 'futsal']` (see `sportsTypes.list()`). */
  readonly sportsType: OneOrMany;
  /** E.g. `'game'` or `['game', 'training']` (see `eventTypes.list()`). */
  readonly eventType: OneOrMany;
  /** The measurement title. */
  readonly exerciseType: string;
  /** The session title. */
  readonly type: string;
  /** Include each item's laps (the only way to learn lap ids). */
  readonly includeLaps: boolean;
  /**
   * Variables to return (sent as `var`). Without it the API returns its default set: all scalars and
   * four series; the heavy series come only when named. A response that would exceed the API's size
   * limit is fetched in parts split by variable and merged (the merged variables come in the API's order:
   * scalars, then series, each by name).
   */
  readonly vars: readonly string[];
  /** `'binary'` (default, compact) or `'list'` (series as JSON number arrays). */
  readonly format: ResultsFormat;
}
export type QueryKey = keyof QueryParams;

export interface MeasurementListParams
  extends AthleteParams,
    Partial<
      Pick<
        QueryParams,
        | 'fromTime'
        | 'toTime'
        | 'measurementType'
        | 'sportsType'
        | 'eventType'
        | 'exerciseType'
        | 'includeLaps'
      >
    > {}
export interface SessionListParams
  extends TeamParams,
    Partial<Pick<QueryParams, 'fromTime' | 'toTime' | 'type' | 'sportsType' | 'eventType' | 'includeLaps'>> {}
export interface ResultsParams extends Partial<Pick<QueryParams, 'vars' | 'format'>> {}
export interface MeasurementResultsParams extends MeasurementParams, ResultsParams {}
export interface MeasurementLapResultsParams extends MeasurementResultsParams {
  readonly lapId: IntegerId;
}
export interface SessionResultsParams extends SessionParams, ResultsParams {
  /**
   * The session's athletes (`Session.athleteIds` from `sessions.list`). The API leaves out athletes
   * whose analysis failed; given the roster, the result names them in `missingAthleteIds`.
   */
  readonly athleteIds?: readonly IntegerId[];
}
export interface SessionLapResultsParams extends SessionResultsParams {
  readonly lapId: IntegerId;
}

// ---- path parameters ----

const ACCOUNT_ID = /^\d+-\d+$/;
const DIGITS = /^\d+$/;

export const PATH_PARAMS = {
  accountId: accountIdSegment,
  athleteId: integerIdSegment,
  coachId: integerIdSegment,
  teamId: integerIdSegment,
  measurementId: integerIdSegment,
  sessionId: integerIdSegment,
  lapId: integerIdSegment,
} satisfies Record<string, (value: unknown, name: string) => string>;
export type PathParamKey = keyof typeof PATH_PARAMS;

/** The TypeScript type of each path parameter. */
type PathParamType<K extends PathParamKey> = K extends 'accountId' ? string : IntegerId;
type PlaceholdersOf<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;
/** `unknown` when every `{placeholder}` of `Path` is a known path parameter; a compile error otherwise. */
export type CheckedPath<Path extends string> = [Exclude<PlaceholdersOf<Path>, PathParamKey>] extends [never]
  ? unknown
  : { readonly 'unknown path parameter': Exclude<PlaceholdersOf<Path>, PathParamKey> };
/** `{ accountId: string; athleteId: IntegerId }` for `'/sports/accounts/{accountId}/athletes/{athleteId}'`. */
export type PathParamsOf<Path extends string> = {
  readonly [K in PlaceholdersOf<Path> & PathParamKey]: PathParamType<K>;
};

function accountIdSegment(value: unknown, name: string): string {
  if (typeof value === 'string' && ACCOUNT_ID.test(value)) return value;
  throw new InvalidArgumentError(name, `must be an account id like "3-12345", got ${show(value)}`);
}

function integerIdSegment(value: unknown, name: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && DIGITS.test(value) && Number.isSafeInteger(Number(value))) {
    return String(Number(value));
  }
  throw new InvalidArgumentError(name, `must be a non-negative integer id, got ${show(value)}`);
}

/**
 * Fills `{name}` placeholders with validated, encoded values. Throws {@link InvalidArgumentError}
 * before anything is sent, so a bad id can never address another path.
 */
export function buildPath(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const segment = PATH_PARAMS[name as PathParamKey];
    if (!segment) throw new Error(`Unknown path parameter {${name}} in ${template}`);
    return encodeURIComponent(segment(params[name], name));
  });
}

// ---- query parameters ----

type QueryValue = string | boolean;
interface QueryCodec {
  /** The name on the wire, when it differs. */
  readonly wire?: string;
  readonly encode: (value: unknown, name: string) => QueryValue;
}

/** With `Z` or a numeric offset: a string without one would be read in an unknown time zone. */
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function time(value: unknown, name: string): string {
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    const date = value as Date;
    if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(name, 'is an Invalid Date');
    return date.toISOString();
  }
  if (typeof value === 'string' && ZONED_DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(name, `is not a valid date-time: ${show(value)}`);
    // UTC strings go out as given; offsets are converted, since the API documents only UTC.
    return value.endsWith('Z') && value.includes('T') ? value : new Date(ms).toISOString();
  }
  throw new InvalidArgumentError(
    name,
    `must be a Date or an ISO 8601 date-time with Z or an offset (e.g. "2024-02-01T12:00:00Z"), got ${show(value)}`,
  );
}

function text(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new InvalidArgumentError(name, `must be a non-empty string, got ${show(value)}`);
}

function list(value: unknown, name: string): string {
  if (typeof value === 'string') return text(value, name);
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidArgumentError(
      name,
      `must be a non-empty string or a non-empty array of strings, got ${show(value)}`,
    );
  }
  return value
    .map((item: unknown, index) => {
      const entry = text(item, `${name}[${index}]`);
      if (entry.includes(','))
        throw new InvalidArgumentError(`${name}[${index}]`, 'must not contain a comma');
      return entry;
    })
    .join(',');
}

function oneOf(allowed: readonly string[]) {
  return (value: unknown, name: string): string => {
    if (typeof value === 'string' && allowed.includes(value)) return value;
    throw new InvalidArgumentError(name, `must be one of ${allowed.join(', ')}, got ${show(value)}`);
  };
}

function bool(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new InvalidArgumentError(name, `must be a boolean, got ${show(value)}`);
}

const QUERY_PARAMS: Record<QueryKey, QueryCodec> = {
  fromTime: { encode: time },
  toTime: { encode: time },
  measurementType: { encode: oneOf(MEASUREMENT_TYPES) },
  sportsType: { encode: list },
  eventType: { encode: list },
  exerciseType: { encode: text },
  type: { encode: text },
  includeLaps: { encode: bool },
  vars: { wire: 'var', encode: list },
  format: { encode: oneOf(['binary', 'list']) },
};

/** Validates and serialises the query parameters `keys` of `params`; absent ones are left out. */
export function buildQuery(
  keys: readonly QueryKey[],
  params: Readonly<Record<string, unknown>>,
): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const key of keys) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    const codec = QUERY_PARAMS[key];
    query[codec.wire ?? key] = codec.encode(value, key);
  }
  const { fromTime, toTime } = query;
  if (
    typeof fromTime === 'string' &&
    typeof toTime === 'string' &&
    Date.parse(fromTime) > Date.parse(toTime)
  ) {
    throw new InvalidArgumentError('toTime', 'must not be before fromTime');
  }
  return query;
}

/** Parameters must be an object: catches `get('3-1', 7)`-style calls from JavaScript. */
export function requireParams(params: unknown, operation: string): Readonly<Record<string, unknown>> {
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    return params as Readonly<Record<string, unknown>>;
  }
  throw new InvalidArgumentError('params', `${operation} takes an object of parameters, got ${show(params)}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
