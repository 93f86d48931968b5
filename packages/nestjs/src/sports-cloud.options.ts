import type { LoggerService, Provider } from '@nestjs/common';
import type { ClientOptions } from '@sportscloud/core';

/** Options of one client: the core client's options, with Nest's logger and a shutdown bound. */
export interface SportsCloudModuleOptions extends Omit<ClientOptions, 'logger'> {
  /**
   * Where the client logs: by default Nest's `Logger` (context `SportsCloud`, or `SportsCloud:<name>`
   * for a named client), so the app's logger and log levels apply. `false` logs nothing.
   */
  logger?: LoggerService | false;
  /**
   * How long in ms calls still running at application shutdown may take to finish before they
   * are aborted (default 10 000; at most 600 000). Needs `app.enableShutdownHooks()` for signals.
   */
  shutdownTimeout?: number;
}

/** Options of the module itself, allowed in `forRoot` and `forRootAsync` alike. */
export interface SportsCloudModuleExtras {
  /** Registers the client in every module of the app (default false). */
  isGlobal?: boolean;
  /** Registers a named client, injected with `@InjectSportsCloudClient(name)`. */
  name?: string;
  /** Providers the options factory may inject (and a `SPORTS_CLOUD_RATE_LIMIT_STORE`). */
  extraProviders?: Provider[];
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
export const MAX_SHUTDOWN_TIMEOUT_MS = 600_000;
