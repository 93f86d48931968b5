import type { RequestSnapshot, ResponseSnapshot } from './snapshots';
import {
  SportsCloudError,
  type SportsCloudErrorCode,
  type SportsCloudErrorOptions,
} from './sports-cloud-error';

/** The API answered with a status that is not a success. One subclass per documented status. */
export class APIError extends SportsCloudError {
  readonly status: number;

  constructor(
    code: SportsCloudErrorCode,
    message: string,
    options: SportsCloudErrorOptions & { status?: number },
  ) {
    super(code, message, options);
    this.status = options.response?.status ?? options.status ?? 0;
  }
}

/** 400: invalid payload, or a wrong URL or method (troubleshooting page). */
export class BadRequestError extends APIError {}
/** 401: JWT missing, malformed, badly signed or expired. */
export class AuthenticationError extends APIError {}
/** 403: `x-api-key` missing or wrong, or the account is closed. */
export class PermissionDeniedError extends APIError {}
/** 404: unknown id or path. */
export class NotFoundError extends APIError {}
/** 413 (and 419 in spec 1.0.0): the response would exceed the API's 6 MB limit. */
export class ResponseTooLargeError extends APIError {}
/** 5xx, including 504 Gateway Timeout. */
export class ServerError extends APIError {}
export class GatewayTimeoutError extends ServerError {}

export type RateLimitScope = 'burst' | 'daily';

/**
 * 429: `scope` says whether the burst bucket (ThrottledException) or the daily quota
 * (LimitExceededException) ran out. Without a `response`, the client itself refused to send the
 * request because it knows the day's quota is gone.
 */
export class RateLimitError extends APIError {
  readonly scope: RateLimitScope;
  /** From `Retry-After`, when the API sent one (it is not documented). */
  readonly retryAfterMs?: number;
  /** For the daily quota: the next 00:00 UTC, when it resets. */
  readonly resetAt?: Date;

  constructor(
    message: string,
    options: SportsCloudErrorOptions & { scope: RateLimitScope; retryAfterMs?: number; resetAt?: Date },
  ) {
    super('rate_limited', message, { ...options, status: 429 });
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

const HINTS: Record<number, string> = {
  400: 'check the URL, the HTTP method and the request body',
  401: 'the JWT is missing, badly signed or expired: check the consumer id, the shared secret and the local clock',
  403: 'the x-api-key header is missing or wrong, or the account is closed',
  404: 'unknown id or path',
  413: 'the response would exceed 6 MB: ask for fewer variables or a narrower resource',
  419: 'the response would exceed 6 MB: ask for fewer variables or a narrower resource',
};

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
  const hint = HINTS[status];
  const message = `${request.method} ${path} → ${status}${detail ? `: ${detail}` : ''}${hint ? ` (${hint})` : ''}`;
  const options = { request, response, ...(context.consumerId ? { consumerId: context.consumerId } : {}) };

  switch (true) {
    case status === 400:
      return new BadRequestError('bad_request', message, options);
    case status === 401:
      return new AuthenticationError('authentication', message, options);
    case status === 403:
      return new PermissionDeniedError('permission_denied', message, options);
    case status === 404:
      return new NotFoundError('not_found', message, options);
    case status === 413 || status === 419:
      return new ResponseTooLargeError('response_too_large', message, options);
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
      return new GatewayTimeoutError('server_error', message, options);
    case status >= 500:
      return new ServerError('server_error', message, options);
    default:
      return new APIError('api_error', message, options);
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
