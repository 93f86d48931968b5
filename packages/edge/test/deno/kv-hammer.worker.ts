/// <reference lib="deno.worker" />
import { SportsCloudClient } from '@sportscloud/core';
import { DenoKvRateLimitStore } from '@sportscloud/edge/deno';

export interface HammerJob {
  origin: string;
  credentials: { consumerId: string; sharedSecret: string; apiKey: string };
  kvPath: string;
  requests: number;
  limits: { perSecond: number; burst: number };
  /** false: this isolate keeps its own in-memory budget (the control). */
  shared: boolean;
}

// One isolate of a deployment: its own client, sharing (or not) the budget through one KV file.
// Protocol: job → 'ready' (KV open, client built) → 'go' → { ok, ms }.
let go: () => void;
const started = new Promise<void>((resolve) => {
  go = resolve;
});
self.onmessage = async (event: MessageEvent<HammerJob | 'go'>) => {
  if (event.data === 'go') return go();
  const job = event.data;
  const kv = await Deno.openKv(job.kvPath);
  try {
    const client = new SportsCloudClient({
      ...job.credentials,
      baseURL: `${job.origin}/v1`,
      rateLimit: job.limits,
      ...(job.shared ? { rateLimitStore: new DenoKvRateLimitStore(kv) } : {}),
    });
    self.postMessage('ready');
    await started;
    const t0 = performance.now();
    for (let i = 0; i < job.requests; i++) await client.accounts.list();
    self.postMessage({ ok: true, ms: performance.now() - t0 });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  } finally {
    kv.close();
  }
};
