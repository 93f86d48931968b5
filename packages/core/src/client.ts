import { ApiKeyProvider } from './auth/api-key-provider';
import { apiKeyFirstPolicy, authPolicy, reauthPolicy } from './auth/auth-policy';
import { Credentials } from './auth/credentials';
import { TokenProvider } from './auth/token-provider';
import { supportedContentEncodings } from './decoders/body';
import type { DecodeLimits } from './decoders/limits';
import {
  type DiagnoseOptions,
  type DiagnosisContext,
  type DiagnosisReport,
  diagnose,
} from './diagnostics/diagnose';
import { createResources, type Resources } from './endpoints';
import { AccountResource } from './endpoints/account';
import { createResultsSplitting } from './endpoints/results/split-results';
import { Redactor } from './errors/redact';
import { type Clock, systemClock } from './internal/clock';
import { ClientEventEmitter, type ClientEventListener, type ClientEventName } from './internal/events';
import { type Logger, redactingLogger } from './internal/logger';
import { Headroom } from './policies/headroom';
import { type AnalysisPollingOptions, pollAnalysisPolicy } from './policies/poll-analysis';
import { rateLimitPolicy } from './policies/rate-limit';
import { rateLimitPenaltyPolicy } from './policies/rate-limit-penalty';
import {
  DOCUMENTED_RATE_LIMITS,
  InMemoryRateLimitStore,
  type RateLimitStore,
  type RateLimits,
} from './policies/rate-limit-store';
import { retryPolicy } from './policies/retry';
import { RetryBudget } from './policies/retry-budget';
import { throttlePolicy } from './policies/throttle';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpContext, sendOnce } from './transport/http';
import type { Handler, Middleware } from './transport/pipeline';
import { consumerContextPolicy, observePolicy, PipelineTransport } from './transport/pipeline-transport';
import { redirectPolicy } from './transport/redirects';
import type { FetchLike } from './transport/resolve-fetch';
import type { CallOptions, Transport } from './transport/types';
import { DEFAULT_BASE_URL } from './transport/url';
import { validateClientOptions, validateRegisterOptions } from './validate-client-options';
import { VERSION } from './version';

export interface ClientOptions {
  /** The consumer `id` from registration: the JWT's `iss`. */
  consumerId: string;
  /** Signs the JWTs. Never sent, logged or shown. */
  sharedSecret: string;
  /** The `x-api-key`. Fetched once with `GET /account/api-key` when not given. */
  apiKey?: string;
  /** Defaults to https://api.firstbeat.com/v1. */
  baseURL?: string;
  /** A fetch to use instead of the global one (which is otherwise looked up at call time). */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 60 000). */
  timeout?: number;
  /** Retries of a failed GET (5xx, lost connection, timeout), default 2. */
  maxRetries?: number;
  /** Receives debug lines for every request; credentials are redacted before it sees them. */
  logger?: Logger;
  /** Time source for tokens, timeouts and backoff (tests inject a simulated one). */
  clock?: Clock;
  /** Randomness for backoff jitter, uniform in [0, 1). */
  random?: () => number;
  /** Total time in ms for one call, across retries, waits and polls (default: none). */
  deadline?: number;
  /**
   * Ends every call of this client, running or later, when it aborts (for example at application
   * shutdown), wherever the call is: queued for a rate-limit token, in an attempt, backoff or polling.
   */
  signal?: AbortSignal;
  /**
   * The client-side mirror of the API's limits (default: 1 token/s, burst 60, 5000 a day), and the
   * arrival jitter it keeps headroom for (`arrivalJitterMs`, default 100: `rate × jitter` tokens of
   * the burst are kept in reserve, see the README's "Rate limits").
   */
  rateLimit?: Partial<RateLimits> & { arrivalJitterMs?: number };
  /** Where the rate-limit state lives; share one store between processes to share the budget. */
  rateLimitStore?: RateLimitStore;
  /** How 202 (analysis still running) is waited out. */
  analysisPolling?: AnalysisPollingOptions;
  /** Retry budget shared by every call of this client. */
  retryBudget?: { capacity?: number; retryCost?: number; timeoutCost?: number };
  /**
   * The API's response limit in bytes (default 6 MB). Results that would exceed it (413/419, or 504 after
   * its retries) are fetched in parts and merged; learnt per-variable sizes split later requests up front
   * once they would exceed 80 % of it.
   */
  responseLimitBytes?: number;
  /**
   * The largest response body accepted, in bytes after decompression (default 32 MiB, far above the
   * API's 6 MB). A larger body is not read further: the call fails with a BodyTooLargeError.
   */
  maxResponseBytes?: number;
  /**
   * Same-origin redirects followed per request (default 5, at most 20), each hop a request of its
   * own through the rate limiter. A redirect to another origin is never followed (RedirectError).
   */
  maxRedirects?: number;
  /**
   * Caps on what one response's time series decode to, so a small hostile body cannot decode into
   * gigabytes (defaults and their derivation: `DEFAULT_DECODE_LIMITS`: 8 MiB per series, 64 MiB per
   * response). Past one, decoding stops and the call fails with a `DecodeError` that is not retried.
   */
  decodeLimits?: DecodeLimits;
}

export interface RegisterOptions {
  consumerName: string;
  baseURL?: string;
  fetch?: FetchLike;
  timeout?: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
  maxRedirects?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

/**
 * The Sports Cloud client. One instance per consumer: it owns the token cache, the API key and
 * the policies, so share it across your application rather than creating one per request.
 */
export class SportsCloudClient {
  readonly accounts: Resources['accounts'];
  readonly sportsTypes: Resources['sportsTypes'];
  readonly eventTypes: Resources['eventTypes'];
  readonly athletes: Resources['athletes'];
  readonly coaches: Resources['coaches'];
  readonly teams: Resources['teams'];
  readonly measurements: Resources['measurements'];
  readonly sessions: Resources['sessions'];
  /** API key and shared-secret rotation. */
  readonly account: AccountResource;

  readonly #credentials: Credentials;
  readonly #tokens: TokenProvider;
  readonly #events = new ClientEventEmitter();
  readonly #diagnosis: DiagnosisContext;

  constructor(options: ClientOptions) {
    validateClientOptions(options);
    const redactor = new Redactor();
    const clock = options.clock ?? systemClock;
    const credentials = new Credentials(options.consumerId, options.sharedSecret, options.apiKey, redactor);
    const tokens = new TokenProvider(credentials, clock, redactor);
    // The API-key provider fetches through this same transport (JWT only), hence the closure.
    const apiKeys: ApiKeyProvider = new ApiKeyProvider(
      credentials,
      (signal): Promise<string> => account.fetchApiKey({ signal }),
    );
    const events = this.#events;
    const { arrivalJitterMs, ...rateLimits } = options.rateLimit ?? {};
    const limits: RateLimits = { ...DOCUMENTED_RATE_LIMITS, ...rateLimits };
    const rateLimit = {
      key: credentials.consumerId,
      headroom: new Headroom(limits, arrivalJitterMs),
      store: options.rateLimitStore ?? new InMemoryRateLimitStore(),
    };
    const budget = new RetryBudget(
      options.retryBudget?.capacity,
      options.retryBudget?.retryCost,
      options.retryBudget?.timeoutCost,
    );
    // Outermost first: poll a running analysis, have the API key (fetched once, before anything
    // queues for it), retry transient failures, repeat a 401 once with a fresh token, wait out a
    // burst 429, let a 429 teach the limiter, follow redirects, wait for a rate-limit token, then
    // authenticate — so every request that leaves (retries, polls, re-mints) is counted, and its
    // token is signed after the wait, never stale from the queue.
    const transport = createTransport(
      { ...options, clock, redactor, consumerId: credentials.consumerId },
      events,
      [
        pollAnalysisPolicy(clock, events, options.analysisPolling),
        apiKeyFirstPolicy(apiKeys),
        retryPolicy({ clock, random: options.random ?? Math.random, budget, events }),
        reauthPolicy(),
        throttlePolicy({ clock, events }),
        rateLimitPenaltyPolicy({ ...rateLimit, clock }),
        redirectPolicy(options.maxRedirects),
        rateLimitPolicy({ ...rateLimit, clock, events }),
        authPolicy(tokens, apiKeys, { clock, events }),
      ],
    );
    const account: AccountResource = new AccountResource(transport, credentials, tokens, apiKeys);
    this.#credentials = credentials;
    this.#tokens = tokens;
    this.account = account;
    const baseURL = options.baseURL ?? DEFAULT_BASE_URL;
    this.#diagnosis = { transport, clock, credentials, redactor, baseURL };

    const resources = createResources(
      transport,
      createResultsSplitting({
        events,
        clock,
        limitBytes: options.responseLimitBytes,
        deadline: options.deadline,
      }),
      options.decodeLimits,
    );
    this.accounts = resources.accounts;
    this.sportsTypes = resources.sportsTypes;
    this.eventTypes = resources.eventTypes;
    this.athletes = resources.athletes;
    this.coaches = resources.coaches;
    this.teams = resources.teams;
    this.measurements = resources.measurements;
    this.sessions = resources.sessions;
  }

  /**
   * Subscribes to what the client does: `request`, `response`, `retry`, `wait`, `split`, `quota`, `clock`.
   * Returns the unsubscribe function. Payloads never contain credentials.
   */
  on<K extends ClientEventName>(name: K, listener: ClientEventListener<K>): () => void {
    return this.#events.on(name, listener);
  }

  /**
   * The troubleshooting page's checks: the "try the connection" step (clock, JWT, API key, granted
   * accounts, base URL) and "Sessions are missing from the API" (measurements but no sessions in the last
   * 30 days is expected: coaches create sessions by hand). Each request is sent once, at most 9 in all
   * (`sessions: false` skips the sessions check's up to 7). Reports API failures instead of throwing them
   * (only the caller's abort throws). Print it with `formatDiagnosis(report)`.
   */
  diagnose(options?: DiagnoseOptions): Promise<DiagnosisReport> {
    return diagnose(this.#diagnosis, options);
  }

  get consumerId(): string {
    return this.#credentials.consumerId;
  }

  /** How many JWTs this client has signed so far (for diagnostics and tests). */
  get tokenSignings(): number {
    return this.#tokens.signings;
  }

  /**
   * Registers a new API consumer (`POST /account/register`, no authentication). Never retried:
   * every call creates a new consumer, even with the same name. Store the returned
   * `sharedSecret` safely — it is shown only once.
   */
  static register(options: RegisterOptions) {
    validateRegisterOptions(options);
    const transport = createTransport(
      { ...options, clock: systemClock, redactor: new Redactor(), maxRetries: 0 },
      new ClientEventEmitter(),
      [redirectPolicy(options.maxRedirects)],
    );
    return AccountResource.register(transport, options.consumerName, {
      maxRetries: 0,
      ...(options.signal ? { signal: options.signal } : {}),
    } satisfies CallOptions);
  }

  toJSON(): Record<string, string> {
    return { consumerId: this.consumerId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SportsCloudClient { consumerId: '${this.consumerId}' }`;
  }
}

interface TransportSettings {
  baseURL?: string;
  fetch?: FetchLike;
  timeout?: number;
  maxRetries?: number;
  deadline?: number;
  signal?: AbortSignal;
  logger?: Logger;
  clock: Clock;
  redactor: Redactor;
  consumerId?: string;
  maxResponseBytes?: number;
}

function createTransport(
  settings: TransportSettings,
  events: ClientEventEmitter,
  policies: Middleware[],
): Transport {
  const { clock, redactor } = settings;
  const context: HttpContext = {
    baseURL: settings.baseURL ?? DEFAULT_BASE_URL,
    fetch: settings.fetch,
    clock,
    redactor,
    ...(settings.consumerId ? { consumerId: settings.consumerId } : {}),
    // br only when the runtime's own fetch decodes it: an injected fetch may hand us raw brotli,
    // which has no magic bytes to recognise it by.
    acceptEncoding: supportedContentEncodings(settings.fetch === undefined).join(', '),
    userAgent: `sportscloud-core/${VERSION}`,
    maxResponseBytes: settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  const terminal: Handler = async (exchange) => {
    return sendOnce(context, {
      request: exchange.request,
      authHeaders: exchange.headers,
      timeoutMs: exchange.options.timeout,
      ...(exchange.options.signal ? { signal: exchange.options.signal } : {}),
    });
  };
  return new PipelineTransport(
    [
      consumerContextPolicy(settings.consumerId),
      ...policies,
      observePolicy(redactingLogger(settings.logger, redactor), events, clock),
    ],
    terminal,
    {
      timeout: settings.timeout ?? DEFAULT_TIMEOUT_MS,
      maxRetries: settings.maxRetries ?? DEFAULT_MAX_RETRIES,
      ...(settings.deadline !== undefined ? { deadline: settings.deadline } : {}),
      ...(settings.signal ? { signal: settings.signal } : {}),
    },
    clock,
  );
}
