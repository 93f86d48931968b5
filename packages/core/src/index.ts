// The public surface of @sportscloud/core, reviewed in etc/core.api.md (see scripts/api-report.mjs).
// Resource classes are exported as types only: the client constructs them (`client.sessions`…).

export { MAX_TOKEN_LIFETIME_S } from './auth/jwt';
export {
  type ClientOptions,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type RegisterOptions,
  SportsCloudClient,
} from './client';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decoders/limits';
export { type DecodeResultsOptions, decodeResults, isRawTimeSeries, isTimeSeries } from './decoders/results';
export {
  beatTimes,
  parseSamplingRate,
  type SeriesTiming,
  type StartTime,
  sampleTimes,
  seriesTimes,
} from './decoders/sampling';
export { decodeTimeSeries } from './decoders/time-series';
export type {
  AnyTimeSeriesVariable,
  Decoded,
  DecodedMeasurementList,
  DecodedVariable,
  DecodedVariableList,
  RawTimeSeriesVariable,
  RawVariable,
  ScalarVariable,
  SeriesBits,
  SeriesOfType,
  SeriesType,
  TimeSeriesArray,
  TimeSeriesArrayMap,
  TimeSeriesArrayOf,
  TimeSeriesFields,
  TimeSeriesVariable,
  WithDecodedVariables,
} from './decoders/types';
export type {
  DiagnoseOptions,
  DiagnosisCheck,
  DiagnosisCheckId,
  DiagnosisReport,
  DiagnosisStatus,
} from './diagnostics/diagnose';
export { formatDiagnosis } from './diagnostics/format';
export type { SessionsCheckOptions } from './diagnostics/sessions-check';
export type { AccountResource, RotateSharedSecretOptions } from './endpoints/account';
export type { Accounts } from './endpoints/accounts';
export type { Athletes } from './endpoints/athletes';
export type { Coaches } from './endpoints/coaches';
export type { EventTypes } from './endpoints/event-types';
export type { Measurements } from './endpoints/measurements';
export type {
  AccountParams,
  AthleteParams,
  CoachParams,
  IntegerId,
  MeasurementLapResultsParams,
  MeasurementListParams,
  MeasurementParams,
  MeasurementResultsParams,
  OneOrMany,
  QueryParams,
  ResultsFormat,
  ResultsParams,
  SessionLapResultsParams,
  SessionListParams,
  SessionParams,
  SessionResultsParams,
  TeamParams,
  TimeInput,
} from './endpoints/params';
export type { APIResource, ResultsResource } from './endpoints/resource';
export { DEFAULT_RESPONSE_LIMIT_BYTES } from './endpoints/results/split-results';
export type {
  Account,
  AccountsResponse,
  ActivityLabels,
  ApiKey,
  ApiKeyResponse,
  Athlete,
  AthleteMeasurement,
  AthletesPage,
  AuthorizedBy,
  Coach,
  CoachesPage,
  Group,
  KnownMeasurementType,
  Measurement,
  MeasurementLap,
  MeasurementLapResults,
  MeasurementResults,
  MeasurementsPage,
  MeasurementType,
  RegisterResponse,
  ResultVariableBody,
  ScalarVariableBody,
  Session,
  SessionLap,
  SessionLapMeasurementResults,
  SessionLapResults,
  SessionMeasurementResults,
  SessionResults,
  SessionsPage,
  SharedSecret,
  Team,
  TeamsPage,
  TimeSeriesVariableBody,
  TimeSpan,
} from './endpoints/schemas';
export { MEASUREMENT_TYPES } from './endpoints/schemas';
export type { Sessions, WithMissingAthletes } from './endpoints/sessions';
export type { SportsTypes } from './endpoints/sports-types';
export type { Teams } from './endpoints/teams';
export {
  DEFAULT_RESULT_SERIES,
  DEFAULT_RESULT_VARIABLES,
  ON_REQUEST_RESULT_SERIES,
  RESULT_SCALARS,
} from './endpoints/variables';
export * from './errors';
export type { SportsCloudErrorOptions } from './errors/sports-cloud-error';
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
