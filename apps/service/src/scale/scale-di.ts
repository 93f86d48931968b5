/** Injection tokens of the scale-out parts. */
export const SCALE_CONFIG = Symbol('ScaleConfig');
export const CONSUMER_STORE = Symbol('ConsumerStore');
export const CONSUMER_SYNCS = Symbol('ConsumerSyncs');
export const SHARED_RATE_LIMIT_STORE = Symbol('SharedRateLimitStore');
