import type { Decoded } from '../decoders/types';
import { InvalidArgumentError } from '../errors';
import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineList, defineResults, type OneVariableFallback, RESULTS_QUERY } from './define';
import { listMeasurements, measurementResults } from './measurements';
import {
  PATH_PARAMS,
  type SessionLapResultsParams,
  type SessionListParams,
  type SessionResultsParams,
} from './params';
import { ResultsResource } from './resource';
import { type PerAthleteSource, perAthleteSessionResults } from './results/split-results';
import {
  type Session,
  type SessionLapResults,
  type SessionResults,
  sessionLapResultsSchema,
  sessionResultsSchema,
  sessionsPageSchema,
} from './schemas';

const SESSIONS = '/sports/accounts/{accountId}/teams/{teamId}/sessions';

const list = defineList({
  operation: 'sessions.list',
  path: SESSIONS,
  query: ['fromTime', 'toTime', 'type', 'sportsType', 'eventType', 'includeLaps'],
  response: sessionsPageSchema,
  items: 'sessions',
  id: (session) => session.sessionId,
});
const results = defineResults({
  operation: 'sessions.results',
  path: `${SESSIONS}/{sessionId}/results`,
  query: RESULTS_QUERY,
  response: sessionResultsSchema,
  kind: 'session',
  fromRequest: ['sessionId'],
});
const lapResults = defineResults({
  operation: 'sessions.lapResults',
  path: `${SESSIONS}/{sessionId}/laps/{lapId}/results`,
  query: RESULTS_QUERY,
  response: sessionLapResultsSchema,
  kind: 'session',
  fromRequest: ['sessionId', 'lapId'],
  oneVariableTooLarge:
    'session lap results have no per-athlete fallback (a lap of a session and the laps of its measurements have different ids); fetch measurements.lapResults per athlete instead',
});

/** Session results, plus the athletes of the roster that have none (when the roster was given). */
export type WithMissingAthletes<B> = B & {
  /** Athletes of `params.athleteIds` without an entry: their analysis failed (the API leaves them out). */
  readonly missingAthleteIds?: readonly number[];
};

/** The roster holds athlete ids as the path takes them: integers (the spec's type) or digit strings. */
function checkRoster(roster: readonly (number | string)[] | undefined): void {
  if (roster === undefined) return;
  if (!Array.isArray(roster)) throw new InvalidArgumentError('athleteIds', 'must be a list of athlete ids');
  for (const [index, id] of roster.entries()) PATH_PARAMS.athleteId(id, `athleteIds[${index}]`);
}

function withMissingAthletes<B extends { readonly measurements?: readonly { readonly athleteId: number }[] }>(
  body: B,
  roster: readonly (number | string)[] | undefined,
): WithMissingAthletes<B> {
  if (!roster) return body;
  const present = new Set((body.measurements ?? []).map((m) => m.athleteId));
  const missingAthleteIds = [...new Set(roster.map(Number))].filter((id) => !present.has(id));
  return { ...body, missingAthleteIds };
}

export class Sessions extends ResultsResource {
  /**
   * A team's sessions (coaches create them by hand, so recent ones may appear late), filtered by start
   * time and the other filters combined.
   */
  list(params: SessionListParams, options?: CallOptions): PagedList<Session> {
    return list(this.transport, params, options);
  }

  /**
   * Results of every analysed athlete measurement in the session, time series decoded. A response over
   * the API's size limit is fetched in parts and merged; a single variable still too large for the whole
   * session is fetched per athlete from `measurements.results` and assembled into the same shape.
   */
  async results(
    params: SessionResultsParams,
    options?: CallOptions,
  ): Promise<WithMissingAthletes<Decoded<SessionResults>>> {
    checkRoster(params.athleteIds);
    const body = await results(this.resultsContext, params, options, this.#perAthlete(params, options));
    return withMissingAthletes(body, params.athleteIds);
  }

  /** Results of one lap of the session, per athlete measurement, time series decoded (split like `results`). */
  async lapResults(
    params: SessionLapResultsParams,
    options?: CallOptions,
  ): Promise<WithMissingAthletes<Decoded<SessionLapResults>>> {
    checkRoster(params.athleteIds);
    return withMissingAthletes(await lapResults(this.resultsContext, params, options), params.athleteIds);
  }

  #perAthlete(params: SessionResultsParams, options?: CallOptions): OneVariableFallback<SessionResults> {
    const context = this.resultsContext;
    const { accountId, teamId, sessionId } = params;
    // Within the session call's own deadline and cancellation, passed in as `signal`.
    const { deadline: _deadline, ...rest } = options ?? {};
    const source: PerAthleteSource = {
      sessions: (signal) => list(context.transport, { accountId, teamId }, { ...rest, signal }),
      measurements: (athleteId, fromTime, toTime, signal) =>
        listMeasurements(
          context.transport,
          { accountId, athleteId, ...(fromTime ? { fromTime } : {}), ...(toTime ? { toTime } : {}) },
          { ...rest, signal },
        ).toArray(),
      results: (athleteId, measurementId, variable, format, signal) =>
        measurementResults.raw(
          context,
          { accountId, athleteId, measurementId, vars: [variable], format },
          { ...rest, signal },
        ),
    };
    return (variable, format, cause, signal) =>
      perAthleteSessionResults(
        context.splitting,
        'sessions.results',
        Number(sessionId),
        variable,
        format,
        source,
        cause,
        signal,
      );
  }
}
