import type { SportsCloudClient } from '@sportscloud/core';
import { loadSettings, type ResolvedCredentials, requireCredentials, type Settings } from './credentials';
import type { CliIO } from './io';
import { loadCore } from './lazy';
import type { Output } from './output';
import { LedgerRateLimitStore, QuotaLedger } from './quota-ledger';

/** Options every command takes. */
export interface GlobalFlags {
  json?: boolean;
  config?: string;
  baseUrl?: string;
}

/** What a command runs with: the process's streams, the output, Ctrl-C, and lazily the credentials. */
export class CommandContext {
  #settings: Settings | undefined;

  constructor(
    readonly io: CliIO,
    readonly output: Output,
    readonly signal: AbortSignal,
    readonly flags: GlobalFlags,
  ) {}

  settings(options?: { configMayBeMissing?: boolean }): Settings {
    this.#settings ??= loadSettings(this.io, this.output, this.flags, options);
    return this.#settings;
  }

  credentials(): ResolvedCredentials {
    return requireCredentials(this.settings());
  }

  ledger(consumerId: string): QuotaLedger {
    const ledger = new QuotaLedger(QuotaLedger.stateDir(this.io), consumerId);
    ledger.prune(Date.now());
    return ledger;
  }

  /** A client whose every request is counted in this consumer's quota ledger. */
  async client(): Promise<{
    client: SportsCloudClient;
    ledger: QuotaLedger;
    credentials: ResolvedCredentials;
  }> {
    const credentials = this.credentials();
    const { InMemoryRateLimitStore, SportsCloudClient } = await loadCore();
    const ledger = this.ledger(credentials.consumerId);
    const client = new SportsCloudClient({
      consumerId: credentials.consumerId,
      sharedSecret: credentials.sharedSecret,
      ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}),
      ...(credentials.baseURL ? { baseURL: credentials.baseURL } : {}),
      rateLimitStore: new LedgerRateLimitStore(ledger, new InMemoryRateLimitStore()),
    });
    return { client, ledger, credentials };
  }
}
