import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { SportsCloudClient } from '../../src';
import { manualClock } from '../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const BASE = 'https://api.test/v1';
const key = new TextEncoder().encode(CREDENTIALS.sharedSecret);

/** Verifies a token as the server would, at the test clock's default start time. */
function verifyAt(token: string, secret: string, at = manualClock().now()) {
  return jwtVerify(token, new TextEncoder().encode(secret), { currentDate: new Date(at) });
}

function bearer(headers: Headers): string {
  return (headers.get('authorization') ?? '').replace(/^Bearer /, '');
}

function client(fetch: typeof globalThis.fetch, clock = manualClock(), extra: Record<string, unknown> = {}) {
  return new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch, clock, ...extra });
}

describe('JWT', () => {
  it('is HS256 with iss = consumer id, integer iat and exp = iat + 300 s', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 750));
    const { fetch, seen } = scriptedFetch(() => json({ accounts: [] }));
    await client(fetch, clock).accounts.list();
    const token = bearer(seen[0]!.headers);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, key, { currentDate: new Date(clock.now()) });
    expect(payload.iss).toBe(CREDENTIALS.consumerId);
    expect(payload.iat).toBe(Math.floor(clock.now() / 1000));
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'iss']);
    expect(seen[0]!.headers.get('x-api-key')).toBe(CREDENTIALS.apiKey);
  });

  it('50 concurrent calls share one signing', async () => {
    const { fetch, seen } = scriptedFetch(() => json({ accounts: [] }));
    const c = client(fetch);
    await Promise.all(Array.from({ length: 50 }, () => c.accounts.list()));
    expect(seen).toHaveLength(50);
    expect(c.tokenSignings).toBe(1);
    expect(new Set(seen.map((r) => bearer(r.headers))).size).toBe(1);
  });

  it('10 simulated minutes of steady calls need at most 3 signings, and no call carries a token within 60 s of expiry', async () => {
    const clock = manualClock();
    const tokensAtUse: { token: string; at: number }[] = [];
    const { fetch } = scriptedFetch((r) => {
      tokensAtUse.push({ token: bearer(r.headers), at: clock.now() });
      return json({ accounts: [] });
    });
    const c = client(fetch, clock);
    for (let second = 0; second < 600; second += 5) {
      await c.accounts.list();
      await clock.advance(5_000);
    }
    expect(tokensAtUse).toHaveLength(120);
    expect(c.tokenSignings).toBeLessThanOrEqual(3);
    for (const { token, at } of tokensAtUse) {
      const { payload } = await jwtVerify(token, key, { currentDate: new Date(at) });
      expect(payload.exp! * 1000 - at).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('a 401 mints a fresh token and retries exactly once', async () => {
    const clock = manualClock();
    const { fetch, seen } = scriptedFetch((_, i) =>
      i === 0 ? json({ message: 'Unauthorized' }, { status: 401 }) : json({ accounts: [] }),
    );
    const c = client(fetch, clock);
    await clock.advance(1_000);
    await expect(c.accounts.list()).resolves.toEqual([]);
    expect(seen).toHaveLength(2);
    expect(c.tokenSignings).toBe(2);
  });

  it('a second 401 is an AuthenticationError naming the likely causes', async () => {
    const { fetch, seen } = scriptedFetch(() => json({ message: 'Unauthorized' }, { status: 401 }));
    const error = await client(fetch)
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AuthenticationError', code: 'authentication', status: 401 });
    expect((error as Error).message).toMatch(/shared secret/);
    expect(seen).toHaveLength(2);
  });
});

describe('API key', () => {
  it('is fetched once with the JWT only, for all concurrent callers, accepting `apikey`', async () => {
    const { fetch, seen } = scriptedFetch((r) =>
      r.url.pathname.endsWith('/account/api-key')
        ? json({ apikey: 'fetched-key-0123456789abcdef' })
        : json({ accounts: [] }),
    );
    const c = new SportsCloudClient({
      consumerId: CREDENTIALS.consumerId,
      sharedSecret: CREDENTIALS.sharedSecret,
      baseURL: BASE,
      fetch,
      clock: manualClock(),
    });
    await Promise.all(Array.from({ length: 10 }, () => c.accounts.list()));
    const keyCalls = seen.filter((r) => r.url.pathname === '/v1/account/api-key');
    expect(keyCalls).toHaveLength(1);
    expect(keyCalls[0]!.headers.get('x-api-key')).toBeNull();
    expect(keyCalls[0]!.headers.get('authorization')).toMatch(/^Bearer /);
    const dataCalls = seen.filter((r) => r.url.pathname === '/v1/sports/accounts');
    expect(dataCalls.map((r) => r.headers.get('x-api-key'))).toEqual(
      Array(10).fill('fetched-key-0123456789abcdef'),
    );
    await expect(c.account.apiKey()).resolves.toBe('fetched-key-0123456789abcdef');
    expect(seen.filter((r) => r.url.pathname === '/v1/account/api-key')).toHaveLength(1);
  });

  it('accepts the spec spelling `apiKey` too', async () => {
    const { fetch } = scriptedFetch(() => json({ apiKey: 'spec-spelled-key-0123456789' }));
    const c = new SportsCloudClient({
      consumerId: CREDENTIALS.consumerId,
      sharedSecret: CREDENTIALS.sharedSecret,
      baseURL: BASE,
      fetch,
    });
    await expect(c.account.apiKey()).resolves.toBe('spec-spelled-key-0123456789');
  });
});

describe('shared-secret rotation', () => {
  const NEW_SECRET = 'feedface-0000-4000-8000-00000000beef';

  it('confirms with a JWT signed by the new secret, persists first, then switches the client', async () => {
    const events: string[] = [];
    const { fetch, seen } = scriptedFetch((r) => {
      events.push(`${r.method} ${r.url.pathname}`);
      if (r.url.pathname === '/v1/account/new-secret') return json({ sharedSecret: NEW_SECRET });
      if (r.url.pathname === '/v1/account/new-secret/confirm') return new Response(null, { status: 200 });
      return json({ accounts: [] });
    });
    const c = client(fetch);
    const secret = await c.account.rotateSharedSecret({
      persist: (s) => void events.push(`persist ${s === NEW_SECRET}`),
    });
    expect(secret).toBe(NEW_SECRET);
    expect(events).toEqual([
      'GET /v1/account/new-secret',
      'persist true',
      'POST /v1/account/new-secret/confirm',
    ]);
    await verifyAt(bearer(seen[0]!.headers), CREDENTIALS.sharedSecret);
    await verifyAt(bearer(seen[1]!.headers), NEW_SECRET);
    expect(seen[1]!.headers.get('x-api-key')).toBe(CREDENTIALS.apiKey);
    await c.accounts.list();
    await verifyAt(bearer(seen[2]!.headers), NEW_SECRET);
  });

  it('a failed confirm is not retried and leaves the client on the old secret', async () => {
    const { fetch, seen } = scriptedFetch((r) =>
      r.url.pathname === '/v1/account/new-secret'
        ? json({ sharedSecret: NEW_SECRET })
        : r.url.pathname.endsWith('/confirm')
          ? json({ message: 'boom' }, { status: 503 })
          : json({ accounts: [] }),
    );
    const c = client(fetch);
    await expect(c.account.rotateSharedSecret()).rejects.toMatchObject({ code: 'server_error' });
    expect(seen.filter((r) => r.url.pathname.endsWith('/confirm'))).toHaveLength(1);
    await c.accounts.list();
    await verifyAt(bearer(seen.at(-1)!.headers), CREDENTIALS.sharedSecret);
  });
});

describe('register', () => {
  it('posts the name without credentials and is never retried', async () => {
    const { fetch, seen } = scriptedFetch(() => json({ message: 'unavailable' }, { status: 503 }));
    await expect(
      SportsCloudClient.register({ consumerName: 'Acme Sports Lab', baseURL: BASE, fetch }),
    ).rejects.toMatchObject({
      status: 503,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers.get('authorization')).toBeNull();
    expect(seen[0]!.headers.get('x-api-key')).toBeNull();
    expect(JSON.parse(seen[0]!.body)).toEqual({ consumerName: 'Acme Sports Lab' });
  });

  it('returns the new consumer', async () => {
    const created = {
      id: '2b9a7c8e-1f4d-4c3a-9e5b-6d7f8a9b0c1d',
      consumerName: 'Acme',
      sharedSecret: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    };
    const { fetch } = scriptedFetch(() => json(created));
    await expect(SportsCloudClient.register({ consumerName: 'Acme', baseURL: BASE, fetch })).resolves.toEqual(
      created,
    );
  });

  it('rejects names the API would refuse, before any request', async () => {
    const { fetch, seen } = scriptedFetch(() => json({}));
    await expect(
      SportsCloudClient.register({ consumerName: 'x', baseURL: BASE, fetch }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(
      SportsCloudClient.register({ consumerName: 'Firstbeat tools', baseURL: BASE, fetch }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    expect(seen).toHaveLength(0);
  });
});
