export type { RotateSharedSecretOptions } from './auth/account-resource';
export { MAX_TOKEN_LIFETIME_S } from './auth/jwt';
export {
  type ClientOptions,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type RegisterOptions,
  SportsCloudClient,
} from './client';
export * from './decoders';
export * from './endpoints';
export * from './errors';
export type { Clock } from './internal/clock';
export type { Logger } from './internal/logger';
export * from './pagination';
export type { FetchLike } from './transport/resolve-fetch';
export type { CallOptions } from './transport/types';
export { VERSION } from './version';
