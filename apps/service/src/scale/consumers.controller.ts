import { Body, Controller, Get, Inject, Post, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth';
import * as input from '../input';
import { ConsumerInputError, type ConsumerStore, EncryptionKeyMissingError } from './consumer-store';
import { CONSUMER_STORE } from './scale-di';

@ApiTags('consumers')
@ApiBearerAuth('token')
@Controller('api/consumers')
export class ConsumersController {
  constructor(@Inject(CONSUMER_STORE) private readonly consumers: ConsumerStore) {}

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
}
