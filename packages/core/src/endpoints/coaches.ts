import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineGet, defineList } from './define';
import type { AccountParams, CoachParams } from './params';
import { APIResource } from './resource';
import { type Coach, coachesPageSchema, coachSchema } from './schemas';

const ACCOUNT_COACHES = '/sports/accounts/{accountId}/coaches';

const list = defineList({
  operation: 'coaches.list',
  path: ACCOUNT_COACHES,
  response: coachesPageSchema,
  items: 'coaches',
  id: (coach) => coach.coachId,
});
const get = defineGet({
  operation: 'coaches.get',
  path: `${ACCOUNT_COACHES}/{coachId}`,
  response: coachSchema,
});

export class Coaches extends APIResource {
  list(params: AccountParams, options?: CallOptions): PagedList<Coach> {
    return list(this.transport, params, options);
  }

  get(params: CoachParams, options?: CallOptions): Promise<Coach> {
    return get(this.transport, params, options);
  }
}
