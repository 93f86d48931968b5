export { MAX_TOKEN_LIFETIME_S } from './auth/jwt';
export {
  type ClientOptions,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type RegisterOptions,
  SportsCloudClient,
} from './client';
export * from './decoders';
export type {
  DiagnoseOptions,
  DiagnosisCheck,
  DiagnosisCheckId,
  DiagnosisReport,
  DiagnosisStatus,
} from './diagnostics/diagnose';
export { formatDiagnosis } from './diagnostics/format';
export type { SessionsCheckOptions } from './diagnostics/sessions-check';
export * from './endpoints';
export type { RotateSharedSecretOptions } from './endpoints/account';
export { DEFAULT_RESPONSE_LIMIT_BYTES } from './endpoints/results/split-results';
export * from './errors';
export type { Clock } from './internal/clock';
export type { ClientEventListener, ClientEventName, ClientEvents } from './internal/events';
export type { Logger } from './internal/logger';
export * from './pagination';
export { DEFAULT_ARRIVAL_JITTER_MS } from './policies/headroom';
export { type AnalysisPollingOptions, DEFAULT_ANALYSIS_POLLING } from './policies/poll-analysis';
export {
  DOCUMENTED_RATE_LIMITS,
  InMemoryRateLimitStore,
  type RateLimitStore,
  type RateLimits,
  type TakeResult,
} from './policies/rate-limit-store';
export { DEFAULT_MAX_RESPONSE_BYTES } from './transport/http';
export { DEFAULT_MAX_REDIRECTS } from './transport/redirects';
export type { FetchLike } from './transport/resolve-fetch';
export type { CallOptions } from './transport/types';
export { VERSION } from './version';
