import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineGet, defineList } from './define';
import type { AccountParams, AthleteParams } from './params';
import { APIResource } from './resource';
import { type Athlete, athleteSchema, athletesPageSchema } from './schemas';

const ACCOUNT_ATHLETES = '/sports/accounts/{accountId}/athletes';

const list = defineList({
  operation: 'athletes.list',
  path: ACCOUNT_ATHLETES,
  response: athletesPageSchema,
  items: 'athletes',
  id: (athlete) => athlete.athleteId,
});
const get = defineGet({
  operation: 'athletes.get',
  path: `${ACCOUNT_ATHLETES}/{athleteId}`,
  response: athleteSchema,
});

export class Athletes extends APIResource {
  /** Every athlete of the account, including those in no team. */
  list(params: AccountParams, options?: CallOptions): PagedList<Athlete> {
    return list(this.transport, params, options);
  }

  get(params: AthleteParams, options?: CallOptions): Promise<Athlete> {
    return get(this.transport, params, options);
  }
}
