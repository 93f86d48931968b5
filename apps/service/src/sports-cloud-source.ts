import type { SyncOptions } from '@sportscloud/sync';
import { createFakeSportsCloud, type DatasetOptions } from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';
import type { ServiceConfig } from './config';

/** Where the sync's requests go: the real API, or the embedded fake with demo data. */
export interface SportsCloudSource {
  client: SyncOptions['client'];
  demo: boolean;
  /** For logs and the console: never carries a credential. */
  description: string;
  close(): Promise<void>;
}

/** A small season: the first sync takes seconds, and every list, result and export has data. */
export const DEMO_DATASET: DatasetOptions = {
  accounts: 2,
  teamsPerAccount: 2,
  athletesPerAccount: 10,
  measurementsPerAthlete: 3,
  sessionsPerTeam: 4,
  days: 28,
};
/** The demo fake answers faster than the real API (1 request/s): a demo should not take minutes. */
const DEMO_LIMITS = { rate: 50, burst: 200, dailyQuota: 5000 };

export async function openSportsCloudSource(
  config: ServiceConfig,
  demo: { dataset?: DatasetOptions; coldRatio?: number } = {},
): Promise<SportsCloudSource> {
  if (config.sportsCloud) {
    return {
      client: { ...config.sportsCloud },
      demo: false,
      description: `Sports Cloud at ${config.sportsCloud.baseURL ?? 'the default API URL'} as consumer ${config.sportsCloud.consumerId}`,
      close: async () => {},
    };
  }
  const fake = createFakeSportsCloud({
    seed: 7,
    dataset: demo.dataset ?? DEMO_DATASET,
    limits: DEMO_LIMITS,
    // A few analyses answer 202 first (revisited later in the run), as the real API's do.
    coldRatio: demo.coldRatio ?? 0.05,
    coldPolls: 1,
  });
  const server = await startFakeServer(fake, { host: '127.0.0.1' });
  return {
    client: {
      consumerId: fake.consumerId,
      sharedSecret: fake.sharedSecret,
      apiKey: fake.apiKey,
      baseURL: server.url,
      rateLimit: {
        perSecond: DEMO_LIMITS.rate,
        burst: DEMO_LIMITS.burst,
        dailyQuota: DEMO_LIMITS.dailyQuota,
      },
    },
    demo: true,
    description: `DEMO DATA: no SPORTSCLOUD_CONSUMER_ID / SPORTSCLOUD_SHARED_SECRET set, so the service syncs from an embedded fake Sports Cloud at ${server.url} (generated athletes and sessions, not real data)`,
    close: () => server.close(),
  };
}
