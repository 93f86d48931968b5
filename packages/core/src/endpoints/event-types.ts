import type { CallOptions } from '../transport/types';
import { defineGet } from './define';
import { APIResource } from './resource';
import { stringListSchema } from './schemas';

const list = defineGet({
  operation: 'eventTypes.list',
  path: '/sports/event-types',
  response: stringListSchema,
});

export class EventTypes extends APIResource {
  /** Valid `eventType` values (`'game'`, `'training'`, …). */
  list(options?: CallOptions): Promise<string[]> {
    return list(this.transport, {}, options);
  }
}
