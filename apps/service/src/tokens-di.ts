/** Injection tokens of the service's own values (config, storage, the Sports Cloud source). */
export const CONFIG = Symbol('ServiceConfig');
export const STORAGE = Symbol('SyncStorage');
export const SOURCE = Symbol('SportsCloudSource');
export const TOKENS = Symbol('TokenStore');
export const CATALOG = Symbol('Catalog');
/** Whether the sync runs once at boot (`createApp`'s `syncAtBoot`, true unless told otherwise). */
export const SYNC_AT_BOOT = 'SYNC_AT_BOOT';
/**
 * The consumer whose sync this process runs itself and shows (the environment's, for main.ts's
 * `--quickstart` and `--once`; `createApp`'s `ownSync`), or undefined. Its runs wait for a run of the
 * consumer another process holds rather than fail; with REDIS_URL it syncs that consumer at boot
 * itself, and the queue's boot enqueue leaves the consumer out (one sync of it, not two).
 */
export const OWN_SYNC = 'OWN_SYNC';
