// The fake Sports Cloud on loopback for the runtime tests (Node, Deno, workerd, edge-runtime).
// Plain JavaScript so a Node script can start it before `deno test` without a TypeScript loader.
import { readFile } from 'node:fs/promises';
import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';

const repo = new URL('../../../../', import.meta.url);
const SAMPLES = new URL('reference-data/real-samples/', repo);
const GOLDEN = new URL('packages/core/test/reference/golden.json', repo);

/** Scaled-down limits so a test that drains the bucket waits seconds, not minutes. */
export const HARNESS_LIMITS = { rate: 10, burst: 20, dailyQuota: 5000 };

/**
 * Starts the fake with `limits` and a few harness routes beside its API:
 * - `POST /__harness/consumer`: registers a fresh consumer (its own budget) granted every account
 * - `GET /__harness/samples/<file>` and `GET /__harness/golden.json`: the real samples and their golden values
 * - `GET /__fake/stats`: the fake's counters (429s by cause)
 */
export async function startHarness({ limits = HARNESS_LIMITS } = {}) {
  // The data ends today, so a scheduled sync's default window (the last 7 days) finds sessions.
  const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const startTime = new Date(today.getTime() - 5 * 86_400_000).toISOString().replace('.000Z', 'Z');
  const fake = createFakeSportsCloud({
    seed: 11,
    limits,
    coldRatio: 0,
    failedRatio: 0,
    dataset: {
      accounts: 1,
      teamsPerAccount: 2,
      athletesPerAccount: 6,
      measurementsPerAthlete: 1,
      sessionsPerTeam: 3,
      maxLaps: 1,
      startTime,
      days: 5,
    },
  });
  const file = async (url) => {
    const body = await readFile(url);
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  const server = await startFakeServer({
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname === '/__harness/consumer' && request.method === 'POST') {
        return Response.json(fake.registerConsumer({ consumerName: 'edge runtime test', accountIds: 'all' }));
      }
      if (pathname === '/__harness/golden.json') return file(GOLDEN);
      const sample = /^\/__harness\/samples\/(sample_api_response_0[1-4]\.json)$/.exec(pathname);
      if (sample) return file(new URL(sample[1], SAMPLES));
      return fake.fetch(request);
    },
  });
  return { url: server.url, origin: server.origin, fake, close: () => server.close() };
}
