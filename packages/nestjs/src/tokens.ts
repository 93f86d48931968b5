import { Inject } from '@nestjs/common';
import { ConfigurationError, SportsCloudClient } from '@sportscloud/core';

/** The name of the client registered by `forRoot` without a `name`; injected by its class. */
export const DEFAULT_CLIENT_NAME = 'default';

/**
 * The rate-limit store every client of the app uses (a `RateLimitStore` from `@sportscloud/core`).
 * Provide it (globally, through `imports`, or in `extraProviders`) to share one budget between
 * processes; without it each client keeps its budget in memory.
 */
export const SPORTS_CLOUD_RATE_LIMIT_STORE = 'SPORTS_CLOUD_RATE_LIMIT_STORE';

const NAME_PATTERN = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** Checks a client name; names become parts of injection tokens and log contexts. */
export function clientName(name: string | undefined): string {
  if (name === undefined) return DEFAULT_CLIENT_NAME;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new ConfigurationError(
      `SportsCloudModule: name must be 1-64 letters, digits, '_', '.' or '-' starting with a letter or digit (got ${JSON.stringify(String(name)).slice(0, 80)})`,
    );
  }
  return name;
}

/** The injection token of a client: the class itself for the default client, a string for a named one. */
export function getSportsCloudClientToken(name?: string): string | typeof SportsCloudClient {
  const checked = clientName(name);
  return checked === DEFAULT_CLIENT_NAME ? SportsCloudClient : `SportsCloudClient:${checked}`;
}

/** The token of a client's connection (its lifecycle and observed state); see `SportsCloudHealthIndicator`. */
export function getSportsCloudConnectionToken(name?: string): string {
  return `SportsCloudConnection:${clientName(name)}`;
}

/**
 * Injects a client: `@InjectSportsCloudClient('club')` for one registered with `forRoot({ name: 'club' })`.
 * The default client can also be injected by its class alone.
 */
export function InjectSportsCloudClient(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getSportsCloudClientToken(name));
}
