export {
  type ContractCase,
  type ContractRateLimits,
  type ContractRunner,
  type ContractTakeResult,
  type MakeRateLimitStore,
  type ProcessTakesJob,
  type ProcessTakesStep,
  type RateLimitStoreContractOptions,
  type RateLimitStoreUnderTest,
  rateLimitStoreContract,
  runRateLimitStoreContract,
  type SkipContractPart,
  type TakeFromProcesses,
  takeForJob,
} from './contracts/rate-limit-store';
export {
  buildAccount,
  buildAthlete,
  buildCoach,
  buildGroup,
  buildMeasurement,
  buildMeasurementLap,
  buildPage,
  buildResults,
  buildScalar,
  buildSession,
  buildSessionLap,
  buildSessionResults,
  buildTeam,
  buildTimeSeries,
  type ResultsBuildOptions,
  type TimeSeriesBuildOptions,
} from './data/builders';
export { keyedRng, mulberry32, type Rng } from './data/prng';
export type { ResultsFormat } from './data/results';
export {
  type AnalysisOptions,
  type AnalysisState,
  type Dataset,
  type DatasetOptions,
  DEFAULT_DATASET,
  type SeededAccount,
  type SeededMeasurement,
  type SeededSession,
  seedDataset,
} from './data/seed';
export type * from './data/types';
export { SCALARS, type ScalarSpec, SERIES, type SeriesSpec } from './data/variables';
export { EVENT_TYPES, SPORTS_TYPES } from './data/words';
export { brotliStore } from './encoding/brotli-store';
export { encodeTimeSeries, packTimeSeries, type SeriesEncoding } from './encoding/encode-timeseries';
export { zstdStore } from './encoding/zstd-store';
export {
  type Clock,
  createSimulatedClock,
  DEFAULT_CLOCK_START,
  type SimulatedClock,
  type SimulatedClockOptions,
  systemClock,
} from './fake/clock';
export type { ConsumerCredentials } from './fake/consumers';
export { FAULT_KINDS, type FaultKind, type FaultOptions, type FaultProfile } from './fake/faults';
export type { LimitOptions } from './fake/limits';
export { isConnectionReset } from './fake/network-error';
export type { FakeStats, RequestLogEntry } from './fake/recorder';
export { type OperationName, ROUTES, type Route } from './fake/router';
export {
  type AuthHeaders,
  createFakeSportsCloud,
  DEFAULT_RESPONSE_LIMIT_BYTES,
  type FakeSportsCloud,
  type FakeSportsCloudOptions,
} from './fake/server';
export { runInSimulatedTime, type SimulationOptions } from './fake/simulation';
export { signSportsCloudToken, type TokenOptions } from './fake/tokens';
