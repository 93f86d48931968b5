import { SportsCloudClient } from '@sportscloud/core';
import {
  cronSync,
  DenoKvCheckpointStore,
  DenoKvRateLimitStore,
  type SyncRunReport,
} from '@sportscloud/edge/deno';
import { assertEquals } from './assert.ts';

const origin = Deno.env.get('SPORTSCLOUD_HARNESS_ORIGIN')!;

Deno.test('cronSync: each Deno.cron invocation syncs new results and the next resumes from the KV checkpoint', async () => {
  // Deno.cron fires on wall-clock minutes; capture the handler and invoke it as the scheduler would.
  const registered: { name: string; schedule: string; handler: () => Promise<void> }[] = [];
  const original = Object.getOwnPropertyDescriptor(Deno, 'cron')!;
  Object.defineProperty(Deno, 'cron', {
    configurable: true,
    value: (name: string, schedule: string, handler: () => Promise<void>) => {
      registered.push({ name, schedule, handler });
      return Promise.resolve();
    },
  });
  const kv = await Deno.openKv(':memory:');
  try {
    const consumer = await (await fetch(`${origin}/__harness/consumer`, { method: 'POST' })).json();
    const client = new SportsCloudClient({
      ...consumer,
      baseURL: `${origin}/v1`,
      rateLimitStore: new DenoKvRateLimitStore(kv),
    });
    const delivered: number[] = [];
    const reports: SyncRunReport[] = [];
    await cronSync('sync-test', '*/10 * * * *', {
      client,
      checkpoints: new DenoKvCheckpointStore(kv),
      onSession: ({ session }) => void delivered.push(session.sessionId),
      onReport: (report) => void reports.push(report),
    });
    assertEquals(
      registered.map((r) => [r.name, r.schedule]),
      [['sync-test', '*/10 * * * *']],
    );
    await registered[0]!.handler();
    await registered[0]!.handler();
    // 2 teams × 3 sessions inside the default 7-day window, each delivered once.
    assertEquals(delivered.length, 6);
    assertEquals(new Set(delivered).size, 6);
    assertEquals(
      reports.map((r) => [r.delivered, r.complete]),
      [
        [6, true],
        [0, true],
      ],
    );
  } finally {
    kv.close();
    Object.defineProperty(Deno, 'cron', original);
  }
});
