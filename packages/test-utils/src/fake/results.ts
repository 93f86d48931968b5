import { buildVariables, durationSec, type ResultsFormat, type ResultsScope } from '../data/results';
import type { Dataset, SeededMeasurement } from '../data/seed';
import type { MeasurementSignals } from '../data/signals';
import type { MeasurementLap, TimeRange } from '../data/types';
import { SCALARS, SERIES } from '../data/variables';
import { type AccountIndex, resolveTeam } from './data-index';
import { fail, ok, type Reply } from './reply';
import { headerSafe } from './respond';
import type { RouteParams } from './router';

/**
 * The four results endpoints (reference §4 #11, #12, #19, #20; §8.2 for 202/204). A "cold" analysis
 * answers 202 to its first `coldPolls` requests and 200 afterwards, counted per analysed subject: a
 * measurement (its results and its laps' results) or a session (its results and its laps'). A failed
 * measurement answers 204; session results list only the analysed measurements and answer 204 only
 * when none was.
 */

export interface ResultsDeps {
  seed: number;
  data: Dataset;
  coldPolls: number;
  polls: Map<string, number>;
  signals: (m: SeededMeasurement) => MeasurementSignals;
}

interface ResultsQuery {
  names?: string[];
  format: ResultsFormat;
  /** Named in `var` but not a documented variable. */
  unknown: string[];
}

const KNOWN = new Set([...SCALARS, ...SERIES].map((spec) => spec.name));

/**
 * The spec lists no 400 for the results endpoints (codes 202, 204, 401, 403, 404, 413, 429), so an unknown
 * `var` name cannot be an error: like a name that does not apply, it is left out. So that this is not
 * silent, the fake names them in `x-fake-unknown-var`.
 */
function withUnknown(reply: Reply, q: ResultsQuery): Reply {
  if (q.unknown.length === 0) return reply;
  return { ...reply, headers: { ...reply.headers, 'x-fake-unknown-var': headerSafe(q.unknown.join(',')) } };
}

function parseQuery(query: URLSearchParams): ResultsQuery | Reply {
  const format = query.get('format') ?? 'binary';
  if (format !== 'binary' && format !== 'list')
    return fail(400, `format must be binary or list, not ${format}`);
  const names = (query.get('var') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = [...new Set(names)].filter((name) => !KNOWN.has(name));
  return names.length > 0 ? { names: [...new Set(names)], format, unknown } : { format, unknown };
}

/** 202 while a cold subject has been polled at most `coldPolls` times. */
function stillCold(deps: ResultsDeps, key: string, cold: boolean): Reply | undefined {
  if (!cold) return undefined;
  const seen = deps.polls.get(key) ?? 0;
  if (seen >= deps.coldPolls) return undefined;
  deps.polls.set(key, seen + 1);
  return { status: 202, reason: `analysis in progress (poll ${seen + 1} of ${deps.coldPolls})` };
}

function descriptors(m: SeededMeasurement) {
  return {
    ...(m.exerciseType === undefined ? {} : { exerciseType: m.exerciseType }),
    ...(m.sportsType === undefined ? {} : { sportsType: m.sportsType }),
    ...(m.eventType === undefined ? {} : { eventType: m.eventType }),
    ...(m.notes === undefined ? {} : { notes: m.notes }),
  };
}

const range = (r: TimeRange): TimeRange => ({
  startTime: r.startTime,
  startTimeLocal: r.startTimeLocal,
  endTime: r.endTime,
  endTimeLocal: r.endTimeLocal,
});

/** A lap's span as seconds from the measurement start, clipped to the measurement. */
function windowOf(m: SeededMeasurement, lap: TimeRange): { t0: number; t1: number } {
  const start = Date.parse(m.startTime);
  const d = durationSec(m);
  const clip = (t: string) => Math.min(d, Math.max(0, Math.round((Date.parse(t) - start) / 1000)));
  return { t0: clip(lap.startTime), t1: clip(lap.endTime) };
}

function variables(
  deps: ResultsDeps,
  m: SeededMeasurement,
  scope: ResultsScope,
  q: ResultsQuery,
  window?: { t0: number; t1: number },
) {
  return buildVariables({
    seed: deps.seed,
    measurement: m,
    scope,
    format: q.format,
    signals: deps.signals(m),
    ...(q.names ? { names: q.names } : {}),
    ...(window ? { window } : {}),
  });
}

export async function measurementResults(
  deps: ResultsDeps,
  idx: AccountIndex,
  params: RouteParams,
  query: URLSearchParams,
): Promise<Reply> {
  const athleteId = params.athleteId as number;
  const m = idx.measurements.get(params.measurementId as number);
  if (!idx.athletes.has(athleteId)) return fail(404, 'unknown athlete');
  if (!m || m.athleteId !== athleteId) return fail(404, 'unknown measurement');
  let lap: MeasurementLap | undefined;
  if (params.lapId !== undefined) {
    lap = m.laps.find((l) => l.lapId === params.lapId);
    if (!lap) return fail(404, 'unknown lap');
  }
  const q = parseQuery(query);
  if ('status' in q) return q;
  const state = deps.data.analysis.measurements.get(m.measurementId) ?? 'ready';
  const cold = stillCold(deps, `measurement:${m.measurementId}`, state === 'cold');
  if (cold) return cold;
  if (state === 'failed') return { status: 204, reason: 'analysis failed' };

  const head = {
    athleteId: m.athleteId,
    measurementId: m.measurementId,
    sessionId: m.sessionId,
  };
  if (!lap) {
    return withUnknown(
      ok({
        ...head,
        ...range(m),
        measurementType: m.measurementType,
        ...descriptors(m),
        variables: await variables(deps, m, 'measurement', q),
      }),
      q,
    );
  }
  return withUnknown(
    ok({
      ...head,
      lapId: lap.lapId,
      name: lap.name,
      ...range(lap),
      measurementType: m.measurementType,
      ...descriptors(m),
      variables: await variables(deps, m, 'lap', q, windowOf(m, lap)),
    }),
    q,
  );
}

export async function sessionResults(
  deps: ResultsDeps,
  idx: AccountIndex,
  params: RouteParams,
  query: URLSearchParams,
): Promise<Reply> {
  const scope = resolveTeam(idx, params.teamId as number);
  if (!scope) return fail(404, 'unknown team');
  const session = idx.sessions.get(params.sessionId as number);
  if (!session || !scope.ownsSession(session)) return fail(404, 'unknown session');
  const lap = params.lapId === undefined ? undefined : session.laps.find((l) => l.lapId === params.lapId);
  if (params.lapId !== undefined && !lap) return fail(404, 'unknown lap');
  const q = parseQuery(query);
  if ('status' in q) return q;
  const cold = stillCold(
    deps,
    `session:${session.sessionId}`,
    deps.data.analysis.sessions.get(session.sessionId) === 'cold',
  );
  if (cold) return cold;

  const members = idx.measurementsBySession.get(session.sessionId) ?? [];
  const analysed = members.filter(
    (m) =>
      deps.data.analysis.measurements.get(m.measurementId) !== 'failed' &&
      (!lap || lap.athleteIds.includes(m.athleteId)),
  );
  if (analysed.length === 0) return { status: 204, reason: 'no measurement of the session was analysed' };

  const measurements = await Promise.all(
    analysed.map(async (m) => {
      const head = { athleteId: m.athleteId, sessionId: session.sessionId, measurementId: m.measurementId };
      if (!lap) {
        return { ...head, ...range(m), ...descriptors(m), variables: await variables(deps, m, 'session', q) };
      }
      return {
        sessionId: session.sessionId,
        lapId: lap.lapId,
        athleteId: m.athleteId,
        measurementId: m.measurementId,
        name: lap.name,
        ...range(lap),
        ...descriptors(m),
        variables: await variables(deps, m, 'sessionLap', q, windowOf(m, lap)),
      };
    }),
  );
  return withUnknown(ok({ measurements }), q);
}
