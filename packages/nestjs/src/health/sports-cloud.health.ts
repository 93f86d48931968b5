import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ConfigurationError, type DiagnosisReport } from '@sportscloud/core';
import type { SportsCloudConnection } from '../sports-cloud.connection';
import { clientName, getSportsCloudConnectionToken } from '../tokens';

export interface SportsCloudHealthOptions {
  /** The client's `name` from `forRoot`; the default client when left out. */
  client?: string;
}

export interface SportsCloudDiagnoseOptions extends SportsCloudHealthOptions {
  /** Total time in ms for the diagnosis (default 10 000). */
  timeout?: number;
  /** A diagnosis this recent (ms) is reported again instead of sending requests (default 60 000). */
  cacheMs?: number;
}

const MAX_TIMEOUT_MS = 120_000;
const MAX_CACHE_MS = 86_400_000;

function boundedMs(value: number | undefined, fallback: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new ConfigurationError(
      `SportsCloudHealthIndicator: ${what} must be from 0 to ${max} ms (got ${String(value)})`,
    );
  }
  return value;
}

/**
 * Terminus health checks for Sports Cloud clients.
 *
 * - `isHealthy(key)` reports what the client has seen — last success, last failure with its
 *   documented cause, throttling, the quota used today — and sends no request, so a probe every
 *   few seconds costs no quota.
 * - `diagnose(key)` is opt-in: it runs `client.diagnose()` (two requests), at most once per `cacheMs`.
 */
@Injectable()
export class SportsCloudHealthIndicator {
  readonly #diagnoses = new Map<string, { at: number; report: Promise<DiagnosisReport> }>();

  constructor(
    // Explicit tokens: no reliance on emitted design:paramtypes in the published build.
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  isHealthy<const Key extends string>(
    key: Key,
    options: SportsCloudHealthOptions = {},
  ): HealthIndicatorResult<Key> {
    const connection = this.#connection(options.client);
    const indicator = this.health.check(key);
    const status = connection.status();
    if (!status) return indicator.up({ client: connection.name, state: 'not opened yet' });
    const { healthy, reason, ...details } = status;
    return healthy
      ? indicator.up({ client: connection.name, ...details })
      : indicator.down({ client: connection.name, message: reason, ...details });
  }

  async diagnose<const Key extends string>(
    key: Key,
    options: SportsCloudDiagnoseOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const timeout = boundedMs(options.timeout, 10_000, MAX_TIMEOUT_MS, 'timeout');
    const cacheMs = boundedMs(options.cacheMs, 60_000, MAX_CACHE_MS, 'cacheMs');
    const connection = this.#connection(options.client);
    const indicator = this.health.check(key);
    const client = connection.current;
    if (!client) return indicator.down({ client: connection.name, message: 'the client is not opened yet' });

    const now = Date.now();
    let entry = this.#diagnoses.get(connection.name);
    if (!entry || now - entry.at >= cacheMs) {
      entry = { at: now, report: client.diagnose({ deadline: timeout }) };
      this.#diagnoses.set(connection.name, entry);
    }
    let report: DiagnosisReport;
    try {
      report = await entry.report;
    } catch (error) {
      this.#diagnoses.delete(connection.name);
      const code = (error as { code?: unknown }).code;
      return indicator.down({
        client: connection.name,
        message: `the diagnosis did not finish (${String(code ?? 'error')})`,
      });
    }
    const checks = report.checks.map(({ id, status, summary, cause, fix }) => ({
      id,
      status,
      summary,
      ...(cause ? { cause } : {}),
      ...(fix ? { fix } : {}),
    }));
    const data = {
      client: connection.name,
      consumerId: report.consumerId,
      checkedAt: report.checkedAt,
      checks,
    };
    return report.ok
      ? indicator.up(data)
      : indicator.down({ message: 'the connection check failed', ...data });
  }

  #connection(name: string | undefined): SportsCloudConnection {
    const token = getSportsCloudConnectionToken(clientName(name));
    try {
      return this.moduleRef.get<SportsCloudConnection>(token, { strict: false });
    } catch {
      throw new ConfigurationError(
        `SportsCloudHealthIndicator: no Sports Cloud client named "${clientName(name)}" is registered (import SportsCloudModule.forRoot${name ? `({ name: '${name}', … })` : '(…)'})`,
      );
    }
  }
}
