import { createFakeSportsCloud, type DatasetOptions } from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';

export interface FleetConsumer {
  consumerId: string;
  sharedSecret: string;
  apiKey: string;
  accountId: string;
}

/** Per consumer, what the fake served: every request, and how many it refused with 429. */
export interface ConsumerTraffic {
  requests: number;
  throttled: number;
}

/**
 * One fake Sports Cloud for a fleet of consumers, each granted its own account, with the API's
 * limit shapes (a token bucket and a daily quota per consumer) at the rates given. It counts each
 * consumer's requests and 429s itself (the fake's own log does not say whose a request was).
 */
export async function startFleetFake(options: {
  consumers: number;
  dataset: Omit<DatasetOptions, 'accounts'>;
  limits: { rate: number; burst: number; dailyQuota: number };
  seed?: number;
  /**
   * Serve a repeated GET from the first answer (the data is seeded, so it is the same): the fake's
   * own cost (generating and compressing series) then stays out of a benchmark of the workers. Only
   * with limits the workers cannot reach, since a cached answer skips the fake's limits and auth.
   */
  cacheAnswers?: boolean;
}) {
  const fake = createFakeSportsCloud({
    seed: options.seed ?? 12,
    dataset: { ...options.dataset, accounts: options.consumers },
    limits: options.limits,
    // No 202 or 204: every run asks the same questions, so request counts compare exactly.
    coldRatio: 0,
    failedRatio: 0,
  });
  const consumers: FleetConsumer[] = fake.data.accounts.map((account, i) => {
    const credentials = fake.registerConsumer({
      consumerName: `club ${i + 1}`,
      accountIds: [account.accountId],
    });
    return { ...credentials, accountId: account.accountId };
  });
  const byKey = new Map(consumers.map((c) => [c.apiKey, c.consumerId]));
  let traffic = new Map<string, ConsumerTraffic>();
  let onRequest: (total: number) => void = () => {};
  let total = 0;
  const answers = new Map<string, { status: number; headers: [string, string][]; body: ArrayBuffer }>();
  const answer = async (request: Request, consumerId: string): Promise<Response> => {
    if (!options.cacheAnswers || request.method !== 'GET') return fake.fetch(request);
    const key = `${consumerId} ${request.url.replace(/^https?:\/\/[^/]+/, '')}`;
    let cached = answers.get(key);
    if (!cached) {
      const response = await fake.fetch(request);
      if (response.status !== 200) return response;
      cached = { status: 200, headers: [...response.headers], body: await response.arrayBuffer() };
      answers.set(key, cached);
    }
    return new Response(cached.body.slice(0), { status: cached.status, headers: cached.headers });
  };
  const server = await startFakeServer({
    fetch: async (request: Request) => {
      const consumerId = byKey.get(request.headers.get('x-api-key') ?? '') ?? 'unknown';
      const response = await answer(request, consumerId);
      const t = traffic.get(consumerId) ?? { requests: 0, throttled: 0 };
      t.requests += 1;
      if (response.status === 429) t.throttled += 1;
      traffic.set(consumerId, t);
      total += 1;
      onRequest(total);
      return response;
    },
  });
  return {
    fake,
    server,
    consumers,
    /** Each consumer's traffic since the last reset. */
    traffic: () => new Map(traffic),
    get total() {
      return total;
    },
    onRequest(fn: (total: number) => void) {
      onRequest = fn;
    },
    /** A new round: counters, token buckets, daily quotas and 202 polls as at the start. */
    reset() {
      traffic = new Map();
      total = 0;
      fake.resetLimits();
      fake.resetPolls();
      fake.resetStats();
    },
  };
}
