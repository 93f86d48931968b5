import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';
import { it } from 'vitest';
import { SportsCloudClient } from '../../src';

it('jitter', async () => {
  for (let run = 0; run < 4; run++) {
    const fake = createFakeSportsCloud({
      seed: 11,
      limits: { rate: 20, burst: 10 },
      dataset: { accounts: 1, athletesPerAccount: 5, measurementsPerAthlete: 2, sessionsPerTeam: 1 },
      faults: { rate: 0.05, kinds: { latency: 1 }, latencyMs: 150 },
    });
    const server = await startFakeServer(fake);
    const client = new SportsCloudClient({
      consumerId: fake.consumerId,
      sharedSecret: fake.sharedSecret,
      apiKey: fake.apiKey,
      baseURL: server.url,
      rateLimit: { perSecond: 20, burst: 10, arrivalJitterMs: 0 },
    });
    const [account] = await client.accounts.list();
    const athletes = await client.athletes.list({ accountId: account!.accountId }).toArray();
    fake.resetLimits();
    fake.resetStats();
    const sent: number[] = [];
    client.on('request', () => sent.push(Date.now()));
    await Promise.allSettled(
      Array.from({ length: 70 }, (_, i) =>
        client.measurements
          .list({ accountId: account!.accountId, athleteId: athletes[i % athletes.length]!.athleteId })
          .toArray(),
      ),
    );
    const arrived = fake.requests.map((r) => r.time);
    const d = arrived.slice(0, sent.length).map((a, i) => a - sent[i]!);
    console.log(
      'RUN',
      run,
      'sent',
      sent.length,
      'arr',
      arrived.length,
      'delay min',
      Math.min(...d),
      'max',
      Math.max(...d),
      'statuses',
      JSON.stringify(fake.stats().byStatus),
      'd',
      d.join(','),
    );
    await server.close();
  }
}, 60000);
