import * as edge from '@sportscloud/edge/cloudflare';

export { SportsCloudCoordinator } from '@sportscloud/edge/cloudflare'; // bound as COORDINATOR

type Env = { COORDINATOR: edge.DurableObjectNamespaceLike; API_TOKEN: string; RESULTS: KVNamespace };
const client = (env: Env) => edge.clientFromEnv(env, { coordinator: env.COORDINATOR }); // one budget

export default {
  // GET /accounts/:a/teams/:t/sessions/:s/results.csv with Authorization: Bearer $API_TOKEN
  fetch: (request: Request, env: Env) =>
    edge.createReadApi({ client: client(env), token: env.API_TOKEN })(request),
  scheduled: edge.scheduledSync((env: Env) => ({
    client: client(env),
    checkpoints: new edge.DurableObjectCheckpointStore(env.COORDINATOR),
    onSession: ({ session, results }) =>
      env.RESULTS.put(`session/${session.sessionId}`, edge.toJsonText(results)),
  })),
};
