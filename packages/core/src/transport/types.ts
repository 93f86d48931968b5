export interface CallOptions {
  /** Aborts the call, whatever it is doing (waiting, retrying, polling). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms. */
  timeout?: number;
  /** Retries of a failed GET (5xx, lost connection, timeout, corrupted body). */
  maxRetries?: number;
  /** Total time in ms for the whole call: every attempt, backoff, rate-limit wait and 202 poll. */
  deadline?: number;
}

/**
 * Which credentials a request carries: none (register), the JWT only (api-key), JWT and API key
 * (everything else), or a JWT signed with the pending secret of a rotation (its confirm step).
 */
export type AuthMode = 'none' | 'jwt' | 'jwt+key' | 'pending-secret+key';
export interface ApiRequest {
  /** Stable operation name, e.g. 'athletes.list'. Used in errors, logs, hooks. */
  operation: string;
  method: 'GET' | 'POST';
  /** Path below the base URL (which ends in /v1), starting with '/', every segment already encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Absolute URL that replaces base URL + path + query: set on the next hop of a same-origin redirect. */
  url?: string;
  /**
   * The success body is a credential (API key, shared secret): it is never kept on errors or support
   * bundles, not even redacted, because a body cut in transit leaves a partial secret no pattern finds.
   */
  credentialResponse?: true;
  body?: unknown;
  auth: AuthMode;
  /** Results endpoints: 202 / 204 become AnalysisPending / AnalysisFailed outcomes. */
  results?: boolean;
  /** Resolve to a {@link ResponseMeta} (body, status, redacted headers) instead of the bare body. */
  withMeta?: true;
  /**
   * Validates and decodes the body as part of the attempt, so that a body corrupted in transit
   * (a damaged time series, a cut-off JSON) fails the attempt and is retried like a lost
   * connection, instead of failing the call after the response was accepted.
   */
  parse?: (body: unknown) => unknown;
}

/** What a request sent `withMeta: true` resolves to (diagnostics need the status and `Date`). */
export interface ResponseMeta {
  readonly body: unknown;
  readonly status: number;
  /** Lower-case names, credentials redacted. */
  readonly headers: Readonly<Record<string, string>>;
}
export interface Transport {
  /** Sends the request (auth, retries, decoding of the body) and returns the parsed JSON body (undefined when empty). */
  send(request: ApiRequest, options?: CallOptions): Promise<unknown>;
}
