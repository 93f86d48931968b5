export { type BucketState, penaliseBucket, takeFromBucket } from './bucket.ts';
export { type CheckpointStore, InMemoryCheckpointStore } from './checkpoint.ts';
export { clientOptionsFromEnv, createClientFromEnv, ENV_NAMES, type EnvSource } from './config.ts';
export { CSV_HEADER } from './csv.ts';
export { createReadApi, type ReadApiOptions, toJsonText } from './read-api.ts';
export {
  createIncrementalSync,
  type IncrementalSyncOptions,
  type SessionResultsOf,
  type SyncedSession,
  type SyncRunReport,
  type SyncTarget,
} from './sync.ts';
