import { RateLimitError, type SportsCloudClient } from '@sportscloud/core';
import type { ListUnit, SyncStorage } from '../storage/types';
import { isFatal } from './errors';
import { settleAll } from './settle';

/**
 * The "update" calls of the reference's data-synchronisation pattern: cheap lists that show what is new
 * or changed. Each list is one unit, committed with its checkpoint; a resumed run skips the units it
 * already committed, so a crash costs at most the lists in flight.
 */

export interface ListContext {
  client: SportsCloudClient;
  storage: SyncStorage;
  consumerId: string;
  now(): number;
  overlapMs: number;
  since: string | undefined;
  concurrency: number;
  signal: AbortSignal | undefined;
  doneUnits: Set<string>;
  commit(unit: ListUnit, unitKey: string, checkpoint?: { scope: string; listedAt: string }): Promise<void>;
  stopped(): boolean;
  /** A list failed with a documented error (e.g. 403 for an account no longer granted): the run goes on. */
  onError(unitKey: string, error: unknown): void;
}

export interface ListOutcome {
  quotaResetAt?: number;
}

/** List units a run will have, from what the database knows (for the estimate before it starts). */
export async function estimateListUnits(
  storage: SyncStorage,
  consumerId: string,
): Promise<{ total: number; keys: Set<string> }> {
  const keys = new Set(['accounts', 'types']);
  for (const accountId of await storage.accountIds(consumerId)) {
    for (const kind of ['teams', 'athletes', 'coaches']) keys.add(`${kind}:${accountId}`);
    for (const athleteId of await storage.athleteIds(accountId))
      keys.add(`measurements:${accountId}:${athleteId}`);
    for (const teamId of await storage.teamIds(accountId)) keys.add(`sessions:${accountId}:${teamId}`);
  }
  return { total: keys.size, keys };
}

export async function runLists(ctx: ListContext): Promise<ListOutcome> {
  const { client, storage } = ctx;
  const call = ctx.signal ? { signal: ctx.signal } : {};
  let quotaResetAt: number | undefined;
  const halted = () => ctx.stopped() || quotaResetAt !== undefined;

  async function unit(key: string, list: () => Promise<ListUnit>, scope?: string): Promise<void> {
    if (ctx.doneUnits.has(key) || halted()) return;
    // The checkpoint is the time the list was asked for: anything that starts later is in the next one.
    const listedAt = new Date(ctx.now()).toISOString();
    try {
      const listed = await list();
      await ctx.commit(listed, key, scope ? { scope, listedAt } : undefined);
      ctx.doneUnits.add(key);
    } catch (error) {
      if (error instanceof RateLimitError && error.scope === 'daily') {
        quotaResetAt = error.resetAt?.getTime() ?? ctx.now();
        return;
      }
      if (isFatal(error)) throw error;
      // Not committed, so its checkpoint stays: the next run lists the same window again.
      ctx.onError(key, error);
    }
  }

  async function pool(items: Array<() => Promise<void>>): Promise<void> {
    let failed = false;
    const worker = async () => {
      for (let next = items.shift(); next && !halted() && !failed; next = items.shift()) {
        try {
          await next();
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await settleAll(Array.from({ length: Math.max(1, ctx.concurrency) }, worker));
  }

  async function fromTime(scope: string): Promise<string | undefined> {
    const checkpoint = await storage.checkpoint(ctx.consumerId, scope);
    if (!checkpoint) return ctx.since;
    return new Date(Date.parse(checkpoint) - ctx.overlapMs).toISOString();
  }

  await unit('accounts', async () => ({ kind: 'accounts', accounts: await client.accounts.list(call) }));
  await unit('types', async () => ({
    kind: 'types',
    sportsTypes: await client.sportsTypes.list(call),
    eventTypes: await client.eventTypes.list(call),
  }));
  const accountIds = await storage.accountIds(ctx.consumerId);
  await pool(
    accountIds.flatMap((accountId) => [
      () =>
        unit(`teams:${accountId}`, async () => ({
          kind: 'teams',
          accountId,
          teams: await client.teams.list({ accountId }, call).toArray(),
        })),
      () =>
        unit(`athletes:${accountId}`, async () => ({
          kind: 'athletes',
          accountId,
          athletes: await client.athletes.list({ accountId }, call).toArray(),
        })),
      () =>
        unit(`coaches:${accountId}`, async () => ({
          kind: 'coaches',
          accountId,
          coaches: await client.coaches.list({ accountId }, call).toArray(),
        })),
    ]),
  );
  const activity: Array<() => Promise<void>> = [];
  for (const accountId of accountIds) {
    for (const athleteId of await storage.athleteIds(accountId)) {
      const scope = `measurements:${accountId}:${athleteId}`;
      activity.push(async () => {
        const from = await fromTime(scope);
        await unit(
          scope,
          async () => ({
            kind: 'measurements',
            accountId,
            athleteId,
            from,
            measurements: await client.measurements
              .list({ accountId, athleteId, includeLaps: true, ...(from ? { fromTime: from } : {}) }, call)
              .toArray(),
          }),
          scope,
        );
      });
    }
    for (const teamId of await storage.teamIds(accountId)) {
      const scope = `sessions:${accountId}:${teamId}`;
      activity.push(async () => {
        const from = await fromTime(scope);
        await unit(
          scope,
          async () => ({
            kind: 'sessions',
            accountId,
            teamId,
            from,
            sessions: await client.sessions
              .list({ accountId, teamId, includeLaps: true, ...(from ? { fromTime: from } : {}) }, call)
              .toArray(),
          }),
          scope,
        );
      });
    }
  }
  await pool(activity);
  return quotaResetAt === undefined ? {} : { quotaResetAt };
}
