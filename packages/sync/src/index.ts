export { type OpenStorageOptions, openStorage, StorageConfigurationError } from './storage/open';
export { InvalidFilterError, PostgresStorage } from './storage/postgres-storage';
export type * from './storage/types';
export { contentHash } from './sync/hash';
