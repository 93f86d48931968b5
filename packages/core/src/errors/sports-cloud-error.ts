import { VERSION } from '../version';
import type { RequestSnapshot, ResponseSnapshot, SupportBundle } from './snapshots';

/** Stable, machine-readable error codes. Never renamed within a major version. */
export type SportsCloudErrorCode =
  | 'bad_request'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'response_too_large'
  | 'rate_limited'
  | 'server_error'
  | 'gateway_timeout'
  | 'api_error'
  | 'connection'
  | 'body_too_large'
  | 'redirect'
  | 'timeout'
  | 'aborted'
  | 'decode'
  | 'validation'
  | 'analysis_pending'
  | 'analysis_failed'
  | 'pagination'
  | 'invalid_argument'
  | 'configuration';

// A registry-wide symbol, so two bundled copies of this package recognise each other's errors.
const BRAND = Symbol.for('@sportscloud/core/error');

export interface SportsCloudErrorOptions {
  cause?: unknown;
  request?: RequestSnapshot;
  response?: ResponseSnapshot;
  consumerId?: string;
}

export class SportsCloudError extends Error {
  readonly code: SportsCloudErrorCode;
  /** The request that failed, redacted. */
  readonly request?: RequestSnapshot;
  /** The response that came back, redacted. */
  readonly response?: ResponseSnapshot;
  readonly consumerId?: string;

  constructor(code: SportsCloudErrorCode, message: string, options: SportsCloudErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.request) this.request = options.request;
    if (options.response) this.response = options.response;
    if (options.consumerId) this.consumerId = options.consumerId;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The consumer id, request and response that Firstbeat support needs, with credentials redacted. */
  toSupportBundle(): SupportBundle {
    return {
      ...(this.consumerId ? { consumerId: this.consumerId } : {}),
      error: { name: this.name, code: this.code, message: this.message },
      ...(this.request ? { request: this.request } : {}),
      ...(this.response ? { response: this.response } : {}),
      sdk: { name: '@sportscloud/core', version: VERSION },
    };
  }

  toJSON(): Record<string, unknown> {
    const { sdk: _sdk, error, ...rest } = this.toSupportBundle();
    return { ...error, ...rest };
  }
}

/**
 * Fills in the support context an error was raised without (a schema check does not know the
 * consumer or the request): fields already set are kept. Used by the transport only.
 */
export function withContext<E extends SportsCloudError>(
  error: E,
  context: Pick<SportsCloudErrorOptions, 'request' | 'response' | 'consumerId'>,
): E {
  const writable = error as { -readonly [K in keyof SportsCloudError]: SportsCloudError[K] };
  if (!error.consumerId && context.consumerId) writable.consumerId = context.consumerId;
  if (!error.request && context.request) writable.request = context.request;
  if (!error.response && context.response) writable.response = context.response;
  return error;
}

/** True for any error thrown by any copy of this package (works across bundles and realms). */
export function isSportsCloudError(value: unknown): value is SportsCloudError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
