import { SportsCloudClient } from '@sportscloud/core';
import example from '../../examples/worker.ts';
import { type DurableObjectNamespaceLike, DurableObjectRateLimitStore } from '../../src/cloudflare/index.ts';

export { SportsCloudCoordinator } from '../../examples/worker.ts';

interface HammerEnv {
  COORDINATOR: DurableObjectNamespaceLike;
  SPORTSCLOUD_HARNESS_ORIGIN: string;
}

/**
 * `POST /__test/hammer` {credentials, requests, limits, shared}: one handler of a busy Worker, with
 * its own client, taking its budget from the Durable Object (or, as the control, from memory).
 */
async function hammer(request: Request, env: HammerEnv): Promise<Response> {
  const job = (await request.json()) as {
    credentials: { consumerId: string; sharedSecret: string; apiKey: string };
    requests: number;
    limits: { perSecond: number; burst: number };
    shared: boolean;
  };
  const client = new SportsCloudClient({
    ...job.credentials,
    baseURL: `${env.SPORTSCLOUD_HARNESS_ORIGIN}/v1`,
    rateLimit: job.limits,
    ...(job.shared ? { rateLimitStore: new DurableObjectRateLimitStore(env.COORDINATOR) } : {}),
  });
  const started = Date.now();
  for (let i = 0; i < job.requests; i++) await client.accounts.list();
  return Response.json({ ms: Date.now() - started });
}

export default {
  fetch(request: Request, env: Parameters<typeof example.fetch>[1] & HammerEnv): Promise<Response> {
    if (new URL(request.url).pathname === '/__test/hammer') return hammer(request, env);
    return example.fetch(request, env);
  },
  scheduled: example.scheduled,
};
