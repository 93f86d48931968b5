import { type BeforeApplicationShutdown, Logger, type LoggerService } from '@nestjs/common';
import {
  ConfigurationError,
  DOCUMENTED_RATE_LIMITS,
  InMemoryRateLimitStore,
  type RateLimitStore,
  SportsCloudClient,
} from '@sportscloud/core';
import { ClientStatusTracker, type SportsCloudStatus } from './client-status';
import { clientLoggerFor, logClientEvents } from './internal/nest-logger';
import { ShutdownGate } from './internal/shutdown-gate';
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  MAX_SHUTDOWN_TIMEOUT_MS,
  type SportsCloudModuleOptions,
} from './sports-cloud.options';
import { DEFAULT_CLIENT_NAME } from './tokens';

interface OpenClient {
  readonly client: SportsCloudClient;
  readonly status: ClientStatusTracker;
  readonly gate: ShutdownGate;
  readonly shutdownTimeout: number;
  readonly logger: LoggerService | undefined;
  readonly context: string;
  readonly unsubscribe: () => void;
  references: number;
}

/**
 * The open clients of one application, by consumer and base URL: a second registration for the
 * same consumer (another feature module, another name) shares the first one's client, since each
 * client owns a token cache and a rate limiter and two of them would double the budget. Kept per
 * application (keyed by its module container), so separate apps — tests — never share a client.
 */
export type OpenClients = Map<string, OpenClient>;
const applications = new WeakMap<object, OpenClients>();

/** The open clients of the application that owns `container` (its `ModulesContainer`). */
export function openClientsOf(container: object): OpenClients {
  let clients = applications.get(container);
  if (!clients) {
    clients = new Map();
    applications.set(container, clients);
  }
  return clients;
}

function registryKey(options: SportsCloudModuleOptions): string {
  return `${options.baseURL ?? ''}\n${options.consumerId}`;
}

function checkShutdownTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SHUTDOWN_TIMEOUT_MS) {
    throw new ConfigurationError(
      `SportsCloudModule: shutdownTimeout must be a number of ms from 0 to ${MAX_SHUTDOWN_TIMEOUT_MS} (got ${String(value)})`,
    );
  }
  return value;
}

function openClient(
  options: SportsCloudModuleOptions,
  injectedStore: RateLimitStore | undefined,
  context: string,
): OpenClient {
  const { logger: loggerOption, shutdownTimeout, ...clientOptions } = options;
  const bound = checkShutdownTimeout(shutdownTimeout);
  const logger = loggerOption === false ? undefined : (loggerOption ?? new Logger(context));
  const gate = new ShutdownGate();
  const clock = gate.clock(options.clock);
  const status = new ClientStatusTracker(
    clock,
    options.rateLimit?.dailyQuota ?? DOCUMENTED_RATE_LIMITS.dailyQuota,
  );
  const store = options.rateLimitStore ?? injectedStore ?? new InMemoryRateLimitStore();
  const client = new SportsCloudClient({
    ...clientOptions,
    fetch: gate.fetch(options.fetch),
    clock,
    rateLimitStore: status.countingStore(store),
    ...(logger ? { logger: clientLoggerFor(logger, context) } : {}),
  });
  const offs = [
    status.observe(client),
    client.on('request', () => gate.enter()),
    client.on('response', () => gate.leave()),
    ...(logger ? [logClientEvents(client, logger, context)] : []),
  ];
  return {
    client,
    status,
    gate,
    shutdownTimeout: bound,
    logger,
    context,
    unsubscribe: () => {
      for (const off of offs) off();
    },
    references: 0,
  };
}

/**
 * One registration's client: created once, on first use, whatever the scope of the providers
 * that inject it (a provider made request-scoped by its options factory is still given this one
 * client), and drained at application shutdown within `shutdownTimeout`.
 */
export class SportsCloudConnection implements BeforeApplicationShutdown {
  #open?: OpenClient;
  #openClients?: OpenClients;
  #closing?: Promise<void>;

  constructor(readonly name: string) {}

  /** The client for these options, opening it on the first call; later calls get the same one. */
  client(
    options: SportsCloudModuleOptions,
    injectedStore: RateLimitStore | undefined,
    openClients: OpenClients,
  ): SportsCloudClient {
    if (this.#open) return this.#open.client;
    if (!options || typeof options !== 'object') {
      throw new ConfigurationError('SportsCloudModule: the options factory returned no options object');
    }
    const context = this.name === DEFAULT_CLIENT_NAME ? 'SportsCloud' : `SportsCloud:${this.name}`;
    const key = registryKey(options);
    let open = openClients.get(key);
    if (open) {
      open.logger?.warn(
        `the "${this.name}" client is registered for consumer ${options.consumerId} again: sharing the open client (its options apply)`,
        context,
      );
    } else {
      open = openClient(options, injectedStore, context);
      openClients.set(key, open);
    }
    open.references += 1;
    this.#open = open;
    this.#openClients = openClients;
    return open.client;
  }

  /** What the client has been doing, or undefined while it is not open yet. Sends nothing. */
  status(): SportsCloudStatus | undefined {
    return this.#open?.status.snapshot();
  }

  /** The open client, if any. */
  get current(): SportsCloudClient | undefined {
    return this.#open?.client;
  }

  /**
   * Lets calls in flight finish within `shutdownTimeout`, then aborts the rest. Runs before the HTTP
   * server closes, so requests that wait on the client can still answer.
   */
  beforeApplicationShutdown(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const open = this.#open;
    if (!open) return;
    open.references -= 1;
    if (open.references > 0) return;
    for (const [key, value] of this.#openClients ?? []) if (value === open) this.#openClients?.delete(key);
    const { aborted, waitedMs } = await open.gate.close(open.shutdownTimeout);
    open.unsubscribe();
    if (aborted) {
      open.logger?.warn(
        `calls still running after the shutdown timeout of ${open.shutdownTimeout} ms were aborted`,
        open.context,
      );
    } else {
      open.logger?.debug?.(`closed after ${waitedMs} ms`, open.context);
    }
  }
}
