export {
  APIError,
  type APIErrorOptions,
  AuthenticationError,
  BadRequestError,
  GatewayTimeoutError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RateLimitScope,
  ResponseTooLargeError,
  ServerError,
} from './api-errors';
export {
  ConfigurationError,
  DecodeError,
  type DecodeErrorOptions,
  type DecodeLimitName,
  InvalidArgumentError,
  PaginationError,
  ValidationError,
  type ValidationIssue,
} from './data-errors';
export { AnalysisFailedError, AnalysisPendingError } from './outcomes';
export type { RequestSnapshot, ResponseSnapshot, SupportBundle } from './snapshots';
export { isSportsCloudError, SportsCloudError, type SportsCloudErrorCode } from './sports-cloud-error';
export {
  AbortError,
  BodyTooLargeError,
  ConnectionError,
  RedirectError,
  TimeoutError,
} from './transport-errors';
