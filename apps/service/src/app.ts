import 'reflect-metadata';
import type { Writable } from 'node:stream';
import {
  type DynamicModule,
  type INestApplication,
  Inject,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestMiddleware,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { TerminusModule } from '@nestjs/terminus';
import { DOCUMENTED_RATE_LIMITS } from '@sportscloud/core';
import { SportsCloudModule } from '@sportscloud/nestjs';
import { SportsCloudHealthIndicator } from '@sportscloud/nestjs/terminus';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import type { NextFunction, Request, Response } from 'express';
import { Logger, LoggerModule } from 'nestjs-pino';
import { MetricsController, SyncController, TokensController } from './admin.controller';
import { AuthGuard } from './auth';
import { Catalog } from './catalog';
import { CatalogController } from './catalog.controller';
import { loadConfig, type ServiceConfig } from './config';
import { serveDashboard } from './dashboard';
import { cursorKey, query } from './database';
import { serveDocs } from './docs';
import { ExportsController } from './exports.controller';
import { HealthController } from './health.controller';
import { Cursors } from './input';
import { LoadController } from './load.controller';
import { ServiceMetrics } from './metrics';
import { ResultsController } from './results.controller';
import type { ConsumerSyncs } from './scale/consumer-syncs';
import { QueuedSyncRunner } from './scale/queued-sync-runner';
import { type ScaleRuntime, scaleParts } from './scale/scale.module';
import { loadScaleConfig } from './scale/scale-config';
import { CONSUMER_SYNCS } from './scale/scale-di';
import type { SportsCloudSource } from './sports-cloud-source';
import { SyncRunner } from './sync-runner';
import { TokenStore } from './tokens';
import { CATALOG, CONFIG, OWN_SYNC, SOURCE, STORAGE, SYNC_AT_BOOT, TOKENS } from './tokens-di';

/** What the app is built from: opened before Nest starts, closed after it stops. */
export interface ServiceRuntime {
  config: ServiceConfig;
  storage: PostgresStorage;
  source: SportsCloudSource;
  /** Start a sync at boot (default true). */
  syncAtBoot?: boolean;
  /**
   * This process runs its environment consumer's sync itself and shows it (main.ts's `--quickstart`
   * and `--once`; default false). Its runs wait for a run of the consumer that another process holds
   * (a queued job of another instance, say) instead of failing. With REDIS_URL the boot sync of that
   * consumer runs here, not on the queue: the boot enqueue leaves it out, so it is synced once.
   */
  ownSync?: boolean;
  /**
   * With REDIS_URL, take part in the sync queue (default true): enqueue every consumer at boot and on
   * the schedule, and run the queue's jobs as a worker. `--once` does not: it is one run of its own
   * consumer, paced by the shared budget (`sharedRateLimitStore`), and opens no queue.
   */
  syncQueue?: boolean;
  /** Where logs go (default stdout): tests capture them to prove no secret is written. */
  logStream?: Writable;
  /** Scale-out (Redis queue, shared budget, stored consumers); default: one process, no stored consumers. */
  scale?: ScaleRuntime['scale'];
  sharedRateLimitStore?: ScaleRuntime['sharedRateLimitStore'];
}

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'sharedSecret',
  'apiKey',
  'token',
  '*.sharedSecret',
  '*.apiKey',
  '*.token',
];

@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  use(request: Request, response: Response, next: NextFunction) {
    response.on('finish', () => {
      // The route pattern, not the URL: ids would make the label set unbounded.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      this.metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}

@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    const { config, storage, source } = runtime;
    const scaleConfig = runtime.scale ?? loadScaleConfig({});
    const queued = scaleConfig.redis !== undefined && runtime.syncQueue !== false;
    const scale = scaleParts({
      scale: scaleConfig,
      queue: queued,
      ...(runtime.sharedRateLimitStore ? { sharedRateLimitStore: runtime.sharedRateLimitStore } : {}),
    });
    return {
      module: AppModule,
      imports: [
        // @nestjs/config validated the environment before boot (serviceConfigModule, read by
        // loadConfig: the storage opens with it first); this serves that result.
        ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ service: config })] }),
        ScheduleModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.logLevel,
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              // Query strings may carry filters, never credentials; headers are redacted above.
              customProps: () => ({ service: 'sportscloud' }),
              autoLogging: { ignore: (req) => req.url === '/health/live' },
            },
            runtime.logStream ?? process.stdout,
          ],
        }),
        // The module's client serves the opt-in diagnosis; the sync runs its own, metered by the database.
        // With Redis, the diagnosis draws on the consumer's shared budget like every worker does.
        SportsCloudModule.forRoot({
          ...source.client,
          logger: false,
          ...(runtime.sharedRateLimitStore ? { rateLimitStore: runtime.sharedRateLimitStore } : {}),
        }),
        ...scale.imports,
      ],
      controllers: [
        HealthController,
        CatalogController,
        ResultsController,
        ExportsController,
        SyncController,
        TokensController,
        MetricsController,
        LoadController,
        ...scale.controllers,
      ],
      providers: [
        ...scale.providers,
        { provide: CONFIG, useValue: config },
        { provide: STORAGE, useValue: storage },
        { provide: SOURCE, useValue: source },
        { provide: SYNC_AT_BOOT, useValue: runtime.syncAtBoot ?? true },
        { provide: OWN_SYNC, useValue: runtime.ownSync ? source.client.consumerId : undefined },
        { provide: TOKENS, useFactory: () => new TokenStore(storage) },
        {
          provide: CATALOG,
          inject: [SyncRunner, CONSUMER_SYNCS],
          useFactory: async (runner: SyncRunner, syncs: ConsumerSyncs) =>
            new Catalog(storage, new Cursors(await cursorKey(storage)), async () => [
              runner.consumerId,
              ...(await syncs.ids()),
            ]),
        },
        {
          provide: ServiceMetrics,
          useFactory: () =>
            new ServiceMetrics(async () => {
              const now = Date.now();
              const day = new Date(now).toISOString().slice(0, 10);
              const consumerId = source.client.consumerId;
              const { used } = await storage.quotaUsed(consumerId, day);
              const counts = await storage.counts(await storage.accountIds(consumerId));
              const [last] = await query(
                storage,
                sql`select max(finished_at) as at from sc_runs where consumer_id = ${consumerId} and state = 'done'`,
              );
              const dailyQuota = source.client.rateLimit?.dailyQuota ?? DOCUMENTED_RATE_LIMITS.dailyQuota;
              return {
                quotaUsed: used,
                quotaRemaining: Math.max(0, dailyQuota - used),
                pending: counts.pending,
                ...(last?.at ? { lastSuccessAt: new Date(last.at as string).getTime() } : {}),
              };
            }),
        },
        // With Redis the queue's workers run the syncs: this instance runs none of its own (but its
        // own consumer's boot sync with `ownSync`).
        queued ? { provide: SyncRunner, useClass: QueuedSyncRunner } : SyncRunner,
        SportsCloudHealthIndicator,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sports Cloud sync service')
    .setDescription(
      'The data a sync keeps of Firstbeat Sports Cloud: accounts, teams, athletes, sessions, measurements, results and exports. Every route but /health/live needs a bearer token (`token create`).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token from `token create`' }, 'token')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Builds the Nest app: logs through pino, OpenAPI at /docs-json, Swagger UI at /docs (both need a
 * token, like every route but liveness), the dashboard at / (when built). The caller
 * listens, and closes it (then the storage and the source) on a signal.
 */
export async function createApp(runtime: ServiceRuntime): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(runtime), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  serveDocs(app, openApiDocument(app));
  serveDashboard(app);
  return app;
}

export { loadConfig };
