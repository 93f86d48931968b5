// The entry of the results path: ./README.md walks a results call from the resource method to the wire.
import {
  AbortError,
  AnalysisFailedError,
  ConfigurationError,
  GatewayTimeoutError,
  ResponseTooLargeError,
} from '../../errors';
import { abortReason, type Clock, DAY_MS, systemClock } from '../../internal/clock';
import { ClientEventEmitter, type ClientEvents } from '../../internal/events';
import { isObject } from '../../internal/is-object';
import { linkedSignal } from '../../transport/deadline';
import type { ResultsFormat } from '../params';
import type { Measurement, MeasurementResults, Session, SessionResults } from '../schemas';
import { DEFAULT_RESULT_VARIABLES } from '../variables';
import { LearningGate } from './learning-gate';
import { type Outlook, type ResultsKind, SizeEstimates } from './size-estimates';
import { planParts, wholeOverChance } from './split-planner';

/** The API's response limit: 6 MB (reference §9). */
export const DEFAULT_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
/** How many times one results call may be split in a row before it gives up. */
const DEFAULT_MAX_SPLIT_DEPTH = 12;

/** What the split mechanism shares across the calls of one client. */
export interface ResultsSplitting {
  readonly events: ClientEventEmitter;
  readonly estimates: SizeEstimates;
  /** Holds requests of unknown size while the first of their kind finds out. */
  readonly gate: LearningGate;
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
    gate: options.gate ?? new LearningGate(),
    limitBytes,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_SPLIT_DEPTH,
    clock: options.clock ?? systemClock,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  };
}

/** One results call as the split mechanism sees it. `B` is the validated, not yet decoded body. */
export interface SplitRequest<B> {
  /** The operation: also what size estimates are kept per (a session and its laps differ in size). */
  readonly operation: string;
  readonly kind: ResultsKind;
  /** The caller's `vars` (deduplicated); `undefined` asks for the API's default set. */
  readonly vars: readonly string[] | undefined;
  readonly format: ResultsFormat | undefined;
  /** Session results: how many athletes the session has, when the caller knows (its roster). */
  readonly athletes?: number;
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
 * 3. the `var` list is cut into parts balanced by the learnt (or, before anything is learnt, assumed:
 *    scalars small, series large) size of each variable, knowing the whole is over the limit; the parts
 *    are fetched concurrently and split again if need be (each part asks fewer variables than the
 *    request it came from, so no request is ever repeated), then merged: measurement results by
 *    concatenating `variables` (other fields from the first part), session results by `measurementId`,
 *    and the merged variables put in the API's order: scalars, then series, each by name;
 * 4. one variable still too large: `oneVariable` if given, else a {@link ResponseTooLargeError}.
 *
 * Every complete result teaches {@link SizeEstimates}; a later request is split before it is sent when
 * its expected size needs more than one part (see `planParts`). While nothing is
 * known of a request's size, the first request of its operation goes alone and the others wait for it
 * ({@link LearningGate}).
 */
export function fetchSplitResults<B>(splitting: ResultsSplitting, request: SplitRequest<B>): Promise<B> {
  return new SplitRun(splitting, request).start();
}

class SplitRun<B> {
  readonly #splitting: ResultsSplitting;
  readonly #request: SplitRequest<B>;
  /** Fires on the caller's abort, the deadline, or when the call is given up (cancels the other parts). */
  readonly #cancel = new AbortController();
  /** Formats the successful parts came in (a result is learnt from only when there is one). */
  readonly #formats = new Set<ResultsFormat>();
  /** Parts made by `oneVariable` (their entries in its order, not the API's): merged after the others. */
  readonly #rebuilt = new WeakSet<object>();

  constructor(splitting: ResultsSplitting, request: SplitRequest<B>) {
    this.#splitting = splitting;
    this.#request = request;
  }

  async start(): Promise<B> {
    const { operation, signal } = this.#request;
    const deadline = this.#request.deadline ?? this.#splitting.deadline;
    const link = linkedSignal(this.#splitting.clock, deadline, signal, `${operation} (deadline)`);
    const forward = () => this.#cancel.abort(link.signal.reason);
    if (link.signal.aborted) forward();
    else link.signal.addEventListener('abort', forward, { once: true });
    let release: ((learned: boolean) => void) | undefined;
    let learned = false;
    try {
      release = await this.#splitting.gate.enter(operation, () => this.#known(), this.#cancel.signal);
      const body = await this.#run();
      learned = this.#learn(body);
      return body;
    } catch (error) {
      this.#cancel.abort(new AbortError(`${operation}: cancelled, another part of the split call failed`));
      throw error;
    } finally {
      release?.(learned);
      link.signal.removeEventListener('abort', forward);
      link.dispose();
    }
  }

  /** The format the call starts with: `list` goes as `binary` when list is known to be too large. */
  #format(): ResultsFormat | undefined {
    const { format, vars } = this.#request;
    if (format !== 'list') return format;
    if (this.#splitting.estimates.isListTooLarge(this.#request.operation, vars)) return 'binary';
    const chance = wholeOverChance(this.#outlook(vars ?? DEFAULT_RESULT_VARIABLES, 'list'), this.#limit);
    return chance !== undefined && chance > 0.5 ? 'binary' : 'list';
  }

  get #limit(): number {
    return this.#splitting.limitBytes;
  }

  #outlook(names: readonly string[], format: ResultsFormat | undefined): Outlook {
    const { operation, kind, athletes } = this.#request;
    return this.#splitting.estimates.outlook(operation, kind, format ?? 'binary', names, athletes);
  }

  /** Whether the request's size can be told from what was learnt (else it waits at the gate). */
  #known(): boolean {
    const outlook = this.#outlook(this.#request.vars ?? DEFAULT_RESULT_VARIABLES, this.#format());
    return outlook.scenarios.length > 0 && outlook.unknown.length === 0;
  }

  async #run(): Promise<B> {
    const { vars } = this.#request;
    const format = this.#format();
    const outlook = this.#outlook(vars ?? DEFAULT_RESULT_VARIABLES, format);
    const parts = wholeOverChance(outlook, this.#limit) ? planParts(outlook, this.#limit) : [];
    if (parts.length < 2) return this.#attempt(vars, format, 0);
    this.#emit('estimate', parts.length);
    return this.#fetchParts(parts, format, 1);
  }

  /** Fetches the parts concurrently (each split further as needed) and merges them. */
  async #fetchParts(
    parts: readonly string[][],
    format: ResultsFormat | undefined,
    depth: number,
  ): Promise<B> {
    return this.#merge(await Promise.all(parts.map((part) => this.#attempt(part, format, depth))));
  }

  /** Records the complete result; `true` when it taught something. */
  #learn(body: B): boolean {
    if (this.#formats.size !== 1) return false;
    const [format = 'binary'] = this.#formats;
    const { operation, kind, vars } = this.#request;
    return this.#splitting.estimates.record(operation, kind, format, body, vars ?? DEFAULT_RESULT_VARIABLES);
  }

  /** One request for `vars`, split further as needed (the parts at `depth + 1`). */
  async #attempt(
    vars: readonly string[] | undefined,
    format: ResultsFormat | undefined,
    depth: number,
  ): Promise<B> {
    try {
      return await this.#send(vars, format);
    } catch (error) {
      return this.#recover(error, vars, format, depth);
    }
  }

  async #send(vars: readonly string[] | undefined, format: ResultsFormat | undefined): Promise<B> {
    const { signal } = this.#cancel;
    if (signal.aborted) throw abortReason(signal);
    const body = await this.#request.fetch(vars, format, signal);
    this.#formats.add(format ?? 'binary');
    return body;
  }

  /** After the request for `vars` failed with `error`: what splitting can do about it, else `error`. */
  async #recover(
    error: unknown,
    vars: readonly string[] | undefined,
    format: ResultsFormat | undefined,
    depth: number,
  ): Promise<B> {
    const tooLarge = error instanceof ResponseTooLargeError;
    if (!tooLarge && !(error instanceof GatewayTimeoutError)) throw error;
    if (depth >= this.#splitting.maxDepth) {
      throw giveUp(error, `${this.#request.operation}: still too large after splitting ${depth} times`);
    }
    if (format === 'list') {
      if (tooLarge) this.#splitting.estimates.markListTooLarge(this.#request.operation, vars);
      return this.#attempt(vars, 'binary', depth + 1);
    }
    const names = vars ?? DEFAULT_RESULT_VARIABLES;
    if (names.length > 1) {
      // Known now: this request is over the limit (a 504 with its retries spent is taken as such too).
      const parts = planParts(this.#outlook(names, format), this.#limit, { above: true });
      this.#emit('too-large', parts.length);
      return this.#fetchParts(parts, format, depth + 1);
    }
    // One variable: a 504 has nothing left to split.
    if (!tooLarge) throw error;
    const [variable = ''] = names;
    if (this.#request.oneVariable) {
      const body = await this.#request.oneVariable(variable, format ?? 'binary', error, this.#cancel.signal);
      this.#formats.add(format ?? 'binary');
      this.#rebuilt.add(body as object);
      return body;
    }
    throw giveUp(
      error,
      `${this.#request.operation}: the variable ${variable} alone exceeds the response limit` +
        (this.#request.oneVariableTooLarge ? `; ${this.#request.oneVariableTooLarge}` : ''),
    );
  }

  #emit(reason: ClientEvents['split']['reason'], parts: number): void {
    this.#splitting.events.emit('split', { operation: this.#request.operation, reason, parts });
  }

  /** The parts merged, those answered by the API first (they give the order of entries and the fields). */
  #merge(parts: readonly B[]): B {
    const rebuilt = (part: B) => this.#rebuilt.has(part as object);
    const ordered = [...parts.filter((part) => !rebuilt(part)), ...parts.filter(rebuilt)] as Body[];
    const merged = (
      this.#request.kind === 'measurement' ? mergeMeasurementResults(ordered) : mergeSessionResults(ordered)
    ) as B;
    if (parts.every(rebuilt)) this.#rebuilt.add(merged as object);
    return merged;
  }
}

/** The error to raise when splitting cannot help: a 413 gets the reason in its message. */
function giveUp(error: ResponseTooLargeError | GatewayTimeoutError, reason: string): Error {
  if (!(error instanceof ResponseTooLargeError)) return error;
  return new ResponseTooLargeError(`${reason} (${error.message})`, {
    cause: error,
    status: error.status,
    ...(error.request ? { request: error.request } : {}),
    ...(error.response ? { response: error.response } : {}),
    ...(error.consumerId ? { consumerId: error.consumerId } : {}),
  });
}

/** Measurement or lap results: every field from the first part, `variables` of all parts. */
function mergeMeasurementResults(parts: readonly Body[]): Body {
  return { ...parts[0], variables: canonicalVariables(parts.map((part) => part.variables)) };
}

/** Session or session-lap results: `measurements` joined by `measurementId`, each with all its variables. */
function mergeSessionResults(parts: readonly Body[]): Body {
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
