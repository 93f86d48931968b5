import type { CallOptions } from '../transport/types';
import { defineGet } from './define';
import { APIResource } from './resource';
import { type Account, accountsSchema } from './schemas';

const list = defineGet({ operation: 'accounts.list', path: '/sports/accounts', response: accountsSchema });

export class Accounts extends APIResource {
  /** The customer accounts this consumer may read. Empty until a coach has granted access. */
  async list(options?: CallOptions): Promise<Account[]> {
    return (await list(this.transport, {}, options)).accounts;
  }
}
