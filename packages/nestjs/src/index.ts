export type { SportsCloudFailure, SportsCloudStatus } from './client-status';
export { SportsCloudConnection } from './sports-cloud.connection';
export { SportsCloudModule } from './sports-cloud.module';
export {
  MODULE_OPTIONS_TOKEN as SPORTS_CLOUD_MODULE_OPTIONS,
  type SportsCloudModuleAsyncOptions,
  type SportsCloudModuleForRootOptions,
} from './sports-cloud.module-definition';
export {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type SportsCloudModuleExtras,
  type SportsCloudModuleOptions,
} from './sports-cloud.options';
export {
  DEFAULT_CLIENT_NAME,
  getSportsCloudClientToken,
  getSportsCloudConnectionToken,
  InjectSportsCloudClient,
  SPORTS_CLOUD_RATE_LIMIT_STORE,
} from './tokens';
