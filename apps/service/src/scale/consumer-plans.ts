import { Inject, Injectable, Optional } from '@nestjs/common';
import type { RateLimitStore, RateLimits } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import { query, textArray } from '../database';
import type { Principal } from '../tokens';
import { STORAGE } from '../tokens-di';
import type { ConsumerSyncs } from './consumer-syncs';
import { type ConsumerPlan, planConsumer } from './quota-plan';
import { CONSUMER_SYNCS, SHARED_RATE_LIMIT_STORE } from './scale-di';

/** What a store may offer to read a consumer's budget without spending it (the Redis store does). */
interface UsageReader {
  usage(key: string, limits: RateLimits): Promise<{ usedToday: number }>;
}

import { SyncQueue } from './sync-queue';

/** The quota plan of every consumer a caller may see, for the status endpoint. */
@Injectable()
export class ConsumerPlans {
  constructor(
    @Inject(STORAGE) private readonly storage: PostgresStorage,
    @Inject(CONSUMER_SYNCS) private readonly syncs: ConsumerSyncs,
    @Optional() @Inject(SyncQueue) private readonly queue?: SyncQueue,
    @Optional()
    @Inject(SHARED_RATE_LIMIT_STORE)
    private readonly shared?: RateLimitStore & Partial<UsageReader>,
  ) {}

  /** Consumers the principal covers: its own list, or those granting one of its accounts. */
  async visibleTo(principal: Principal): Promise<string[]> {
    const all = await this.syncs.ids();
    if (principal.consumers) return all.filter((id) => principal.consumers!.includes(id));
    if (principal.accounts === '*') return all;
    const granting = await query(
      this.storage,
      sql`select distinct consumer_id from sc_consumer_accounts
          where account_id = any(${textArray(principal.accounts)}::text[]) and revoked_at is null`,
    );
    const ids = new Set(granting.map((r) => String(r.consumer_id)));
    return all.filter((id) => ids.has(id));
  }

  async forPrincipal(principal: Principal, now = Date.now()): Promise<ConsumerPlan[]> {
    const ids = await this.visibleTo(principal);
    const states = this.queue ? await this.queue.states(ids) : new Map<string, string>();
    const limitsOf = await this.syncs.limits(ids);
    const plans: ConsumerPlan[] = [];
    for (const id of ids) {
      const limits = limitsOf.get(id)!;
      // The shared budget also counts requests outside the sync (diagnosis, other tools).
      const sharedUsed = this.shared?.usage
        ? (await this.shared.usage(id, limits).catch(() => undefined))?.usedToday
        : undefined;
      const plan = await planConsumer(this.storage, id, limits.dailyQuota, now, sharedUsed);
      const job = states.get(id);
      plans.push(job ? { ...plan, job } : plan);
    }
    return plans;
  }
}
