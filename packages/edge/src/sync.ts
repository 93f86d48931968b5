import {
  ConfigurationError,
  isSportsCloudError,
  type Session,
  type SportsCloudClient,
} from '@sportscloud/core';
import type { CheckpointStore } from './checkpoint.ts';

/** One team to follow. */
export interface SyncTarget {
  readonly accountId: string;
  readonly teamId: number;
}

export type SessionResultsOf = Awaited<ReturnType<SportsCloudClient['sessions']['results']>>;

/** What the callback receives for every new session whose analysis is ready. */
export interface SyncedSession extends SyncTarget {
  readonly session: Session;
  readonly results: SessionResultsOf;
}

export interface IncrementalSyncOptions {
  readonly client: SportsCloudClient;
  readonly checkpoints: CheckpointStore;
  /** Receives each new session's decoded results; the checkpoint moves past it once this resolves. */
  readonly onSession: (item: SyncedSession) => unknown;
  /** Prefix of every checkpoint key (several syncs can share one store). Default `sportscloud-sync`. */
  readonly name?: string;
  /**
   * Teams to follow. Default: every team of every account the consumer is granted, listed on each
   * run (2 + one request per account).
   */
  readonly targets?: readonly SyncTarget[];
  /** On the first run, sessions starting at or after this time. Default: 7 days before the first run. */
  readonly since?: Date;
  /** Each run lists this far back again: coaches create sessions hours or days late (FAQ). Default 2 days. */
  readonly lookbackMs?: number;
  /** Wall time one run may use, rate-limit waits and 202 polls included. Default 25 s. */
  readonly budgetMs?: number;
  /** Sessions whose analysis is still running are retried on later runs; give up after this many. Default 50. */
  readonly maxPendingRuns?: number;
  /** Time source (tests inject one). */
  readonly clock?: { now(): number };
}

export interface SyncRunReport {
  /** Sessions handed to `onSession` in this run. */
  readonly delivered: number;
  /** Sessions left for a later run: analysis still running, or not reached within the budget. */
  readonly deferred: number;
  /** Sessions whose analysis failed (204) or stayed pending too long: skipped for good. */
  readonly skipped: number;
  /** Teams listed to the end in this run. */
  readonly teamsScanned: number;
  /** True when every team was scanned to the end; false when the budget ran out first. */
  readonly complete: boolean;
  readonly durationMs: number;
}

/** Per team: list from `from`; `seen` holds sessions already delivered (or skipped) at or after it. */
interface TeamCheckpoint {
  v: 1;
  from: number;
  seen: Record<string, number>;
  pendingRuns: Record<string, number>;
}

const DAY_MS = 86_400_000;
// Deno KV takes 64 KiB per value; a team's window holds far fewer sessions than this.
const MAX_SEEN = 2000;

function isTeamCheckpoint(value: unknown): value is TeamCheckpoint {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<TeamCheckpoint>;
  return (
    c.v === 1 && typeof c.from === 'number' && typeof c.seen === 'object' && typeof c.pendingRuns === 'object'
  );
}

function startOf(session: Session): number {
  const t = session.startTime === undefined ? Number.NaN : Date.parse(session.startTime);
  return Number.isFinite(t) ? t : 0;
}

class BudgetExhausted extends Error {}

/**
 * A Web-API-only incremental planner for cron-driven runtimes: each run lists recent sessions per
 * team, fetches the results of those not delivered yet, and stops before its time budget is spent.
 * The checkpoint is written after every delivered session, so a run that is cut off repeats at
 * most the session it was delivering (at-least-once).
 */
export function createIncrementalSync(options: IncrementalSyncOptions): {
  run(signal?: AbortSignal): Promise<SyncRunReport>;
} {
  const {
    client,
    checkpoints,
    onSession,
    name = 'sportscloud-sync',
    lookbackMs = 2 * DAY_MS,
    budgetMs = 25_000,
    maxPendingRuns = 50,
    clock = { now: () => Date.now() },
  } = options;
  for (const [label, value] of [
    ['lookbackMs', lookbackMs],
    ['budgetMs', budgetMs],
    ['maxPendingRuns', maxPendingRuns],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new ConfigurationError(`${label} must be a positive number, got ${value}`);
    }
  }
  if (typeof onSession !== 'function') throw new ConfigurationError('onSession must be a function');
  const cursorKey = `${name}/cursor`;
  const teamKey = (t: SyncTarget) => `${name}/team/${t.accountId}/${t.teamId}`;

  async function discover(remaining: () => number, signal?: AbortSignal): Promise<SyncTarget[]> {
    const targets: SyncTarget[] = [];
    for (const account of await client.accounts.list({ deadline: remaining(), signal })) {
      for await (const team of client.teams.list(
        { accountId: account.accountId },
        { deadline: remaining(), signal },
      )) {
        targets.push({ accountId: account.accountId, teamId: team.teamId });
      }
    }
    return targets;
  }

  return {
    async run(signal) {
      const startedAt = clock.now();
      const remaining = () => {
        const left = startedAt + budgetMs - clock.now();
        if (left <= 0) throw new BudgetExhausted();
        return left;
      };
      let delivered = 0;
      let deferred = 0;
      let skipped = 0;
      let teamsScanned = 0;
      let complete = false;
      const report = (): SyncRunReport => ({
        delivered,
        deferred,
        skipped,
        teamsScanned,
        complete,
        durationMs: clock.now() - startedAt,
      });
      // A call cut short by the budget surfaces as the client's timeout; anything else is a real failure.
      const outOfBudget = (error: unknown) =>
        error instanceof BudgetExhausted ||
        (isSportsCloudError(error) && error.code === 'timeout' && clock.now() >= startedAt + budgetMs - 1);

      let targets: readonly SyncTarget[];
      try {
        targets = options.targets ?? (await discover(remaining, signal));
      } catch (error) {
        if (outOfBudget(error)) return report();
        throw error;
      }
      if (targets.length === 0) {
        complete = true;
        return report();
      }
      const cursor = await checkpoints.get(cursorKey);
      const first = typeof cursor === 'number' && Number.isInteger(cursor) ? cursor % targets.length : 0;

      for (let n = 0; n < targets.length; n++) {
        const index = (first + n) % targets.length;
        const target = targets[index]!;
        const stored = await checkpoints.get(teamKey(target));
        const since = options.since?.getTime() ?? startedAt - 7 * DAY_MS;
        const state: TeamCheckpoint = isTeamCheckpoint(stored)
          ? stored
          : { v: 1, from: since, seen: {}, pendingRuns: {} };
        const save = () => checkpoints.put(teamKey(target), state);
        const later: number[] = [];
        try {
          const sessions = await client.sessions
            .list(
              { accountId: target.accountId, teamId: target.teamId, fromTime: new Date(state.from) },
              { deadline: remaining(), signal },
            )
            .toArray();
          sessions.sort((a, b) => startOf(a) - startOf(b) || a.sessionId - b.sessionId);
          for (const [i, session] of sessions.entries()) {
            const id = String(session.sessionId);
            if (id in state.seen) continue;
            const start = startOf(session);
            let results: SessionResultsOf;
            try {
              results = await client.sessions.results(
                {
                  accountId: target.accountId,
                  teamId: target.teamId,
                  sessionId: session.sessionId,
                  ...(session.athleteIds ? { athleteIds: session.athleteIds } : {}),
                },
                { deadline: remaining(), signal },
              );
            } catch (error) {
              if (outOfBudget(error)) {
                deferred += sessions.slice(i).filter((s) => !(String(s.sessionId) in state.seen)).length;
                later.push(start);
                throw new BudgetExhausted();
              }
              if (!isSportsCloudError(error)) throw error;
              if (error.code === 'analysis_pending' && (state.pendingRuns[id] ?? 0) + 1 < maxPendingRuns) {
                state.pendingRuns[id] = (state.pendingRuns[id] ?? 0) + 1;
                deferred++;
                later.push(start);
                continue;
              }
              if (error.code === 'analysis_failed' || error.code === 'analysis_pending') {
                state.seen[id] = start;
                delete state.pendingRuns[id];
                skipped++;
                await save();
                continue;
              }
              throw error;
            }
            await onSession({ ...target, session, results });
            state.seen[id] = start;
            delete state.pendingRuns[id];
            delivered++;
            await save();
          }
        } catch (error) {
          if (!outOfBudget(error)) {
            await save();
            throw error;
          }
          await save();
          await checkpoints.put(cursorKey, index);
          return report();
        }
        // Team done: move the window up to the lookback horizon, never past a session still pending.
        const horizon = Math.min(clock.now() - lookbackMs, ...later);
        state.from = Math.max(state.from, horizon);
        for (const [id, start] of Object.entries(state.seen)) if (start < state.from) delete state.seen[id];
        const ids = Object.keys(state.seen);
        if (ids.length > MAX_SEEN) {
          throw new ConfigurationError(
            `${ids.length} sessions inside the lookback window of team ${target.teamId}; lower lookbackMs`,
          );
        }
        await save();
        await checkpoints.put(cursorKey, (index + 1) % targets.length);
        teamsScanned++;
      }
      complete = true;
      return report();
    },
  };
}
