/**
 * The 20 operations of spec 1.1.0 (reference §4), matched on the path after `/v1`. The spec has no
 * operationIds; these names are the fake's own and key per-route fault settings and the log.
 */

export type OperationName =
  | 'register'
  | 'getApiKey'
  | 'newSecret'
  | 'confirmNewSecret'
  | 'listAccounts'
  | 'listSportsTypes'
  | 'listEventTypes'
  | 'listAthletes'
  | 'getAthlete'
  | 'listMeasurements'
  | 'getMeasurementResults'
  | 'getMeasurementLapResults'
  | 'listCoaches'
  | 'getCoach'
  | 'listTeams'
  | 'getTeam'
  | 'listTeamAthletes'
  | 'listSessions'
  | 'getSessionResults'
  | 'getSessionLapResults';

/** none: register; jwt: api-key; full: JWT + x-api-key (reference §3.3). */
export type AuthLevel = 'none' | 'jwt' | 'full';

export interface Route {
  operation: OperationName;
  method: 'GET' | 'POST';
  pattern: string;
  auth: AuthLevel;
  /** Subject to the token bucket and daily quota (all but register and api-key). */
  limited: boolean;
  /** A results endpoint: 202/204/413 and the corrupt fault apply. */
  results: boolean;
}

const ACC = '/sports/accounts/{accountId}';
const route = (
  operation: OperationName,
  method: Route['method'],
  pattern: string,
  auth: AuthLevel = 'full',
): Route => ({
  operation,
  method,
  pattern,
  auth,
  limited: auth === 'full',
  results: pattern.endsWith('/results'),
});

export const ROUTES: readonly Route[] = [
  route('register', 'POST', '/account/register', 'none'),
  route('getApiKey', 'GET', '/account/api-key', 'jwt'),
  route('newSecret', 'GET', '/account/new-secret'),
  route('confirmNewSecret', 'POST', '/account/new-secret/confirm'),
  route('listAccounts', 'GET', '/sports/accounts'),
  route('listSportsTypes', 'GET', '/sports/sports-types'),
  route('listEventTypes', 'GET', '/sports/event-types'),
  route('listAthletes', 'GET', `${ACC}/athletes`),
  route('getAthlete', 'GET', `${ACC}/athletes/{athleteId}`),
  route('listMeasurements', 'GET', `${ACC}/athletes/{athleteId}/measurements`),
  route('getMeasurementResults', 'GET', `${ACC}/athletes/{athleteId}/measurements/{measurementId}/results`),
  route(
    'getMeasurementLapResults',
    'GET',
    `${ACC}/athletes/{athleteId}/measurements/{measurementId}/laps/{lapId}/results`,
  ),
  route('listCoaches', 'GET', `${ACC}/coaches`),
  route('getCoach', 'GET', `${ACC}/coaches/{coachId}`),
  route('listTeams', 'GET', `${ACC}/teams`),
  route('getTeam', 'GET', `${ACC}/teams/{teamId}`),
  route('listTeamAthletes', 'GET', `${ACC}/teams/{teamId}/athletes`),
  route('listSessions', 'GET', `${ACC}/teams/{teamId}/sessions`),
  route('getSessionResults', 'GET', `${ACC}/teams/{teamId}/sessions/{sessionId}/results`),
  route('getSessionLapResults', 'GET', `${ACC}/teams/{teamId}/sessions/{sessionId}/laps/{lapId}/results`),
];

export interface RouteParams {
  accountId?: string;
  athleteId?: number;
  measurementId?: number;
  lapId?: number;
  coachId?: number;
  teamId?: number;
  sessionId?: number;
}

export type RouteMatch =
  | { kind: 'ok'; route: Route; params: RouteParams }
  /** A known path with another method: 400, one of the codes the troubleshooting page names for it. */
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed %-escape
  }
}

function matchPattern(pattern: string, path: string): RouteParams | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string | number> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = decode(got[i] as string);
    if (g === undefined) return undefined;
    if (w.startsWith('{')) {
      const name = w.slice(1, -1);
      if (g === '') return undefined;
      if (name === 'accountId') params[name] = g;
      // Integer ids only: anything else cannot name a resource.
      else if (/^\d{1,15}$/.test(g)) params[name] = Number(g);
      else return undefined;
    } else if (w !== g) return undefined;
  }
  return params as RouteParams;
}

export function matchRoute(method: string, path: string): RouteMatch {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const allowed: string[] = [];
  for (const r of ROUTES) {
    const params = matchPattern(r.pattern, trimmed);
    if (!params) continue;
    if (r.method === method.toUpperCase()) return { kind: 'ok', route: r, params };
    allowed.push(r.method);
  }
  return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
}
