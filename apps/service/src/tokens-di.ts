/** Injection tokens of the service's own values (config, storage, the Sports Cloud source). */
export const CONFIG = Symbol('ServiceConfig');
export const STORAGE = Symbol('SyncStorage');
export const SOURCE = Symbol('SportsCloudSource');
export const TOKENS = Symbol('TokenStore');
export const CATALOG = Symbol('Catalog');
/** Whether the sync runs once at boot (`createApp`'s `syncAtBoot`, true unless told otherwise). */
export const SYNC_AT_BOOT = 'SYNC_AT_BOOT';
