import * as edge from '@sportscloud/edge/deno';

const kv = await Deno.openKv(Deno.env.get('KV_PATH')); // Deno Deploy: no path
// SPORTSCLOUD_CONSUMER_ID / SPORTSCLOUD_SHARED_SECRET from the env; one budget for every isolate via KV
const client = edge.clientFromEnv({ rateLimitStore: new edge.DenoKvRateLimitStore(kv) });

// Every 10 minutes: new session results within a 25 s budget, checkpoint in KV, resumed next time
edge.cronSync('sportscloud-sync', '*/10 * * * *', {
  client,
  checkpoints: new edge.DenoKvCheckpointStore(kv),
  onSession: ({ session, results }) => kv.set(['athletes', session.sessionId], results.measurements.length),
});

// GET /accounts/:a/teams/:t/sessions/:s/results.csv with Authorization: Bearer $API_TOKEN
const api = edge.createReadApi({ client, token: Deno.env.get('API_TOKEN') ?? '' });
Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.env.get('PORT') ?? 8000) }, api);
