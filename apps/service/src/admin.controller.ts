import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SportsCloudHealthIndicator } from '@sportscloud/nestjs/terminus';
import type { Response } from 'express';
import { CurrentPrincipal, RequireScope } from './auth';
import type { Catalog } from './catalog';
import * as input from './input';
import { ServiceMetrics } from './metrics';
import { ConsumerPlans } from './scale/consumer-plans';
import { SyncQueue } from './scale/sync-queue';
import { SyncRunner } from './sync-runner';
import { type Principal, TokenInputError, type TokenStore } from './tokens';
import { CATALOG, TOKENS } from './tokens-di';

@ApiTags('sync')
@ApiBearerAuth('token')
@Controller('api/sync')
export class SyncController {
  constructor(
    @Inject(SyncRunner) private readonly runner: SyncRunner,
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(SportsCloudHealthIndicator) private readonly sportsCloud: SportsCloudHealthIndicator,
    @Inject(ConsumerPlans) private readonly plans: ConsumerPlans,
    /** Present with REDIS_URL: the syncs run on the queue's workers. */
    @Optional() @Inject(SyncQueue) private readonly queue?: SyncQueue,
  ) {}

  @Get('status')
  @ApiOkResponse({
    description:
      "Last and next run, the current run's progress, 202s pending, errors with their documented cause, quota used and left today, and whether the work left finishes today or when it resumes. Counts and errors cover this token's accounts.",
  })
  async status(@CurrentPrincipal() principal: Principal) {
    const accounts = (await this.catalog.accounts(principal.accounts)).map((a) => a.accountId);
    // Every consumer's plan, from the counters all instances share (the answer is the same on each).
    const consumers = await this.plans.forPrincipal(principal);
    const status = await this.runner.status(accounts);
    // This process's runs belong to its own consumer: a token limited to other consumers, or whose
    // accounts are all another consumer's, sees only its own accounts' counts and errors.
    const runnerConsumer = this.runner.consumerId;
    const seesRunner =
      (principal.consumers === undefined || principal.consumers.includes(runnerConsumer)) &&
      (principal.accounts === '*' || (await this.catalog.anyOfConsumer(runnerConsumer, accounts)));
    if (!seesRunner) return { counts: status.counts, errors: status.errors, consumers };
    return { ...status, consumers };
  }

  @Get('diagnose')
  @RequireScope('admin')
  @ApiOkResponse({
    description:
      "The API's troubleshooting checks (clock, JWT, API key, granted accounts, URL) with cause and fix of each failure: two API requests, at most once a minute",
  })
  diagnose() {
    return this.sportsCloud.diagnose('sportsCloud', { cacheMs: 60_000 });
  }

  @Post()
  @HttpCode(202)
  @RequireScope('admin')
  @ApiResponse({ status: 202, description: 'A run started, or one is already running (started: false)' })
  async trigger() {
    if (this.queue) {
      const consumers = await this.queue.enqueueAll();
      return {
        started: consumers.length > 0,
        consumers,
        message:
          consumers.length > 0 ? 'sync jobs queued' : "every consumer's sync is already queued or running",
      };
    }
    const { started } = this.runner.trigger('request');
    return { started, message: started ? 'sync started' : 'a sync is already running' };
  }
}

@ApiTags('tokens')
@ApiBearerAuth('token')
@Controller('api/tokens')
export class TokensController {
  constructor(@Inject(TOKENS) private readonly tokens: TokenStore) {}

  @Get()
  @RequireScope('admin')
  @ApiOkResponse({ description: 'Tokens (ids, labels, scopes and accounts; never the token itself)' })
  async list() {
    return { items: await this.tokens.list() };
  }

  @Post()
  @RequireScope('admin')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['scopes', 'accounts'],
      properties: {
        label: { type: 'string', maxLength: 200 },
        scopes: { type: 'array', items: { type: 'string', enum: ['read', 'export', 'admin'] } },
        consumers: {
          type: 'array',
          items: { type: 'string' },
          description: 'Limit the token to these consumers',
        },
        accounts: {
          oneOf: [
            { type: 'array', items: { type: 'string' } },
            { type: 'string', enum: ['*'] },
          ],
        },
      },
    },
  })
  @ApiResponse({ status: 201, description: 'The new token: shown this once, stored only as a hash' })
  async create(@Body() body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw input.badRequest('body', 'must be a JSON object with scopes and accounts');
    const { label, scopes, accounts, consumers } = body as Record<string, unknown>;
    if (label !== undefined && (typeof label !== 'string' || label.length > 200))
      throw input.badRequest('label', 'must be a string of up to 200 characters');
    try {
      const created = await this.tokens.create({
        ...(label !== undefined ? { label: label as string } : {}),
        scopes: scopes as string[],
        accounts: accounts as '*' | string[],
        ...(consumers !== undefined ? { consumers: consumers as string[] } : {}),
      });
      return { token: created.token, ...created.info };
    } catch (error) {
      if (error instanceof TokenInputError)
        throw input.badRequest(error.field, error.message.slice(error.field.length + 2));
      throw error;
    }
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @RequireScope('admin')
  @ApiParam({ name: 'tokenId', example: 1 })
  @ApiResponse({ status: 204, description: 'Revoked' })
  async revoke(@Param('tokenId') tokenId: string) {
    if (!(await this.tokens.revoke(input.id('tokenId', tokenId))))
      throw new NotFoundException('no such active token');
  }
}

@ApiTags('metrics')
@ApiBearerAuth('token')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  @Get()
  @RequireScope('admin')
  @ApiOkResponse({ description: 'Prometheus text format' })
  async scrape(@Res() response: Response) {
    response.setHeader('content-type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }
}
