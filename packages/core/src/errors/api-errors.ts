import { causeOfStatus } from './causes';
import type { RequestSnapshot, ResponseSnapshot } from './snapshots';
import {
  SportsCloudError,
  type SportsCloudErrorCode,
  type SportsCloudErrorOptions,
} from './sports-cloud-error';

/** What an API error is made from: the redacted request and response, or at least a status. */
export type APIErrorOptions = SportsCloudErrorOptions & { status?: number };

/**
 * The API answered with a status that is not a success. One subclass per documented status, each
 * with a code of its own; `api_error` is for a status no subclass covers.
 */
export class APIError extends SportsCloudError {
  override readonly code: SportsCloudErrorCode = 'api_error';
  readonly status: number;

  constructor(message: string, options: APIErrorOptions) {
    super('api_error', message, options);
    this.status = options.response?.status ?? options.status ?? 0;
  }
}

/** 400: invalid payload, or a wrong URL or method (troubleshooting page). */
export class BadRequestError extends APIError {
  override readonly code = 'bad_request';
}
/** 401: JWT missing, malformed, badly signed or expired. */
export class AuthenticationError extends APIError {
  override readonly code = 'authentication';
}
/** 403: `x-api-key` missing or wrong, or the account is closed. */
export class PermissionDeniedError extends APIError {
  override readonly code = 'permission_denied';
}
/** 404: unknown id or path. */
export class NotFoundError extends APIError {
  override readonly code = 'not_found';
}
/** 413 (and 419 in spec 1.0.0): the response would exceed the API's 6 MB limit. */
export class ResponseTooLargeError extends APIError {
  override readonly code = 'response_too_large';
}
/** 5xx but 504. */
export class ServerError extends APIError {
  override readonly code: 'server_error' | 'gateway_timeout' = 'server_error';
}
/** 504: the gateway gave up waiting, often on a results body too large to make in time. */
export class GatewayTimeoutError extends ServerError {
  override readonly code = 'gateway_timeout';
}

export type RateLimitScope = 'burst' | 'daily';

/**
 * 429: `scope` says whether the burst bucket (ThrottledException) or the daily quota
 * (LimitExceededException) ran out. Without a `response`, the client itself refused to send the
 * request because it knows the day's quota is gone.
 */
export class RateLimitError extends APIError {
  override readonly code = 'rate_limited';
  readonly scope: RateLimitScope;
  /** From `Retry-After`, when the API sent one (it is not documented). */
  readonly retryAfterMs?: number;
  /** For the daily quota: the next 00:00 UTC, when it resets. */
  readonly resetAt?: Date;

  constructor(
    message: string,
    options: SportsCloudErrorOptions & { scope: RateLimitScope; retryAfterMs?: number; resetAt?: Date },
  ) {
    super(message, { ...options, status: 429 });
    this.scope = options.scope;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.resetAt) this.resetAt = options.resetAt;
  }
}

/** Milliseconds from a `Retry-After` header (delta-seconds or HTTP date), if present and sane. */
function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The next 00:00:00 UTC after `now`: when the daily quota resets. */
function nextUtcMidnight(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}

function apiMessage(response: ResponseSnapshot): string | undefined {
  if (!response.body) return undefined;
  try {
    const body = JSON.parse(response.body) as unknown;
    if (body && typeof body === 'object') {
      const { message, error } = body as { message?: unknown; error?: unknown };
      if (typeof message === 'string') return message;
      if (typeof error === 'string') return error;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return response.body.slice(0, 200);
}

/** Maps an error response to its typed error. */
export function apiErrorFromResponse(
  request: RequestSnapshot,
  response: ResponseSnapshot,
  context: { now: number; consumerId?: string; redact?: (text: string) => string },
): APIError {
  const { status } = response;
  const path = safePath(request.url);
  // The body was redacted as text; its message is redacted again once JSON unescaped it (`\u002d`).
  const raw = apiMessage(response);
  const detail = raw === undefined ? undefined : (context.redact?.(raw) ?? raw);
  const hint = causeOfStatus(status);
  const message =
    `${request.method} ${path} → ${status}${detail ? `: ${detail}` : ''}` +
    (hint ? ` (${hint.cause}: ${hint.fix})` : '');
  const options = { request, response, ...(context.consumerId ? { consumerId: context.consumerId } : {}) };

  switch (true) {
    case status === 400:
      return new BadRequestError(message, options);
    case status === 401:
      return new AuthenticationError(message, options);
    case status === 403:
      return new PermissionDeniedError(message, options);
    case status === 404:
      return new NotFoundError(message, options);
    case status === 413 || status === 419:
      return new ResponseTooLargeError(message, options);
    case status === 429: {
      const daily = response.headers['x-amzn-errortype']?.startsWith('LimitExceeded') ?? false;
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], context.now);
      return new RateLimitError(message, {
        ...options,
        scope: daily ? 'daily' : 'burst',
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(daily ? { resetAt: nextUtcMidnight(context.now) } : {}),
      });
    }
    case status === 504:
      return new GatewayTimeoutError(message, options);
    case status >= 500:
      return new ServerError(message, options);
    default:
      return new APIError(message, options);
  }
}

function safePath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
