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
