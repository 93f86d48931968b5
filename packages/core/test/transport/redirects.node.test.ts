import { afterEach, describe, expect, it } from 'vitest';
import {
  InMemoryRateLimitStore,
  type RateLimits,
  RedirectError,
  SportsCloudClient,
  type TakeResult,
} from '../../src';
import { type LoopbackServer, startLoopbackServer } from '../support/loopback-server';
import { CREDENTIALS } from '../support/scripted-fetch';

let servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof startLoopbackServer>[0]) {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

/** The in-memory store, counting the tokens it grants. */
class CountingStore extends InMemoryRateLimitStore {
  granted = 0;
  override async take(key: string, now: number, limits: RateLimits): Promise<TakeResult> {
    const result = await super.take(key, now, limits);
    if (result.granted) this.granted += 1;
    return result;
  }
}

const ACCOUNTS = JSON.stringify({ accounts: [{ accountId: '1-1', name: 'Club' }] });

function client(baseURL: string, options: Record<string, unknown> = {}) {
  return new SportsCloudClient({ ...CREDENTIALS, baseURL, ...options });
}

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'a %i to another origin is refused: the other host gets nothing',
    async (status) => {
      const elsewhere = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(ACCOUNTS);
      });
      const api = await serve((_req, res) => {
        res.writeHead(status, { location: `${elsewhere.origin}/v1/sports/accounts` });
        res.end();
      });
      const error = await client(api.baseURL, { apiKey: CREDENTIALS.apiKey })
        .accounts.list()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toMatchObject({ code: 'redirect', location: `${elsewhere.origin}/v1/sports/accounts` });
      expect((error as Error).message).toContain('another origin');
      expect(elsewhere.seen).toHaveLength(0);
      // Not retried: the same request gets the same redirect.
      expect(api.seen).toHaveLength(1);
      expect(api.seen[0]?.headers['x-api-key']).toBe(CREDENTIALS.apiKey);
    },
  );

  it('a same-origin hop is followed as a request of its own: a token and fresh credentials each', async () => {
    const store = new CountingStore();
    const api = await serve((req, res) => {
      if (req.url === '/v1/sports/accounts') {
        res.writeHead(307, { location: '/v1/moved/accounts' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ACCOUNTS);
    });
    const accounts = await client(api.baseURL, {
      apiKey: CREDENTIALS.apiKey,
      rateLimitStore: store,
    }).accounts.list();
    expect(accounts).toEqual([{ accountId: '1-1', name: 'Club' }]);
    expect(api.seen.map((r) => r.path)).toEqual(['/v1/sports/accounts', '/v1/moved/accounts']);
    for (const seen of api.seen) {
      expect(seen.headers['x-api-key']).toBe(CREDENTIALS.apiKey);
      expect(seen.headers.authorization).toMatch(/^Bearer eyJ/);
    }
    expect(store.granted).toBe(2);
  });

  it('a redirect loop stops after maxRedirects hops, each one through the rate limiter', async () => {
    const store = new CountingStore();
    const api = await serve((req, res) => {
      res.writeHead(302, { location: req.url ?? '/' });
      res.end();
    });
    const error = await client(api.baseURL, { apiKey: CREDENTIALS.apiKey, rateLimitStore: store })
      .accounts.list()
      .catch((e: unknown) => e);
    console.log(
      JSON.stringify({
        test: 'redirect-loop',
        requests: api.seen.length,
        rateLimitTokens: store.granted,
        method: 'requests counted by the loopback server, tokens by a counting rate-limit store',
      }),
    );
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('more than 5 redirects');
    expect(api.seen).toHaveLength(6);
    expect(store.granted).toBe(api.seen.length);
  });

  it('a same-origin Location with user-info is refused', async () => {
    const api = await serve((_req, res) => {
      const { host } = new URL(api.origin);
      res.writeHead(302, { location: `http://eve:pw123456@${host}/v1/sports/accounts` });
      res.end();
    });
    const error = await client(api.baseURL, { apiKey: CREDENTIALS.apiKey })
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(JSON.stringify(error)).not.toContain('pw123456');
    expect(api.seen).toHaveLength(1);
  });

  it('maxRedirects: 0 follows none', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(308, { location: '/v1/other' });
      res.end();
    });
    const error = await client(api.baseURL, { apiKey: CREDENTIALS.apiKey, maxRedirects: 0 })
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(api.seen).toHaveLength(1);
  });

  it('a 303 after a POST continues as a GET without the body, as fetch does', async () => {
    const api = await serve((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(303, { location: '/v1/account/registered' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c-1', sharedSecret: 'fresh-secret-value-123' }));
    });
    const registered = await SportsCloudClient.register({ consumerName: 'Club app', baseURL: api.baseURL });
    expect(registered).toMatchObject({ id: 'c-1' });
    expect(api.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/account/register',
      'GET /v1/account/registered',
    ]);
  });
});
