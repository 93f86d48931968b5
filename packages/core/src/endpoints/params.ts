import { InvalidArgumentError } from '../errors';
import { type KnownMeasurementType, MEASUREMENT_TYPES } from './schemas/primitives';

/**
 * An integer id (`athleteId`, `teamId`, …): a safe integer, as the spec types it, or a string of decimal
 * digits with an optional `-` (ids read from a URL or a CSV). Normalised to its decimal form before use.
 */
export type IntegerId = number | string;

export interface AccountParams {
  /**
   * The customer account, e.g. `"3-12345"` (from `accounts.list()`). The spec types it as a plain string, so
   * any string is taken that is a safe path segment (see `PATH_PARAMS`); it is sent percent-encoded.
   */
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

const INTEGER = /^-?\d+$/;
/** Longer string ids are not ids: bounded like every input from outside. */
const MAX_ID_LENGTH = 256;
/** C0 and C1 controls and DEL: never part of an id, and dangerous in a URL or a log line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** What could climb out of or split a path segment once a server or proxy decodes it: `/`, `\`, `%2F`, `%5C`, `%2E`. */
const PATH_ESCAPE = /[/\\]|%(?:2f|5c|2e)/i;

/**
 * How each path parameter is validated: `accountId` is a string (spec) that must be a safe path segment — not
 * empty or blank, no `/` or `\`, not `.` or `..`, no `%2F`/`%5C`/`%2E`, no control character or lone
 * surrogate, at most 256 characters; the others are integers (spec). Every segment is then percent-encoded.
 */
export const PATH_PARAMS = {
  accountId: stringIdSegment,
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

function stringIdSegment(value: unknown, name: string): string {
  const problem = segmentProblem(value);
  if (problem === undefined) return value as string;
  throw new InvalidArgumentError(
    name,
    `must be an id usable as a URL path segment: ${problem}, got ${show(value)}`,
  );
}

function segmentProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  if (value.trim() === '') return 'empty';
  if (value.length > MAX_ID_LENGTH) return `longer than ${MAX_ID_LENGTH} characters`;
  if (value === '.' || value === '..') return 'a dot segment';
  if (PATH_ESCAPE.test(value)) return 'contains a path separator (/, \\, %2F, %5C) or an encoded dot';
  if (CONTROL.test(value)) return 'contains a control character';
  if (!isWellFormed(value)) return 'contains a lone surrogate';
  return undefined;
}

function integerIdSegment(value: unknown, name: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value === 0 ? 0 : value);
  if (typeof value === 'string' && INTEGER.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return String(n === 0 ? 0 : n);
  }
  throw new InvalidArgumentError(
    name,
    `must be an integer id (a safe integer or a string of digits), got ${show(value)}`,
  );
}

/** No lone UTF-16 surrogate: such a string has no UTF-8 form, so it cannot be sent (encodeURIComponent throws). */
function isWellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === 'function') return native.call(value);
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
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
const ZONED_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

function time(value: unknown, name: string): string {
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    const date = value as Date;
    if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(name, 'is an Invalid Date');
    return inYearRange(date.toISOString(), name, value);
  }
  const match = typeof value === 'string' ? ZONED_DATE_TIME.exec(value) : null;
  if (match) {
    const problem = fieldProblem(match);
    if (problem)
      throw new InvalidArgumentError(name, `is not a valid date-time (${problem}): ${show(value)}`);
    const ms = Date.parse(value as string);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(name, `is not a valid date-time: ${show(value)}`);
    const utc = inYearRange(new Date(ms).toISOString(), name, value);
    // UTC strings go out as given; offsets are converted, since the API documents only UTC.
    return (value as string).endsWith('Z') ? (value as string) : utc;
  }
  throw new InvalidArgumentError(
    name,
    `must be a Date or an ISO 8601 date-time with Z or an offset (e.g. "2024-02-01T12:00:00Z"), got ${show(value)}`,
  );
}

/** Range of each field: `Date.parse` rolls 2024-02-30 over to March 1st instead of rejecting it. */
function fieldProblem(match: RegExpExecArray): string | undefined {
  const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.map(Number);
  if (month! < 1 || month! > 12) return `month ${month}`;
  const days = new Date(Date.UTC(2000, month!, 0)).getUTCDate() - (month === 2 && !isLeapYear(year!) ? 1 : 0);
  if (day! < 1 || day! > days) return `day ${day} of a month with ${days} days`;
  if (hour! > 23) return `hour ${hour}`;
  if (minute! > 59) return `minute ${minute}`;
  if (second !== undefined && !Number.isNaN(second) && second > 59) return `second ${second}`;
  if (!Number.isNaN(offsetHour!) && (offsetHour! > 23 || offsetMinute! > 59)) return 'offset';
  return undefined;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** RFC 3339 years are 0000–9999; `toISOString` writes others as `+010000-…` or `-000001-…`. */
function inYearRange(iso: string, name: string, value: unknown): string {
  if (/^\d{4}-/.test(iso)) return iso;
  throw new InvalidArgumentError(name, `must fall in the years 0000–9999 (in UTC), got ${show(value)}`);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(name, `must be a non-empty string, got ${show(value)}`);
  }
  if (!isWellFormed(value))
    throw new InvalidArgumentError(name, 'contains a lone surrogate (not valid Unicode)');
  if (CONTROL.test(value)) throw new InvalidArgumentError(name, 'contains a control character');
  return value;
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
