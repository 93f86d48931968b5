import { ConfigurationError, isSportsCloudError, type SportsCloudClient } from '@sportscloud/core';
import { bearerVerifier } from './bearer.ts';
import { resultsCsvStream } from './csv.ts';

export interface ReadApiOptions {
  /** The server-side client: its credentials never reach a response. */
  readonly client: SportsCloudClient | (() => SportsCloudClient);
  /** Bearer token(s) callers must present; several while rotating. At least 16 characters each. */
  readonly token: string | readonly string[];
  /** Mount point, e.g. `/api` (default: the root). */
  readonly basePath?: string;
  /** With both set, `/sessions…` routes are served for this team too (no ids in the path). */
  readonly accountId?: string;
  readonly teamId?: number;
  /** Total time for one upstream call in ms, waits included (default 25 000: below platform request limits). */
  readonly deadlineMs?: number;
  /** Longest session list one request returns (default 1000). */
  readonly maxItems?: number;
}

type Handler = (request: Request) => Promise<Response>;

const MAX_PATH = 512;
const MAX_VARS = 64;
const JSON_TYPE = 'application/json; charset=utf-8';
const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * JSON text of decoded results: typed arrays become arrays, 64-bit integers numbers (or strings
 * beyond 2^53). Plain `JSON.stringify` would turn a `Float64Array` into an object of indices.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, value) => {
    if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
    if (ArrayBuffer.isView(value) && !(value instanceof DataView))
      return Array.from(value as unknown as ArrayLike<unknown>);
    return value;
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = toJsonText(body);
  return new Response(text, {
    status,
    headers: { 'content-type': JSON_TYPE, ...SECURITY_HEADERS, ...headers },
  });
}

function problem(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message } }, headers);
}

/**
 * Maps the client's typed errors to HTTP. Messages of errors about the caller's input are passed on
 * (core redacts credentials from every message); upstream and internal failures get a fixed text.
 */
function fromError(error: unknown): Response {
  if (!isSportsCloudError(error)) return problem(500, 'internal', 'internal error');
  switch (error.code) {
    case 'invalid_argument':
    case 'bad_request':
      return problem(400, error.code, error.message);
    case 'not_found':
      return problem(404, 'not_found', 'no such account, team or session');
    case 'permission_denied':
      return problem(403, 'permission_denied', 'this account is not granted to the API consumer');
    case 'analysis_pending':
      return problem(503, 'analysis_pending', 'the analysis is still running; try again later', {
        'retry-after': '5',
      });
    case 'analysis_failed':
      return problem(404, 'analysis_failed', 'the analysis failed: there are no results');
    case 'rate_limited': {
      const { resetAt, retryAfterMs } = error as { resetAt?: Date; retryAfterMs?: number };
      const seconds = resetAt
        ? Math.ceil((resetAt.getTime() - Date.now()) / 1000)
        : Math.ceil((retryAfterMs ?? 1000) / 1000);
      return problem(429, 'rate_limited', 'the Sports Cloud request budget is used up', {
        'retry-after': String(Math.max(1, seconds)),
      });
    }
    case 'timeout':
      return problem(504, 'timeout', 'the Sports Cloud API did not answer in time');
    case 'authentication':
    case 'configuration':
      return problem(502, 'upstream_configuration', 'the server cannot authenticate to the Sports Cloud API');
    default:
      return problem(502, 'upstream', 'the Sports Cloud API request failed');
  }
}

function integer(text: string, name: string): number {
  if (!/^\d{1,12}$/.test(text)) throw new RouteError(400, `${name} must be a whole number`);
  return Number(text);
}

class RouteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function optionalTime(
  params: URLSearchParams,
  name: 'fromTime' | 'toTime',
): { fromTime?: string; toTime?: string } {
  const value = params.get(name);
  if (value === null) return {};
  if (value.length > 40) throw new RouteError(400, `${name} is too long`);
  return { [name]: value };
}

/**
 * A small read-only HTTP API over the client, for `Deno.serve`, a Worker's `fetch` or any
 * Fetch-API server. Every route needs `Authorization: Bearer <token>`.
 *
 * - `GET /accounts`
 * - `GET /accounts/:accountId/teams`
 * - `GET /accounts/:accountId/teams/:teamId/sessions?fromTime=&toTime=`
 * - `GET /accounts/:accountId/teams/:teamId/sessions/:sessionId/results.json?vars=a,b`
 * - `GET /accounts/:accountId/teams/:teamId/sessions/:sessionId/results.csv?vars=a,b`
 * - `GET /sessions…` as above for the configured `accountId` + `teamId`
 */
export function createReadApi(options: ReadApiOptions): Handler {
  const verify = bearerVerifier(options.token);
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  if (base && !/^\/[\w\-/]*$/.test(base)) throw new ConfigurationError('basePath must look like /api');
  const deadline = options.deadlineMs ?? 25_000;
  const maxItems = options.maxItems ?? 1000;
  if (!(deadline > 0)) throw new ConfigurationError(`deadlineMs must be positive, got ${deadline}`);
  if (!(Number.isInteger(maxItems) && maxItems > 0))
    throw new ConfigurationError(`maxItems must be a positive integer, got ${maxItems}`);
  const fixedTeam = options.accountId !== undefined && options.teamId !== undefined;
  const clientOf =
    typeof options.client === 'function' ? options.client : () => options.client as SportsCloudClient;

  async function route(request: Request, url: URL): Promise<Response> {
    const client = clientOf();
    const call = { deadline, signal: request.signal };
    let path = url.pathname.slice(base.length) || '/';
    if (fixedTeam && (path === '/sessions' || path.startsWith('/sessions/'))) {
      path = `/accounts/${options.accountId}/teams/${options.teamId}${path}`;
    }
    const parts = path.split('/').slice(1).map(decodeURIComponent);
    const [a, accountId, t, teamId, s, sessionId, file, ...rest] = parts;
    if (a !== 'accounts' || rest.length > 0) throw new RouteError(404, 'no such route');
    if (accountId === undefined) return json(200, await client.accounts.list(call));
    if (t !== 'teams') throw new RouteError(404, 'no such route');
    if (teamId === undefined) return json(200, await client.teams.list({ accountId }, call).toArray());
    if (s !== 'sessions') throw new RouteError(404, 'no such route');
    const team = { accountId, teamId: integer(teamId, 'teamId') };
    if (sessionId === undefined) {
      const sessions = [];
      const filters = {
        ...optionalTime(url.searchParams, 'fromTime'),
        ...optionalTime(url.searchParams, 'toTime'),
      };
      for await (const session of client.sessions.list({ ...team, ...filters }, call)) {
        if (sessions.length >= maxItems)
          throw new RouteError(400, `more than ${maxItems} sessions: narrow fromTime/toTime`);
        sessions.push(session);
      }
      return json(200, sessions);
    }
    const format = file === 'results.json' ? 'json' : file === 'results.csv' ? 'csv' : undefined;
    if (!format) throw new RouteError(404, 'no such route');
    const varsText = url.searchParams.get('vars');
    const vars = varsText ? varsText.split(',').filter(Boolean) : undefined;
    if (vars && vars.length > MAX_VARS) throw new RouteError(400, `at most ${MAX_VARS} vars`);
    const results = await client.sessions.results(
      { ...team, sessionId: integer(sessionId, 'sessionId'), ...(vars ? { vars } : {}) },
      call,
    );
    if (format === 'json') return json(200, results);
    return new Response(resultsCsvStream(results.measurements), {
      headers: { 'content-type': 'text/csv; charset=utf-8', ...SECURITY_HEADERS },
    });
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname.length > MAX_PATH) return problem(414, 'uri_too_long', 'the path is too long');
    if (!(url.pathname === base || url.pathname.startsWith(`${base}/`)))
      return problem(404, 'not_found', 'no such route');
    if (!(await verify(request.headers.get('authorization')))) {
      return problem(401, 'unauthorized', 'a valid bearer token is required', {
        'www-authenticate': 'Bearer',
      });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return problem(405, 'method_not_allowed', 'only GET and HEAD', { allow: 'GET, HEAD' });
    }
    try {
      const response = await route(request, url);
      return request.method === 'HEAD'
        ? new Response(null, { status: response.status, headers: response.headers })
        : response;
    } catch (error) {
      if (error instanceof RouteError)
        return problem(error.status, error.status === 404 ? 'not_found' : 'bad_request', error.message);
      if (error instanceof URIError)
        return problem(400, 'bad_request', 'malformed percent-encoding in the path');
      return fromError(error);
    }
  };
}
