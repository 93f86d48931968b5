import { SportsCloudError, type SportsCloudErrorOptions } from './sports-cloud-error';

/** The request never got a response: DNS, refused or reset connection, truncated body. */
export class ConnectionError extends SportsCloudError {
  constructor(message: string, options: SportsCloudErrorOptions = {}) {
    super('connection', message, options);
  }
}

/** An attempt or the whole call ran past its timeout. */
export class TimeoutError extends SportsCloudError {
  readonly timeoutMs: number;
  constructor(message: string, options: SportsCloudErrorOptions & { timeoutMs: number }) {
    super('timeout', message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends SportsCloudError {
  constructor(message = 'The request was aborted by the caller', options: SportsCloudErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/**
 * The response body was larger than the client accepts (`maxResponseBytes`). The API never sends
 * more than 6 MB, so this is a broken or hostile server: the body was not read further, and the
 * request is not repeated.
 */
export class BodyTooLargeError extends SportsCloudError {
  /** The cap that was hit, in bytes of the decoded body. */
  readonly limitBytes: number;
  constructor(message: string, options: SportsCloudErrorOptions & { limitBytes: number }) {
    super('body_too_large', message, options);
    this.limitBytes = options.limitBytes;
  }
}

/**
 * A redirect that is not followed: to another origin (it would receive the credentials), a loop
 * longer than the hop limit, or one this runtime hides. Never retried.
 */
export class RedirectError extends SportsCloudError {
  /** Where the server sent the request (redacted), when it said. */
  readonly location?: string;
  constructor(message: string, options: SportsCloudErrorOptions & { location?: string }) {
    super('redirect', message, options);
    if (options.location !== undefined) this.location = options.location;
  }
}
