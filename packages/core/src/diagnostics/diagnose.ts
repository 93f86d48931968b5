import type { Credentials } from '../auth/credentials';
import { MAX_TOKEN_LIFETIME_S } from '../auth/jwt';
import { accountsSchema, apiKeySchema, parseResponse } from '../endpoints/schemas';
import { APIError, isSportsCloudError, RateLimitError } from '../errors';
import { CAUSES } from '../errors/causes';
import type { Redactor } from '../errors/redact';
import { abortReason, type Clock } from '../internal/clock';
import type { ApiRequest, CallOptions, ResponseMeta, Transport } from '../transport/types';
import { DEFAULT_BASE_URL } from '../transport/url';
import { type SessionsCheckOptions, sessionsCheck } from './sessions-check';

export type DiagnosisStatus = 'ok' | 'warn' | 'fail' | 'skipped';
export type DiagnosisCheckId = 'clock' | 'jwt' | 'apiKey' | 'accounts' | 'url' | 'sessions';

/** One step of the connection check. Never contains a credential. */
export interface DiagnosisCheck {
  readonly id: DiagnosisCheckId;
  readonly status: DiagnosisStatus;
  readonly summary: string;
  /** Why it failed or warned. */
  readonly cause?: string;
  /** What to do about it. */
  readonly fix?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The result of `client.diagnose()`: safe to print, log or send to support. */
export interface DiagnosisReport {
  /** True when no check failed (warnings may remain). */
  readonly ok: boolean;
  readonly consumerId: string;
  readonly baseURL: string;
  /** ISO 8601, from the client's clock. */
  readonly checkedAt: string;
  /** In order: clock, jwt, apiKey, accounts, url, sessions. */
  readonly checks: readonly DiagnosisCheck[];
}

/** Options of `client.diagnose()`. */
export interface DiagnoseOptions extends CallOptions {
  /**
   * The troubleshooting page's "Sessions are missing from the API" check: where to look, or `false` to skip
   * it. It sends at most 1 + maxTeams + maxAthletes requests (7 by default).
   */
  readonly sessions?: SessionsCheckOptions | false;
}

/** What diagnose() needs from the client. */
export interface DiagnosisContext {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly credentials: Credentials;
  readonly redactor: Redactor;
  readonly baseURL: string;
}

/** Clock skew (local vs the server's `Date`) above which the clock check warns, and fails. */
const CLOCK_SKEW_WARN_MS = 60_000;
const CLOCK_SKEW_FAIL_MS = 240_000;

const { cause: JWT_CAUSE, fix: JWT_FIX } = CAUSES.jwt;
const API_KEY_CAUSE = CAUSES.apiKey.cause;
const URL_CAUSE = CAUSES.url.cause;
const UNREACHABLE = 'cannot reach the API';
const SEE_URL = 'see the url check';

const API_KEY_REQUEST: ApiRequest = {
  operation: 'diagnose.account.apiKey',
  method: 'GET',
  path: '/account/api-key',
  auth: 'jwt',
  credentialResponse: true,
};
const ACCOUNTS_REQUEST: ApiRequest = {
  operation: 'diagnose.accounts.list',
  method: 'GET',
  path: '/sports/accounts',
  auth: 'jwt+key',
};

/** One probe's outcome: `status` is absent when no response came (connection, timeout). */
interface Probe {
  readonly label: string;
  readonly status?: number;
  readonly body?: unknown;
  readonly date?: string;
  /** Local time when the outcome arrived. */
  readonly at: number;
  /** Set when the request failed (any status that is not a success, or no response). */
  readonly error?: unknown;
}

type Outcome = Omit<DiagnosisCheck, 'id'>;

/**
 * The troubleshooting page's "try the connection" step: `GET /account/api-key` with the JWT
 * only, then `GET /sports/accounts` with the API key, each sent once (no retries, no polling).
 * API failures are reported, never thrown; the caller's abort is thrown.
 */
export async function diagnose(
  ctx: DiagnosisContext,
  options: DiagnoseOptions = {},
): Promise<DiagnosisReport> {
  if (options.signal?.aborted) throw abortReason(options.signal);
  const checkedAt = new Date(ctx.clock.now()).toISOString();
  const { sessions: sessionsOptions, ...call } = options;
  const callOptions: CallOptions = { ...call, maxRetries: 0 };
  const clientKey = ctx.credentials.apiKey;

  const keyProbe = await probe(ctx, API_KEY_REQUEST, callOptions);
  const keyBody = read(keyProbe, () => parseResponse(apiKeySchema, keyProbe.body, API_KEY_REQUEST.operation));
  const apiKnownKey = keyBody.value?.apiKey;
  ctx.redactor.add(apiKnownKey);

  let accountsProbe: Probe | undefined;
  let notTested: string | undefined;
  if (keyProbe.status === 401) notTested = 'the JWT was rejected, so the API key cannot be tested';
  else if (keyProbe.status === undefined) notTested = `${UNREACHABLE} (${SEE_URL})`;
  else if (!clientKey && !apiKnownKey)
    notTested = 'no API key is configured and GET /account/api-key returned none';
  else {
    // What the client would do anyway: adopt the fetched key, so the probe below does not fetch it again.
    if (!clientKey) ctx.credentials.apiKey = apiKnownKey;
    accountsProbe = await probe(ctx, ACCOUNTS_REQUEST, callOptions);
  }
  const probes = accountsProbe ? [keyProbe, accountsProbe] : [keyProbe];

  const clock = clockCheck(probes);
  const accounts = accountsCheck(accountsProbe, ctx.credentials.consumerId);
  const checks: DiagnosisCheck[] = [
    clock,
    { id: 'jwt', ...jwtCheck(keyProbe, keyBody, clock) },
    { id: 'apiKey', ...apiKeyCheck(accountsProbe, notTested, clientKey, apiKnownKey) },
    { id: 'accounts', ...accounts },
    { id: 'url', ...urlCheck(probes, ctx.baseURL) },
  ];
  const granted = ((accounts.details?.accounts ?? []) as readonly { accountId: string }[]).map(
    (a) => a.accountId,
  );
  checks.push({
    id: 'sessions',
    ...(sessionsOptions === false
      ? { status: 'skipped' as const, summary: 'not requested' }
      : accounts.status !== 'ok' && sessionsOptions?.accountId === undefined
        ? {
            status: 'skipped' as const,
            summary: 'no granted account to look for sessions in (see the accounts check)',
          }
        : await sessionsCheck(ctx, granted, callOptions, sessionsOptions)),
  });
  // Defence in depth: nothing here should hold a credential, but error texts come from outside.
  return scrub(
    {
      ok: checks.every((check) => check.status !== 'fail'),
      consumerId: ctx.credentials.consumerId,
      baseURL: displayURL(ctx.baseURL),
      checkedAt,
      checks,
    },
    ctx.redactor,
  );
}

async function probe(ctx: DiagnosisContext, request: ApiRequest, options: CallOptions): Promise<Probe> {
  const label = `${request.method} ${request.path}`;
  try {
    const meta = (await ctx.transport.send({ ...request, withMeta: true }, options)) as ResponseMeta;
    return { label, status: meta.status, body: meta.body, at: ctx.clock.now(), ...dateOf(meta.headers) };
  } catch (error) {
    if (options.signal?.aborted || (isSportsCloudError(error) && error.code === 'aborted')) throw error;
    const response = isSportsCloudError(error) ? error.response : undefined;
    const status = error instanceof APIError ? error.status : response?.status;
    return {
      label,
      error,
      at: ctx.clock.now(),
      ...(status ? { status } : {}),
      ...dateOf(response?.headers),
    };
  }
}

function dateOf(headers: Readonly<Record<string, string>> | undefined): { date?: string } {
  const date = headers?.date;
  return date ? { date } : {};
}

function read<T>(probe: Probe, parse: () => T): { value?: T; issue?: string } {
  if (probe.error !== undefined) return {};
  try {
    return { value: parse() };
  } catch (error) {
    return { issue: messageOf(error) };
  }
}

function clockCheck(probes: readonly Probe[]): DiagnosisCheck {
  const probe = probes.find((p) => p.date !== undefined && !Number.isNaN(Date.parse(p.date)));
  if (!probe?.date) {
    return {
      id: 'clock',
      status: 'skipped',
      summary: "no response carried a Date header: the local clock could not be compared with the server's",
    };
  }
  const server = Date.parse(probe.date);
  const skew = probe.at - server;
  const size = Math.abs(skew);
  const details = {
    localTime: new Date(probe.at).toISOString(),
    serverTime: new Date(server).toISOString(),
    skewSeconds: Math.round(skew / 1000),
    source: `Date header of ${probe.label}`,
  };
  if (size <= CLOCK_SKEW_WARN_MS) {
    return {
      id: 'clock',
      status: 'ok',
      summary: `the local clock is within ${duration(size)} of the server's`,
      details,
    };
  }
  const direction = skew > 0 ? 'ahead of' : 'behind';
  const looks = skew > 0 ? 'not yet valid' : 'expired';
  return {
    id: 'clock',
    status: size > CLOCK_SKEW_FAIL_MS ? 'fail' : 'warn',
    summary: `the local clock is ${duration(size)} ${direction} the server's`,
    cause: `JWTs live ${MAX_TOKEN_LIFETIME_S} s: with a clock ${direction} the server's, tokens look ${looks} to the API; sync the clock (NTP)`,
    fix: 'sync the clock (NTP) of this host',
    details,
  };
}

function jwtCheck(probe: Probe, body: { value?: unknown; issue?: string }, clock: DiagnosisCheck): Outcome {
  const details = { status: probe.status };
  if (probe.error === undefined) {
    if (body.value !== undefined) {
      return { status: 'ok', summary: `the JWT was accepted (${probe.label} → ${probe.status})`, details };
    }
    return {
      status: 'warn',
      summary: `the JWT was accepted, but ${probe.label} returned no API key`,
      cause: `unexpected response body: ${body.issue ?? 'empty'}`,
      fix: 'configure the apiKey option; report the response to Firstbeat support',
      details,
    };
  }
  if (probe.status === 401) {
    const skewed = clock.status === 'fail' || clock.status === 'warn';
    return {
      status: 'fail',
      summary: `${probe.label} → 401: the JWT was rejected`,
      cause: skewed ? `${JWT_CAUSE}; the clock check found ${clock.summary}` : JWT_CAUSE,
      fix: JWT_FIX,
      details,
    };
  }
  if (probe.status === 403) {
    return {
      status: 'fail',
      summary: `${probe.label} → 403, although it needs no API key`,
      cause: 'the API refused this consumer: it may not be approved yet, or be disabled',
      fix: 'ask sports-cloud-api@firstbeat.com, quoting the consumer id (never the shared secret)',
      details: { ...details, error: messageOf(probe.error) },
    };
  }
  return failure(probe);
}

function apiKeyCheck(
  probe: Probe | undefined,
  notTested: string | undefined,
  clientKey: string | undefined,
  apiKnownKey: string | undefined,
): Outcome {
  if (!probe) return { status: 'skipped', summary: notTested ?? 'not tested' };
  const differs = clientKey !== undefined && apiKnownKey !== undefined && clientKey !== apiKnownKey;
  const source = clientKey === undefined ? 'fetched with GET /account/api-key' : 'configured';
  const details = { status: probe.status, source, ...(apiKnownKey ? { matchesApi: !differs } : {}) };
  const knows =
    'the configured API key differs from the one GET /account/api-key returns for this consumer: ' +
    'the API knows the latter';
  const useKnown =
    'configure the key GET /account/api-key returns (client.account.fetchApiKey()), or leave the apiKey ' +
    'option unset so the client fetches it';
  if (probe.error === undefined) {
    if (differs) {
      return {
        status: 'warn',
        summary: `the configured API key was accepted (${probe.label} → ${probe.status}), but it differs from the one GET /account/api-key returns`,
        cause: knows,
        fix: useKnown,
        details,
      };
    }
    return { status: 'ok', summary: `x-api-key accepted (${probe.label} → ${probe.status})`, details };
  }
  if (probe.status === 403) {
    return {
      status: 'fail',
      summary: `${probe.label} → 403: ${API_KEY_CAUSE}`,
      cause: differs ? knows : API_KEY_CAUSE,
      fix: differs
        ? useKnown
        : 'check the apiKey option (or leave it unset so the client fetches it with GET /account/api-key); ' +
          'if the key is right, the account may be closed: ask sports-cloud-api@firstbeat.com, quoting the consumer id',
      details,
    };
  }
  const outcome = failure(probe);
  return differs ? { ...outcome, summary: `${outcome.summary}; ${knows}` } : outcome;
}

function accountsCheck(probe: Probe | undefined, consumerId: string): Outcome {
  if (!probe) return { status: 'skipped', summary: 'GET /sports/accounts was not sent' };
  if (probe.error !== undefined) {
    return { status: 'skipped', summary: `${probe.label} failed (see the apiKey check)` };
  }
  const body = read(probe, () => parseResponse(accountsSchema, probe.body, ACCOUNTS_REQUEST.operation));
  if (!body.value) {
    return {
      status: 'fail',
      summary: `${probe.label} returned an unexpected body`,
      cause: body.issue ?? 'unreadable body',
      fix: `check that the base URL points at the Sports Cloud API (${DEFAULT_BASE_URL}); if it does, report it to Firstbeat support`,
    };
  }
  const accounts = body.value.accounts.map(({ accountId, name }) => ({
    accountId,
    ...(name !== undefined ? { name } : {}),
  }));
  if (accounts.length === 0) {
    return {
      status: 'warn',
      summary: 'no customer account is linked to this consumer yet',
      cause: 'no customer account has granted access yet',
      fix:
        'a Coach of the account must grant access: Sports Cloud → Settings → Cloud API, accept the licence, ' +
        `tick the account for this consumer (consumer id ${consumerId})`,
      details: { count: 0, accounts },
    };
  }
  const listed = accounts.map((a) => (a.name ? `${a.accountId} (${a.name})` : a.accountId)).join(', ');
  return {
    status: 'ok',
    summary: `${accounts.length} customer account${accounts.length === 1 ? '' : 's'} granted access: ${listed}`,
    details: { count: accounts.length, accounts },
  };
}

function urlCheck(probes: readonly Probe[], baseURL: string): Outcome {
  const shown = displayURL(baseURL);
  const details = { baseURL: shown };
  const fix = `base URL must be ${DEFAULT_BASE_URL} (configured: ${shown})`;
  const wrong = probes.filter((p) => p.status === 400 || p.status === 404);
  if (wrong.length > 0) {
    return {
      status: 'fail',
      summary: wrong.map((p) => `${p.label} → ${p.status}`).join(', '),
      cause: URL_CAUSE,
      fix,
      details,
    };
  }
  const lost = probes.find((p) => p.status === undefined);
  if (lost) {
    const message = messageOf(lost.error);
    return {
      status: 'fail',
      summary: `${UNREACHABLE} at ${shown}`,
      cause: `${UNREACHABLE}: ${message}`,
      fix: `check the network, DNS, proxy and firewall; ${fix}`,
      details,
    };
  }
  if (probes.some((p) => p.status === 401) && !sameURL(baseURL, DEFAULT_BASE_URL)) {
    return {
      status: 'warn',
      summary: `the API answered at ${shown}, which is not the documented base URL`,
      cause: 'a 401 can also mean a wrong URL or HTTP method',
      fix,
      details,
    };
  }
  return { status: 'ok', summary: `the API answered at ${shown}`, details };
}

/** A probe's failure in general terms; the checks handle the statuses specific to them. */
function failure(probe: Probe): Outcome {
  const { status, label } = probe;
  const message = messageOf(probe.error);
  const details = { status, error: message };
  if (status === undefined) {
    return { status: 'fail', summary: `${label}: ${UNREACHABLE}`, cause: message, fix: SEE_URL, details };
  }
  if (status === 400 || status === 404) {
    return { status: 'fail', summary: `${label} → ${status}`, cause: URL_CAUSE, fix: SEE_URL, details };
  }
  if (status === 401) {
    return { status: 'fail', summary: `${label} → 401`, cause: JWT_CAUSE, fix: JWT_FIX, details };
  }
  if (status === 403) {
    return {
      status: 'fail',
      summary: `${label} → 403`,
      cause: API_KEY_CAUSE,
      fix: CAUSES.apiKey.fix,
      details,
    };
  }
  if (status === 429) {
    const daily = probe.error instanceof RateLimitError && probe.error.scope === 'daily';
    const resetAt = probe.error instanceof RateLimitError ? probe.error.resetAt : undefined;
    return {
      status: 'fail',
      summary: `${label} → 429: rate limited`,
      cause: daily ? CAUSES.daily.cause : CAUSES.burst.cause,
      fix: daily
        ? resetAt
          ? CAUSES.daily.fix.replace('(00:00 UTC)', `at ${resetAt.toISOString()}`)
          : CAUSES.daily.fix
        : CAUSES.burst.fix,
      details,
    };
  }
  if (status >= 500) {
    return {
      status: 'fail',
      summary: `${label} → ${status}: server error`,
      ...CAUSES.server,
      details,
    };
  }
  if (status >= 200 && status < 300) {
    return {
      status: 'fail',
      summary: `${label} → ${status}, but the response could not be read`,
      cause: message,
      fix: `check that the base URL points at the Sports Cloud API (${DEFAULT_BASE_URL})`,
      details,
    };
  }
  return { status: 'fail', summary: `${label} → ${status}`, cause: `unexpected status: ${message}`, details };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `600 s (10 min)`. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${s} s (${Math.round(s / 60)} min)`;
}

/** The base URL without user info, query or fragment: nothing secret belongs there, but be sure. */
function displayURL(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return url;
  }
}

function sameURL(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** Every string through the redactor, recursively (the shapes here are plain data); URLs lose user info. */
const USER_INFO = /(\b[a-z][\w+.-]*:\/\/)[^/\s@]+@/gi;

function scrub<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.text(value).replace(USER_INFO, '$1') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrub(item, redactor)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]: [string, unknown]) => [key, scrub(item, redactor)]),
    ) as T;
  }
  return value;
}
