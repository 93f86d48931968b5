import type { Decoded } from '../decoders';
import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineList, defineResults } from './define';
import type { SessionLapResultsParams, SessionListParams, SessionResultsParams } from './params';
import { APIResource } from './resource';
import {
  type Session,
  type SessionLapResults,
  type SessionResults,
  sessionLapResultsSchema,
  sessionResultsSchema,
  sessionsPageSchema,
} from './schemas';

const SESSIONS = '/sports/accounts/{accountId}/teams/{teamId}/sessions';
const RESULTS_QUERY = ['vars', 'format'] as const;

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
});
const lapResults = defineResults({
  operation: 'sessions.lapResults',
  path: `${SESSIONS}/{sessionId}/laps/{lapId}/results`,
  query: RESULTS_QUERY,
  response: sessionLapResultsSchema,
});

export class Sessions extends APIResource {
  /**
   * A team's sessions (coaches create them by hand, so recent ones may appear late), filtered by start
   * time and the other filters combined.
   */
  list(params: SessionListParams, options?: CallOptions): PagedList<Session> {
    return list(this.transport, params, options);
  }

  /** Results of every analysed athlete measurement in the session, time series decoded. */
  results(params: SessionResultsParams, options?: CallOptions): Promise<Decoded<SessionResults>> {
    return results(this.transport, params, options);
  }

  /** Results of one lap of the session, per athlete measurement, time series decoded. */
  lapResults(params: SessionLapResultsParams, options?: CallOptions): Promise<Decoded<SessionLapResults>> {
    return lapResults(this.transport, params, options);
  }
}
