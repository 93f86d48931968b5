import type { CallOptions } from '../transport/types';
import { defineGet } from './define';
import { APIResource } from './resource';
import { stringListSchema } from './schemas';

const list = defineGet({
  operation: 'sportsTypes.list',
  path: '/sports/sports-types',
  response: stringListSchema,
});

export class SportsTypes extends APIResource {
  /** Valid `sportsType` values (`'football'`, `'running'`, …). Fetch rather than hard-code: the list grows. */
  list(options?: CallOptions): Promise<string[]> {
    return list(this.transport, {}, options);
  }
}
