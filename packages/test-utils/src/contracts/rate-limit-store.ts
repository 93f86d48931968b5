/**
 * The behaviour every rate-limit store of `@sportscloud/core` must have (its `RateLimitStore`
 * interface: `take` and `penalise`, atomic per key), as a suite any test runner can run. The types
 * are structural, so this package needs no dependency on the core.
 */

export interface ContractRateLimits {
  readonly perSecond: number;
  readonly burst: number;
  readonly dailyQuota: number;
}

export type ContractTakeResult =
  | { readonly granted: true }
  | { readonly granted: false; readonly scope: 'burst'; readonly retryInMs: number }
  | { readonly granted: false; readonly scope: 'daily'; readonly resetAt: number };

/** What the suite needs of a store: the core's `RateLimitStore`. */
export interface RateLimitStoreUnderTest {
  take(key: string, now: number, limits: ContractRateLimits): Promise<ContractTakeResult>;
  penalise(key: string, now: number, scope: 'burst' | 'daily', limits: ContractRateLimits): Promise<void>;
}

/** A runner's `describe` and `it` (vitest, jest, node:test, Deno's std/testing/bdd…). */
export interface ContractRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  /** Registers a case the store does not take part in (vitest's `it.skip`); without it, such cases are left out. */
  skip?(name: string, body: () => Promise<void>): void;
}

/** One step of {@link ProcessTakesJob}: `count` takes on `key`. */
export interface ProcessTakesStep {
  readonly key: string;
  readonly limits: ContractRateLimits;
  readonly count: number;
}

/** What every process of a cross-process case does, all of them starting together. */
export interface ProcessTakesJob {
  /** How many processes, each with its own store on the shared backend. */
  readonly processes: number;
  /** The `now` every take passes (a store on its own clock, such as Redis `TIME`, ignores it). */
  readonly now: number;
  /** Takes in flight at once in each process. */
  readonly concurrency: number;
  readonly steps: readonly ProcessTakesStep[];
}

/**
 * Runs a job in separate processes (`@sportscloud/test-utils/node` has one for Node:
 * `takeFromNodeProcesses`), and gives each process's results: `[process][step][take]`.
 */
export type TakeFromProcesses = (job: ProcessTakesJob) => Promise<ContractTakeResult[][][]>;

/** A part of the contract a store does not take part in, and why (shown in the skipped case's name). */
export interface SkipContractPart {
  readonly skip: string;
}

export interface RateLimitStoreContractOptions {
  /** Gives the store back after a case (close a connection, drop its keys). */
  readonly dispose?: (store: RateLimitStoreUnderTest) => void | Promise<void>;
  /** Prefixed to every key, so runs against a shared server (Redis…) do not meet. */
  readonly keyPrefix?: string;
  /**
   * For stores shared by several processes: runs takes in several processes at once against one
   * backend. In-memory stores skip it: `{ skip: 'why' }`.
   */
  readonly processes?: TakeFromProcesses | SkipContractPart;
  /**
   * Makes the backend lose every key of the store, as a restart without persistence does (a Redis
   * FLUSH of the store's prefix). The case then checks that the store grants no fresh burst the API
   * would refuse. Stores whose state cannot be lost on its own skip it: `{ skip: 'why' }`.
   */
  readonly loseState?: (() => Promise<void>) | SkipContractPart;
}

/** A store for one case: a fresh one, or a shared one and keys no other case uses. */
export type MakeRateLimitStore = () => RateLimitStoreUnderTest | Promise<RateLimitStoreUnderTest>;

export interface ContractCase {
  readonly name: string;
  readonly run: () => Promise<void>;
  /** Why the store does not take part in this case (then `run` does nothing). */
  readonly skip?: string;
}

const DAY_MS = 86_400_000;
/** 2026-11-26 10:00:00 UTC: mid-day, so a day boundary is always a deliberate step. */
const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIDNIGHT = Date.UTC(2026, 10, 27);
const DOCUMENTED: ContractRateLimits = { perSecond: 1, burst: 60, dailyQuota: 5000 };

class ContractViolation extends Error {
  override name = 'ContractViolation';
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new ContractViolation(`${what}: expected ${e}, got ${a}`);
}

async function takeMany(
  store: RateLimitStoreUnderTest,
  key: string,
  n: number,
  now: number,
  limits: ContractRateLimits,
) {
  const results: ContractTakeResult[] = [];
  for (let i = 0; i < n; i++) results.push(await store.take(key, now, limits));
  return results;
}

const granted = (results: readonly ContractTakeResult[]) => results.filter((r) => r.granted).length;

/**
 * One process's part of a {@link ProcessTakesJob}: each step's takes, `concurrency` in flight at a
 * time. A child process of a {@link TakeFromProcesses} runs this against its own store.
 */
export async function takeForJob(
  store: RateLimitStoreUnderTest,
  job: Pick<ProcessTakesJob, 'now' | 'concurrency' | 'steps'>,
): Promise<ContractTakeResult[][]> {
  const out: ContractTakeResult[][] = [];
  for (const step of job.steps) {
    const results: ContractTakeResult[] = new Array(step.count);
    let next = 0;
    const lane = async () => {
      while (next < step.count) {
        const at = next++;
        results[at] = await store.take(step.key, job.now, step.limits);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(job.concurrency, step.count)) }, lane));
    out.push(results);
  }
  return out;
}

/**
 * The cases of the contract, each a function that throws a `ContractViolation` naming what differs.
 * Use {@link runRateLimitStoreContract} to register them with a test runner.
 */
export function rateLimitStoreContract(
  makeStore: MakeRateLimitStore,
  options: RateLimitStoreContractOptions = {},
): ContractCase[] {
  const prefix = options.keyPrefix ?? '';
  const withStore =
    (body: (store: RateLimitStoreUnderTest, key: (name: string) => string) => Promise<void>) =>
    async (): Promise<void> => {
      const store = await makeStore();
      try {
        // Every case meets a store that has been in use for two days: a store that is cautious with
        // keys it has never seen right after losing its state (Redis) is not mistaken for one that
        // starves new consumers.
        await store.take(`${prefix}~in-use`, T0 - 2 * DAY_MS, DOCUMENTED);
        await body(store, (name) => `${prefix}${name}`);
      } finally {
        await options.dispose?.(store);
      }
    };
  const cases: [string, (store: RateLimitStoreUnderTest, key: (name: string) => string) => Promise<void>][] =
    [
      [
        'a new key starts with a full bucket: `burst` requests at once, then a burst refusal',
        async (store, key) => {
          const results = await takeMany(store, key('a'), 61, T0, DOCUMENTED);
          same(granted(results.slice(0, 60)), 60, 'granted of the first 60');
          same(results[60], { granted: false, scope: 'burst', retryInMs: 1000 }, 'the 61st');
        },
      ],
      [
        'the wait is for the missing part of a token, at the configured rate',
        async (store, key) => {
          const limits = { perSecond: 1, burst: 2, dailyQuota: 100 };
          await takeMany(store, key('partial'), 2, T0, limits);
          same(
            await store.take(key('partial'), T0 + 400, limits),
            { granted: false, scope: 'burst', retryInMs: 600 },
            'after 400 ms at 1/s',
          );
          same(await store.take(key('partial'), T0 + 1000, limits), { granted: true }, 'after 1 s at 1/s');
          const fast = { perSecond: 4, burst: 1, dailyQuota: 100 };
          await store.take(key('fast'), T0, fast);
          same(
            await store.take(key('fast'), T0, fast),
            { granted: false, scope: 'burst', retryInMs: 250 },
            'empty at 4/s',
          );
          same(
            await store.take(key('fast'), T0 + 100, fast),
            { granted: false, scope: 'burst', retryInMs: 150 },
            'after 100 ms at 4/s',
          );
          same(await store.take(key('fast'), T0 + 250, fast), { granted: true }, 'after 250 ms at 4/s');
          const slow = { perSecond: 0.5, burst: 1, dailyQuota: 100 };
          await store.take(key('slow'), T0, slow);
          same(
            await store.take(key('slow'), T0 + 500, slow),
            { granted: false, scope: 'burst', retryInMs: 1500 },
            'after 500 ms at 0.5/s',
          );
        },
      ],
      [
        'the bucket refills to `burst` and no further, and a clock step backwards adds nothing',
        async (store, key) => {
          const limits = { perSecond: 1, burst: 3, dailyQuota: 100 };
          await takeMany(store, key('b'), 3, T0, limits);
          const later = await takeMany(store, key('b'), 4, T0 + 3_600_000, limits);
          same(
            later.map((r) => r.granted),
            [true, true, true, false],
            'an hour later',
          );
          same(
            await store.take(key('b'), T0, limits),
            { granted: false, scope: 'burst', retryInMs: 1000 },
            'back at the earlier time',
          );
        },
      ],
      [
        'keys are independent',
        async (store, key) => {
          const limits = { perSecond: 1, burst: 1, dailyQuota: 100 };
          same(await store.take(key('k1'), T0, limits), { granted: true }, 'k1');
          same(await store.take(key('k2'), T0, limits), { granted: true }, 'k2');
          same((await store.take(key('k1'), T0, limits)).granted, false, 'k1 again');
        },
      ],
      [
        'the daily quota counts within one UTC day and resets at 00:00 UTC',
        async (store, key) => {
          const limits = { perSecond: 1000, burst: 1000, dailyQuota: 3 };
          same(
            await store.take(key('d'), MIDNIGHT - DAY_MS + 1000, limits),
            { granted: true },
            'just after midnight',
          );
          same(await store.take(key('d'), T0, limits), { granted: true }, 'mid-day');
          same(
            await store.take(key('d'), MIDNIGHT - 1000, limits),
            { granted: true },
            'just before midnight',
          );
          same(
            await store.take(key('d'), MIDNIGHT - 1, limits),
            { granted: false, scope: 'daily', resetAt: MIDNIGHT },
            'the 4th that day',
          );
          same(await store.take(key('d'), MIDNIGHT, limits), { granted: true }, 'at midnight');
        },
      ],
      [
        'a clock step back across 00:00 UTC keeps the later day: its count is not reset',
        async (store, key) => {
          const limits = { perSecond: 1000, burst: 1000, dailyQuota: 3 };
          for (let i = 0; i < 3; i++) await store.take(key('back'), MIDNIGHT + 1000, limits);
          // A failover to a server whose clock is a second behind must not open a fresh quota.
          same(
            await store.take(key('back'), MIDNIGHT - 500, limits),
            { granted: false, scope: 'daily', resetAt: MIDNIGHT + DAY_MS },
            'a take dated just before midnight, after 3 taken the next day',
          );
        },
      ],
      [
        'a burst penalty empties a bucket that still holds tokens; it refills as usual',
        async (store, key) => {
          await store.take(key('p'), T0, DOCUMENTED);
          await store.penalise(key('p'), T0, 'burst', DOCUMENTED);
          same(
            await store.take(key('p'), T0, DOCUMENTED),
            { granted: false, scope: 'burst', retryInMs: 1000 },
            'after the penalty',
          );
          same(await store.take(key('p'), T0 + 1000, DOCUMENTED), { granted: true }, 'a second later');
          // On a key never seen: the penalty applies too.
          await store.penalise(key('fresh'), T0, 'burst', DOCUMENTED);
          same(
            (await store.take(key('fresh'), T0, DOCUMENTED)).granted,
            false,
            'a fresh key after a penalty',
          );
        },
      ],
      [
        'a daily penalty closes the UTC day, however much quota was left; the next day opens',
        async (store, key) => {
          await store.take(key('c'), T0, DOCUMENTED);
          await store.penalise(key('c'), T0, 'daily', DOCUMENTED);
          same(
            await store.take(key('c'), T0 + 60_000, DOCUMENTED),
            { granted: false, scope: 'daily', resetAt: MIDNIGHT },
            'later that day',
          );
          same(await store.take(key('c'), MIDNIGHT, DOCUMENTED), { granted: true }, 'the next day');
        },
      ],
      [
        'concurrent takes are atomic: exactly `burst` of them are granted',
        async (store, key) => {
          const limits = { perSecond: 1, burst: 5, dailyQuota: 100 };
          const results = await Promise.all(
            Array.from({ length: 20 }, () => store.take(key('race'), T0, limits)),
          );
          same(granted(results), 5, 'granted of 20 concurrent takes');
        },
      ],
    ];
  const contract: ContractCase[] = cases.map(([name, body]) => ({ name, run: withStore(body) }));
  contract.push(
    part(
      'takes from several processes at once are atomic: exactly `burst` granted, and exactly the daily quota',
      options.processes,
      'no `processes` runner was given, so the store was not tested across processes',
      (processes) =>
        withStore(async (_store, key) => {
          const job: ProcessTakesJob = {
            processes: 4,
            now: T0,
            concurrency: 4,
            steps: [
              // A refill of 0.001/s adds under 0.01 token while the processes run, even on a real clock.
              {
                key: key('procs-burst'),
                limits: { perSecond: 0.001, burst: 50, dailyQuota: 10_000 },
                count: 30,
              },
              {
                key: key('procs-daily'),
                limits: { perSecond: 1000, burst: 1000, dailyQuota: 37 },
                count: 30,
              },
            ],
          };
          const byProcess = await processes(job);
          same(byProcess.length, 4, 'processes that answered');
          const [burst, daily] = [0, 1].map((step) => byProcess.flatMap((steps) => steps[step] ?? []));
          same([burst!.length, daily!.length], [120, 120], 'takes answered per step');
          same(granted(burst!), 50, 'granted of 120 takes from 4 processes, burst 50');
          same(
            burst!.every((r) => r.granted || r.scope === 'burst'),
            true,
            'every refusal of the burst step is a burst refusal',
          );
          same(granted(daily!), 37, 'granted of 120 takes from 4 processes, daily quota 37');
          same(
            daily!.every((r) => r.granted || r.scope === 'daily'),
            true,
            'every refusal of the daily step is a daily refusal',
          );
        }),
    ),
    part(
      'a store that lost its state (a restart without persistence) grants no fresh burst the API would refuse',
      options.loseState,
      'no `loseState` was given, so losing the state was not tested',
      (loseState) =>
        withStore(async (store, key) => {
          same(granted(await takeMany(store, key('lost'), 60, T0, DOCUMENTED)), 60, 'granted before');
          await loseState();
          // The API's bucket is as empty as the store's was, and refills at 1/s from here.
          same((await store.take(key('lost'), T0, DOCUMENTED)).granted, false, 'right after the loss');
          const tenLater = granted(await takeMany(store, key('lost'), 60, T0 + 10_000, DOCUMENTED));
          if (tenLater > 10)
            throw new ContractViolation(`10 s after the loss: granted ${tenLater} of 60, the API has ≤ 10`);
          // A key it has not seen since the loss may be one the API has drained too.
          const fresh = granted(await takeMany(store, key('lost-other'), 60, T0 + 5_000, DOCUMENTED));
          if (fresh > 5)
            throw new ContractViolation(
              `5 s after the loss, another key: granted ${fresh} of 60, ≤ 5 expected`,
            );
          // …and it recovers: once a whole bucket has refilled, a full burst again.
          same(
            granted(await takeMany(store, key('lost'), 61, T0 + 200_000, DOCUMENTED)),
            60,
            'granted once the bucket refilled',
          );
        }),
    ),
  );
  return contract;
}

/** An optional part of the contract: the case when the store takes part, or a skipped one saying why. */
function part<T extends object>(
  name: string,
  given: T | SkipContractPart | undefined,
  missing: string,
  run: (given: T) => () => Promise<void>,
): ContractCase {
  if (given === undefined) return { name, skip: missing, run: async () => {} };
  if ('skip' in given) return { name, skip: given.skip, run: async () => {} };
  return { name, run: run(given) };
}

/**
 * Registers the rate-limit-store contract with a test runner:
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * runRateLimitStoreContract({ describe, it, skip: it.skip }, () => createRedisRateLimitStore({ redis, prefix, time: 'caller' }), {
 *   processes: takeFromNodeProcesses({ module: new URL('./store.ts', import.meta.url), execArgv: ['--import', 'tsx'] }),
 *   loseState: () => deleteKeys(prefix),
 * });
 * ```
 */
export function runRateLimitStoreContract(
  runner: ContractRunner,
  makeStore: MakeRateLimitStore,
  options: RateLimitStoreContractOptions = {},
): void {
  runner.describe('RateLimitStore contract', () => {
    for (const { name, run, skip } of rateLimitStoreContract(makeStore, options)) {
      if (skip === undefined) runner.it(name, run);
      else runner.skip?.(`${name} (skipped: ${skip})`, run);
    }
  });
}
