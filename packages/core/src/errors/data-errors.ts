import { SportsCloudError, type SportsCloudErrorOptions } from './sports-cloud-error';

/** Which decode limit a body crossed (see `DecodeLimits`). */
export type DecodeLimitName = 'maxSeriesBytes' | 'maxResponseBytes';

export interface DecodeErrorOptions extends SportsCloudErrorOptions {
  variable?: string;
  /** False when asking again cannot help (a limit crossed); default true (damage in transit). */
  retryable?: boolean;
  limit?: DecodeLimitName;
}

/** A body or a time series could not be decoded (corrupt base64 or zlib, bad length, unknown type). */
export class DecodeError extends SportsCloudError {
  /** The variable being decoded, when the failure is in a time series. */
  readonly variable?: string;
  /**
   * Whether asking again may give a different answer: true for damage in transit (a cut body,
   * corrupt base64 or zlib), false for a well-formed body the client cannot read (an unknown series
   * type) or one that decodes to more than a decode limit allows: the same bytes would come again.
   */
  readonly retryable: boolean;
  /** The limit crossed, when that is why decoding stopped. */
  readonly limit?: DecodeLimitName;
  constructor(message: string, options: DecodeErrorOptions = {}) {
    super('decode', options.variable ? `${options.variable}: ${message}` : message, options);
    if (options.variable) this.variable = options.variable;
    this.retryable = options.retryable ?? true;
    if (options.limit) this.limit = options.limit;
  }
}

export interface ValidationIssue {
  /** Where in the body, e.g. `athletes[3].athleteId`. */
  readonly path: string;
  readonly message: string;
}

/** A response did not match its schema: names the path and field of every problem. */
export class ValidationError extends SportsCloudError {
  readonly issues: readonly ValidationIssue[];
  constructor(operation: string, issues: readonly ValidationIssue[], options: SportsCloudErrorOptions = {}) {
    const listed = issues
      .slice(0, 5)
      .map((i) => `${i.path || '(body)'}: ${i.message}`)
      .join('; ');
    super('validation', `${operation} returned an unexpected body: ${listed}`, options);
    this.issues = issues;
  }
}

/** A bad argument was passed (an id that is not an id, …). Raised before any request is made. */
export class InvalidArgumentError extends SportsCloudError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('invalid_argument', `${argument}: ${message}`);
    this.argument = argument;
  }
}

/** The client was configured wrongly (no fetch available, missing consumer id, …). */
export class ConfigurationError extends SportsCloudError {
  constructor(message: string) {
    super('configuration', message);
  }
}

/** A list endpoint answered `more: true` without new items: following it would loop forever. */
export class PaginationError extends SportsCloudError {
  constructor(message: string, options: SportsCloudErrorOptions = {}) {
    super('pagination', message, options);
  }
}
