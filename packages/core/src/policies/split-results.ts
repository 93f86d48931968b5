import type { ResultsFormat } from '../endpoints/params';
import type { Measurement, MeasurementResults, Session, SessionResults } from '../endpoints/schemas';
import { DEFAULT_RESULT_VARIABLES } from '../endpoints/variables';
import {
  AbortError,
  AnalysisFailedError,
  ConfigurationError,
  GatewayTimeoutError,
  ResponseTooLargeError,
} from '../errors';
import { type Clock, systemClock } from '../internal/clock';
import { ClientEventEmitter, type ClientEvents } from '../internal/events';
import { linkedSignal } from '../transport/deadline';
import { packVariables, type ResultsKind, SizeEstimates } from './size-estimates';

/** The API's response limit: 6 MB (reference §9). */
export const DEFAULT_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
/** Share of the limit a request planned from size estimates may fill: estimates are not exact. */
export const ESTIMATE_HEADROOM = 0.8;
/** How many times one results call may be split in a row before it gives up. */
export const DEFAULT_MAX_SPLIT_DEPTH = 12;

/** What the split mechanism shares across the calls of one client. */
export interface ResultsSplitting {
  readonly events: ClientEventEmitter;
  readonly estimates: SizeEstimates;
  /** The API's response limit in bytes. */
  readonly limitBytes: number;
  readonly maxDepth: number;
  /** Runs the whole-call deadline of a split call (its parts each get the per-request one too). */
  readonly clock: Clock;
  /** The client's default total deadline in ms. */
  readonly deadline?: number;
}

export function createResultsSplitting(options: Partial<ResultsSplitting> = {}): ResultsSplitting {
  const limitBytes = options.limitBytes ?? DEFAULT_RESPONSE_LIMIT_BYTES;
  if (!(limitBytes > 0 && Number.isFinite(limitBytes))) {
    throw new ConfigurationError(`responseLimitBytes must be a positive number of bytes, got ${limitBytes}`);
  }
  return {
    events: options.events ?? new ClientEventEmitter(),
    estimates: options.estimates ?? new SizeEstimates(),
    limitBytes,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_SPLIT_DEPTH,
    clock: options.clock ?? systemClock,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  };
}

/** One results call as the split mechanism sees it. `B` is the validated, not yet decoded body. */
export interface SplitRequest<B> {
  readonly operation: string;
  readonly kind: ResultsKind;
  /** The caller's `vars` (deduplicated); `undefined` asks for the API's default set. */
  readonly vars: readonly string[] | undefined;
  readonly format: ResultsFormat | undefined;
  /** The caller's signal: aborts every part. */
  readonly signal?: AbortSignal;
  /** Total time in ms for the call, every part included (default: the client's). */
  readonly deadline?: number;
  /**
   * Sends one request through the client pipeline (auth, rate limit, retries, 202 polling), with
   * `signal` — which also fires when another part failed and the call is given up.
   */
  readonly fetch: (
    vars: readonly string[] | undefined,
    format: ResultsFormat | undefined,
    signal: AbortSignal,
  ) => Promise<B>;
  /** Another way to get one variable that is too large on its own (sessions: per athlete). */
  readonly oneVariable?: (
    variable: string,
    format: ResultsFormat,
    cause: ResponseTooLargeError,
    signal: AbortSignal,
  ) => Promise<B>;
  /** Why nothing more can be done when one variable alone is too large (added to the error message). */
  readonly oneVariableTooLarge?: string;
}

type Body = Record<string, unknown>;
type Variable = Record<string, unknown>;

/**
 * Fetches a results body, splitting the request when the response would be too large (413, or 419 of
 * spec 1.0.0; and 504 once its retries are spent), so the caller gets the complete result as if it had
 * not been split:
 *
 * 1. a `format: 'list'` request is first repeated as `binary` (same decoded result, far smaller);
 * 2. a request without `vars` is re-expressed as {@link DEFAULT_RESULT_VARIABLES};
 * 3. the `var` list is cut in halves, fetched concurrently and recursively, then merged — measurement
 *    results by concatenating `variables` (other fields from the first part), session results by
 *    `measurementId` — and the merged variables put in the API's order: scalars, then series, each by name;
 * 4. one variable still too large: `oneVariable` if given, else a {@link ResponseTooLargeError}.
 *
 * Every successful part teaches {@link SizeEstimates}; a later request whose variables are all known and
 * whose estimate exceeds {@link ESTIMATE_HEADROOM} of the limit is split before it is sent.
 */
export function fetchSplitResults<B>(splitting: ResultsSplitting, request: SplitRequest<B>): Promise<B> {
  return new SplitRun(splitting, request).start();
}

class SplitRun<B> {
  readonly #splitting: ResultsSplitting;
  readonly #request: SplitRequest<B>;
  readonly #budget: number;
  /** Fires on the caller's abort, the deadline, or when the call is given up (cancels the other parts). */
  readonly #cancel = new AbortController();

  constructor(splitting: ResultsSplitting, request: SplitRequest<B>) {
    this.#splitting = splitting;
    this.#request = request;
    this.#budget = splitting.limitBytes * ESTIMATE_HEADROOM;
  }

  async start(): Promise<B> {
    const { operation, signal } = this.#request;
    const deadline = this.#request.deadline ?? this.#splitting.deadline;
    const link = linkedSignal(this.#splitting.clock, deadline, signal, `${operation} (deadline)`);
    const forward = () => this.#cancel.abort(link.signal.reason);
    if (link.signal.aborted) forward();
    else link.signal.addEventListener('abort', forward, { once: true });
    try {
      return await this.#run();
    } catch (error) {
      this.#cancel.abort(new AbortError(`${operation}: cancelled, another part of the split call failed`));
      throw error;
    } finally {
      link.signal.removeEventListener('abort', forward);
      link.dispose();
    }
  }

  async #run(): Promise<B> {
    const { vars } = this.#request;
    let format = this.#request.format;
    if (format === 'list' && this.#listKnownTooLarge(vars)) format = 'binary';
    const parts = this.#plan(vars, format);
    if (!parts) return this.#attempt(vars, format, 0);
    this.#emit('estimate', parts.length);
    return this.#merge(await Promise.all(parts.map((part) => this.#attempt(part, format, 1))));
  }

  #listKnownTooLarge(vars: readonly string[] | undefined): boolean {
    const { estimates } = this.#splitting;
    const { kind } = this.#request;
    if (estimates.isListTooLarge(kind, vars)) return true;
    const estimate = estimates.estimate(kind, 'list', vars ?? DEFAULT_RESULT_VARIABLES);
    return estimate !== undefined && estimate.total > this.#budget;
  }

  /** Parts to send instead of one request, when every variable has an estimate and they add up too much. */
  #plan(vars: readonly string[] | undefined, format: ResultsFormat | undefined): string[][] | undefined {
    const names = vars ?? DEFAULT_RESULT_VARIABLES;
    const estimate = this.#splitting.estimates.estimate(this.#request.kind, format ?? 'binary', names);
    if (!estimate || estimate.total <= this.#budget) return undefined;
    const parts = packVariables(names, estimate, this.#budget);
    return parts && parts.length > 1 ? parts : undefined;
  }

  async #attempt(
    vars: readonly string[] | undefined,
    format: ResultsFormat | undefined,
    depth: number,
  ): Promise<B> {
    const { kind } = this.#request;
    try {
      const body = await this.#request.fetch(vars, format, this.#cancel.signal);
      this.#splitting.estimates.record(kind, format ?? 'binary', body, vars ?? DEFAULT_RESULT_VARIABLES);
      return body;
    } catch (error) {
      const tooLarge = error instanceof ResponseTooLargeError;
      if (!tooLarge && !(error instanceof GatewayTimeoutError)) throw error;
      if (depth >= this.#splitting.maxDepth) {
        throw giveUp(error, `${this.#request.operation}: still too large after splitting ${depth} times`);
      }
      if (format === 'list') {
        if (tooLarge) this.#splitting.estimates.markListTooLarge(kind, vars);
        return this.#attempt(vars, 'binary', depth + 1);
      }
      const names = vars ?? DEFAULT_RESULT_VARIABLES;
      if (names.length > 1) {
        const half = Math.ceil(names.length / 2);
        this.#emit('too-large', 2);
        const parts = [names.slice(0, half), names.slice(half)];
        return this.#merge(await Promise.all(parts.map((part) => this.#attempt(part, format, depth + 1))));
      }
      // One variable: a 504 has nothing left to split.
      if (!tooLarge) throw error;
      const [variable = ''] = names;
      if (this.#request.oneVariable) {
        const body = await this.#request.oneVariable(
          variable,
          format ?? 'binary',
          error,
          this.#cancel.signal,
        );
        this.#splitting.estimates.record(kind, format ?? 'binary', body, names);
        return body;
      }
      throw giveUp(
        error,
        `${this.#request.operation}: the variable ${variable} alone exceeds the response limit` +
          (this.#request.oneVariableTooLarge ? `; ${this.#request.oneVariableTooLarge}` : ''),
      );
    }
  }

  #emit(reason: ClientEvents['split']['reason'], parts: number): void {
    this.#splitting.events.emit('split', { operation: this.#request.operation, reason, parts });
  }

  #merge(parts: readonly B[]): B {
    return (
      this.#request.kind === 'measurement'
        ? mergeMeasurementResults(parts as readonly Body[])
        : mergeSessionResults(parts as readonly Body[])
    ) as B;
  }
}

/** The error to raise when splitting cannot help: a 413 gets the reason in its message. */
function giveUp(error: ResponseTooLargeError | GatewayTimeoutError, reason: string): Error {
  if (!(error instanceof ResponseTooLargeError)) return error;
  return new ResponseTooLargeError('response_too_large', `${reason} (${error.message})`, {
    cause: error,
    status: error.status,
    ...(error.request ? { request: error.request } : {}),
    ...(error.response ? { response: error.response } : {}),
    ...(error.consumerId ? { consumerId: error.consumerId } : {}),
  });
}

/** Measurement or lap results: every field from the first part, `variables` of all parts. */
export function mergeMeasurementResults(parts: readonly Body[]): Body {
  return { ...parts[0], variables: canonicalVariables(parts.map((part) => part.variables)) };
}

/** Session or session-lap results: `measurements` joined by `measurementId`, each with all its variables. */
export function mergeSessionResults(parts: readonly Body[]): Body {
  const merged = new Map<unknown, { entry: Body; variables: unknown[] }>();
  for (const part of parts) {
    const entries = Array.isArray(part.measurements) ? (part.measurements as unknown[]) : [];
    for (const item of entries) {
      if (!isObject(item)) continue;
      const known = merged.get(item.measurementId);
      if (!known) {
        merged.set(item.measurementId, { entry: { ...item }, variables: [item.variables] });
        continue;
      }
      for (const [key, value] of Object.entries(item)) if (!(key in known.entry)) known.entry[key] = value;
      known.variables.push(item.variables);
    }
  }
  const measurements = [...merged.values()].map(({ entry, variables }) => ({
    ...entry,
    variables: canonicalVariables(variables),
  }));
  return { ...parts[0], measurements };
}

/** The variables of several parts, each name once, in the API's order: scalars, then series, by name. */
function canonicalVariables(lists: readonly unknown[]): Variable[] {
  const byName = new Map<unknown, Variable>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const variable of list) {
      if (isObject(variable) && !byName.has(variable.name)) byName.set(variable.name, variable);
    }
  }
  const rank = (v: Variable) => ('type' in v || 'bits' in v || Array.isArray(v.value) ? 1 : 0);
  const name = (v: Variable) => String(v.name);
  return [...byName.values()].sort((a, b) => {
    const byKind = rank(a) - rank(b);
    if (byKind !== 0) return byKind;
    const x = name(a);
    const y = name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where the per-athlete fallback of a session result gets its data (all through the client). */
export interface PerAthleteSource {
  /** The team's sessions, every page. */
  readonly sessions: (signal: AbortSignal) => AsyncIterable<Session>;
  /** An athlete's measurements starting in [fromTime, toTime). */
  readonly measurements: (
    athleteId: number,
    fromTime: string | undefined,
    toTime: string | undefined,
    signal: AbortSignal,
  ) => Promise<readonly Measurement[]>;
  /** One measurement's results for one variable (validated, not decoded). */
  readonly results: (
    athleteId: number,
    measurementId: number,
    variable: string,
    format: ResultsFormat,
    signal: AbortSignal,
  ) => Promise<MeasurementResults>;
}

const DAY_MS = 86_400_000;
const SESSION_ENTRY_FIELDS = [
  'startTime',
  'startTimeLocal',
  'endTime',
  'endTimeLocal',
  'exerciseType',
  'sportsType',
  'eventType',
  'notes',
] as const;

/**
 * A session's results for one variable, rebuilt from its athletes' measurement results: for a session
 * too large even for one variable. Finds the session in `sessions.list` (its athletes and time span),
 * each athlete's measurements of that session (listed from a day before its start to a second after its
 * end), and their results. Measurements whose analysis failed (204) are left out, as the API does.
 */
export async function perAthleteSessionResults(
  splitting: ResultsSplitting,
  operation: string,
  sessionId: number,
  variable: string,
  format: ResultsFormat,
  source: PerAthleteSource,
  cause: ResponseTooLargeError,
  signal: AbortSignal,
): Promise<SessionResults> {
  let session: Session | undefined;
  for await (const item of source.sessions(signal)) {
    if (item.sessionId === sessionId) {
      session = item;
      break;
    }
  }
  if (!session) {
    throw giveUp(
      cause,
      `${operation}: the variable ${variable} alone exceeds the response limit, and session ${sessionId} is not in sessions.list to fetch it per athlete`,
    );
  }
  const start = timeOf(session.startTime);
  const end = timeOf(session.endTime);
  const fromTime = start === undefined ? undefined : new Date(start - DAY_MS).toISOString();
  const toTime = end === undefined ? undefined : new Date(end + 1_000).toISOString();
  const athleteIds = [...new Set(session.athleteIds ?? [])];
  const listed = await Promise.all(athleteIds.map((id) => source.measurements(id, fromTime, toTime, signal)));
  const measurements = listed.flat().filter((m) => m.sessionId === sessionId);
  if (measurements.length === 0) {
    throw giveUp(
      cause,
      `${operation}: the variable ${variable} alone exceeds the response limit, and no measurement of session ${sessionId} was found to fetch it per athlete`,
    );
  }
  splitting.events.emit('split', { operation, reason: 'per-athlete', parts: measurements.length });
  const results = await Promise.all(
    measurements.map((m) =>
      source.results(m.athleteId, m.measurementId, variable, format, signal).catch((error: unknown) => {
        if (error instanceof AnalysisFailedError) return undefined;
        throw error;
      }),
    ),
  );
  const entries: SessionResults['measurements'] = [];
  measurements.forEach((listedMeasurement, i) => {
    const result = results[i];
    if (result) entries.push(sessionEntry(result, listedMeasurement, sessionId));
  });
  return { measurements: entries };
}

/** A session-results entry from a measurement's results (no `measurementType`), gaps filled from its listing. */
function sessionEntry(
  result: MeasurementResults,
  listed: Measurement,
  sessionId: number,
): SessionResults['measurements'][number] {
  const entry: SessionResults['measurements'][number] = {
    athleteId: result.athleteId,
    sessionId,
    measurementId: result.measurementId,
    variables: result.variables,
  };
  const target = entry as Record<string, unknown>;
  for (const key of SESSION_ENTRY_FIELDS) {
    const value = result[key] ?? listed[key];
    if (value !== undefined) target[key] = value;
  }
  return entry;
}

/** Milliseconds of an API date-time; one without a zone is UTC, as the API's `…Time` fields are. */
function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const zoned = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T').replace(',', '.'));
  return Number.isNaN(ms) ? undefined : ms;
}
