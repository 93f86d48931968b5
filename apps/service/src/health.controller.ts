import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import { Public } from './auth';
import { query } from './database';
import { SyncRunner } from './sync-runner';
import { STORAGE } from './tokens-di';

/** Codes that mean the integration itself is broken, not one item. */
const BROKEN = new Set(['authentication', 'permission_denied', 'connection', 'timeout', 'server_error']);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(STORAGE) private readonly storage: PostgresStorage,
    @Inject(SyncRunner) private readonly runner: SyncRunner,
  ) {}

  /** The process answers: no token, no database. */
  @Get('live')
  @Public()
  @ApiOkResponse({ description: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  /** The database answers and the Sports Cloud client is not failing as a whole. Sends no API request. */
  @Get('ready')
  @HealthCheck()
  @ApiBearerAuth('token')
  ready() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('database');
        try {
          await query(this.storage, sql`select 1`);
          return indicator.up({ engine: this.storage.engine });
        } catch {
          return indicator.down({ engine: this.storage.engine, message: 'the database does not answer' });
        }
      },
      () => {
        const indicator = this.indicators.check('sportsCloud');
        const { lastSuccessAt, lastFailure, lastSyncFailure } = this.runner.apiState();
        const failing =
          lastFailure &&
          BROKEN.has(lastFailure.code ?? '') &&
          (!lastSuccessAt || lastSuccessAt < lastFailure.at);
        const details = {
          ...(lastSuccessAt ? { lastSuccessAt } : {}),
          ...(lastFailure ? { lastFailure } : {}),
          ...(lastSyncFailure ? { lastSyncFailure } : {}),
        };
        return failing
          ? indicator.down({
              ...details,
              message: `the latest Sports Cloud request failed (${lastFailure.code})`,
            })
          : indicator.up(details);
      },
    ]);
  }
}
