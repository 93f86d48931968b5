import { Counter, Gauge, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, in a registry of its own (two apps in one process, as in the
 * tests, do not collide). Gauges that describe the database are filled when scraped.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'service_http_requests_total',
    help: 'HTTP requests served, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly apiResponses = new Counter({
    name: 'sportscloud_responses_total',
    help: 'Sports Cloud API responses seen by the sync, by status (0: no response)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly apiThrottled = new Counter({
    name: 'sportscloud_429_total',
    help: 'Sports Cloud 429 answers (burst or daily limit)',
    registers: [this.registry],
  });
  readonly exportBytes = new Counter({
    name: 'service_export_bytes_total',
    help: 'Bytes streamed by exports, by format',
    labelNames: ['format'] as const,
    registers: [this.registry],
  });
  readonly syncRuns = new Counter({
    name: 'sync_runs_total',
    help: 'Finished sync runs, by outcome',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  /** Set by the sync runner (it is created after the metrics). */
  isRunning: () => boolean = () => false;

  constructor(
    read: () => Promise<{
      quotaUsed: number;
      quotaRemaining: number;
      pending: number;
      lastSuccessAt?: number;
    }>,
  ) {
    let snapshot: ReturnType<typeof read> | undefined;
    // One database read per scrape, shared by the gauges.
    const current = () => {
      snapshot ??= read().finally(() => setTimeout(() => (snapshot = undefined), 0));
      return snapshot;
    };
    const gauge = (name: string, help: string, pick: (s: Awaited<ReturnType<typeof read>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set(pick(await current()));
        },
      });
    gauge(
      'sportscloud_quota_used_today',
      'Requests counted against the daily quota today (UTC)',
      (s) => s.quotaUsed,
    );
    gauge('sportscloud_quota_remaining_today', 'Requests left today', (s) => s.quotaRemaining);
    gauge(
      'sync_items_pending',
      'Results waiting to be fetched (new, changed, 202 not yet answered)',
      (s) => s.pending,
    );
    gauge('sync_lag_seconds', 'Seconds since the last sync that finished its work (-1: none yet)', (s) =>
      s.lastSuccessAt === undefined ? -1 : Math.max(0, (Date.now() - s.lastSuccessAt) / 1000),
    );
    gauge('sync_running', '1 while a sync runs', () => (this.isRunning() ? 1 : 0));
  }
}
