export { FolderInUseError } from './storage/folder-lock';
export { type OpenStorageOptions, openStorage, StorageConfigurationError } from './storage/open';
export { InvalidFilterError, PostgresStorage } from './storage/postgres-storage';
export type * from './storage/types';
export { describeError } from './sync/errors';
export { contentHash } from './sync/hash';
export { nextUtcMidnight, QuotaLedger, utcDay } from './sync/quota';
export { SportsCloudSync, SyncConfigurationError, SyncInProgressError } from './sync/sync';
export * from './sync/types';
