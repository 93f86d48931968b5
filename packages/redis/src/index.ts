export {
  createRedisRateLimitStore,
  type RateLimitUsage,
  type RedisRateLimitStore,
  type RedisRateLimitStoreOptions,
} from './redis-rate-limit-store';
