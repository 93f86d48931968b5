import {
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth';
import * as input from '../input';
import type { SportsCloudSource } from '../sports-cloud-source';
import { CONSUMER_ID_PATTERN, CONSUMER_ID_RULE } from '../tokens';
import { SOURCE } from '../tokens-di';
import { removeConsumer } from './consumer-removal';
import { ConsumerInputError, type ConsumerStore, EncryptionKeyMissingError } from './consumer-store';
import { CONSUMER_STORE } from './scale-di';
import { SyncQueue } from './sync-queue';

@ApiTags('consumers')
@ApiBearerAuth('token')
@Controller('api/consumers')
export class ConsumersController {
  constructor(
    @Inject(CONSUMER_STORE) private readonly consumers: ConsumerStore,
    @Inject(SOURCE) private readonly source: SportsCloudSource,
    /** Present with REDIS_URL: a removed consumer's waiting job is cancelled. */
    @Optional() @Inject(SyncQueue) private readonly queue?: SyncQueue,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiOkResponse({
    description: 'Consumers stored in the database (ids, labels, limits; never a credential)',
  })
  async list() {
    return { items: await this.consumers.list() };
  }

  @Post()
  @RequireScope('admin')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['consumerId', 'sharedSecret'],
      properties: {
        consumerId: { type: 'string' },
        sharedSecret: { type: 'string', writeOnly: true },
        apiKey: { type: 'string', writeOnly: true },
        baseURL: { type: 'string' },
        label: { type: 'string', maxLength: 200 },
        rateLimit: {
          type: 'object',
          properties: {
            perSecond: { type: 'integer' },
            burst: { type: 'integer' },
            dailyQuota: { type: 'integer' },
          },
        },
      },
    },
  })
  @ApiResponse({
    status: 201,
    description:
      'Stored (credentials encrypted with SPORTSCLOUD_ENCRYPTION_KEY); the answer holds no credential',
  })
  async add(@Body() body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw input.badRequest('body', 'must be a JSON object with consumerId and sharedSecret');
    try {
      return await this.consumers.put(body as Parameters<ConsumerStore['put']>[0]);
    } catch (error) {
      if (error instanceof ConsumerInputError)
        throw input.badRequest(error.field, error.message.slice(error.field.length + 2));
      if (error instanceof EncryptionKeyMissingError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }

  @Delete(':consumerId')
  @RequireScope('admin')
  @ApiParam({ name: 'consumerId', example: 'club-1' })
  @ApiOkResponse({
    description:
      "Removed: the stored row (credentials included) is deleted, the consumer's waiting job cancelled (a running one finishes), its synced data kept; the answer holds no credential",
  })
  @ApiResponse({ status: 404, description: 'No stored consumer with this id' })
  async remove(@Param('consumerId') consumerId: string) {
    if (!CONSUMER_ID_PATTERN.test(consumerId))
      throw input.badRequest('consumerId', `must be ${CONSUMER_ID_RULE}`);
    const removed = await removeConsumer(this.consumers, consumerId, {
      ...(this.queue ? { cancelJob: (id: string) => this.queue!.cancel(id) } : {}),
      ...(this.source.demo ? {} : { environmentConsumerId: this.source.client.consumerId }),
    });
    if (!removed) throw new NotFoundException(`no stored consumer ${consumerId}`);
    return removed;
  }
}
