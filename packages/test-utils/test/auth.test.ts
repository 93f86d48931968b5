import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signSportsCloudToken } from '../src/index';
import { json, makeFake } from './helpers';

const now = (t: ReturnType<typeof makeFake>) => Math.floor(t.clock.now() / 1000);

async function bearer(
  t: ReturnType<typeof makeFake>,
  claims: { iat?: number; exp?: number } = {},
  secret?: string,
) {
  const token = await signSportsCloudToken(
    { consumerId: t.fake.consumerId, sharedSecret: secret ?? t.fake.sharedSecret },
    { nowMs: t.clock.now(), ...claims },
  );
  return { authorization: `Bearer ${token}`, 'x-api-key': t.fake.apiKey };
}

describe('JWT (HS256, iss = consumer id, exp − iat ≤ 300 s)', () => {
  it('accepts a fresh 5-minute token', async () => {
    const t = makeFake();
    expect((await t.call('/sports/accounts', { auth: false, headers: await bearer(t) })).status).toBe(200);
  });

  it.each([
    [
      'no Authorization header',
      async (t: ReturnType<typeof makeFake>) => ({ 'x-api-key': t.fake.apiKey }),
      'missing bearer token',
    ],
    [
      'a non-Bearer scheme',
      async (t: ReturnType<typeof makeFake>) => ({ ...(await bearer(t)), authorization: 'Basic abc' }),
      'missing bearer token',
    ],
    [
      'garbage',
      async (t: ReturnType<typeof makeFake>) => ({ ...(await bearer(t)), authorization: 'Bearer not.a.jwt' }),
      'malformed token',
    ],
    [
      'a wrong secret',
      async (t: ReturnType<typeof makeFake>) => bearer(t, {}, 'not-the-secret'),
      'bad signature',
    ],
    [
      'a lifetime of 301 s',
      async (t: ReturnType<typeof makeFake>) => bearer(t, { exp: now(t) + 301 }),
      'token lifetime exceeds 300 s',
    ],
    [
      'an expired token',
      async (t: ReturnType<typeof makeFake>) => bearer(t, { iat: now(t) - 400, exp: now(t) - 100 }),
      'token expired (exp)',
    ],
    [
      'an iat 60 s in the future',
      async (t: ReturnType<typeof makeFake>) => bearer(t, { iat: now(t) + 60, exp: now(t) + 120 }),
      'claim check failed',
    ],
  ])('answers 401 with a JSON message for %s', async (_name, headers, reason) => {
    const t = makeFake();
    const res = await t.call('/sports/accounts', { auth: false, headers: await headers(t) });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ message: 'Unauthorized' });
    expect(res.headers.get('x-fake-reason')).toContain(reason);
  });

  it('pins the 300 s boundary: exp − iat = 300 passes, 301 fails', async () => {
    const t = makeFake();
    const ok = await t.call('/sports/accounts', {
      auth: false,
      headers: await bearer(t, { exp: now(t) + 300 }),
    });
    const bad = await t.call('/sports/accounts', {
      auth: false,
      headers: await bearer(t, { exp: now(t) + 301 }),
    });
    expect([ok.status, bad.status]).toEqual([200, 401]);
  });

  it('expires tokens on the injected clock, with a 5 s tolerance', async () => {
    const t = makeFake();
    const headers = await bearer(t);
    await t.clock.advance(304_000);
    expect((await t.call('/sports/event-types', { auth: false, headers })).status).toBe(200);
    await t.clock.advance(2_000);
    expect((await t.call('/sports/event-types', { auth: false, headers })).status).toBe(401);
  });

  it('rejects an unknown issuer, a token without exp and a non-HS256 token', async () => {
    const t = makeFake();
    const key = new TextEncoder().encode(t.fake.sharedSecret);
    const stranger = await signSportsCloudToken(
      { consumerId: '00000000-0000-4000-8000-000000000000', sharedSecret: t.fake.sharedSecret },
      { nowMs: t.clock.now() },
    );
    const noExp = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(t.fake.consumerId)
      .setIssuedAt(now(t))
      .sign(key);
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuer(t.fake.consumerId)
      .setIssuedAt(now(t))
      .setExpirationTime(now(t) + 300)
      .sign(key);
    const reasons = [];
    for (const token of [stranger, noExp, hs512]) {
      const res = await t.call('/sports/accounts', {
        auth: false,
        headers: { authorization: `Bearer ${token}`, 'x-api-key': t.fake.apiKey },
      });
      expect(res.status).toBe(401);
      reasons.push(res.headers.get('x-fake-reason'));
    }
    expect(reasons).toEqual(['unknown issuer', expect.stringContaining('"exp"'), 'algorithm must be HS256']);
  });
});

describe('x-api-key', () => {
  it('answers 403 when missing or wrong, on every operation but register and api-key', async () => {
    const t = makeFake();
    const { authorization } = await t.fake.authHeaders();
    for (const key of [undefined, 'wrong-key-wrong-key-wrong']) {
      const headers: Record<string, string> = { authorization, ...(key ? { 'x-api-key': key } : {}) };
      const res = await t.call('/sports/accounts', { auth: false, headers });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({ message: 'Forbidden' });
    }
    const apiKey = await t.call('/account/api-key', { auth: false, headers: { authorization } });
    expect(apiKey.status).toBe(200);
  });

  it("rejects another consumer's key", async () => {
    const t = makeFake();
    const other = t.fake.registerConsumer({ accountIds: 'all' });
    const { authorization } = await t.fake.authHeaders();
    const res = await t.call('/sports/accounts', {
      auth: false,
      headers: { authorization, 'x-api-key': other.apiKey },
    });
    expect(res.status).toBe(403);
  });

  it('checks the JWT before the key: no token and no key is a 401', async () => {
    const t = makeFake();
    expect((await t.call('/sports/accounts', { auth: false })).status).toBe(401);
  });
});

describe('registration and the API key', () => {
  it('POST /account/register needs no auth and creates a new consumer on every call', async () => {
    const t = makeFake();
    const register = () =>
      t.call('/account/register', {
        method: 'POST',
        auth: false,
        body: JSON.stringify({ consumerName: 'Same name' }),
      });
    const a = await json<{ id: string; consumerName: string; sharedSecret: string }>(await register());
    const b = await json<{ id: string; sharedSecret: string }>(await register());
    expect(a.consumerName).toBe('Same name');
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.sharedSecret).toHaveLength(36);
    expect(b.id).not.toBe(a.id);
    expect(b.sharedSecret).not.toBe(a.sharedSecret);
  });

  it.each([
    ['a 1-character name', JSON.stringify({ consumerName: 'x' })],
    ['a 101-character name', JSON.stringify({ consumerName: 'x'.repeat(101) })],
    ['a missing name', JSON.stringify({})],
    ['a non-string name', JSON.stringify({ consumerName: 42 })],
    ['invalid JSON', '{consumerName:'],
    ['no body', undefined],
  ])('answers 400 for %s', async (_name, body) => {
    const t = makeFake();
    const res = await t.call('/account/register', { method: 'POST', auth: false, ...(body ? { body } : {}) });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ message: 'Invalid payload supplied' });
  });

  it('accepts the 2- and 100-character limits', async () => {
    const t = makeFake();
    for (const consumerName of ['ab', 'y'.repeat(100)]) {
      const res = await t.call('/account/register', {
        method: 'POST',
        auth: false,
        body: JSON.stringify({ consumerName }),
      });
      expect(res.status).toBe(200);
    }
  });

  it('a registered consumer gets its key on first call, the same key afterwards, and sees no account yet', async () => {
    const t = makeFake();
    const reg = await json<{ id: string; sharedSecret: string }>(
      await t.call('/account/register', {
        method: 'POST',
        auth: false,
        body: JSON.stringify({ consumerName: 'New' }),
      }),
    );
    const token = async () => ({
      authorization: `Bearer ${await signSportsCloudToken({ consumerId: reg.id, sharedSecret: reg.sharedSecret }, { nowMs: t.clock.now() })}`,
    });
    const first = await json<{ apikey: string }>(
      await t.call('/account/api-key', { auth: false, headers: await token() }),
    );
    const second = await json<{ apikey: string }>(
      await t.call('/account/api-key', { auth: false, headers: await token() }),
    );
    expect(first.apikey).toMatch(/^[A-Za-z0-9]{20,128}$/);
    expect(second.apikey).toBe(first.apikey);
    const accounts = await t.call('/sports/accounts', {
      auth: false,
      headers: { ...(await token()), 'x-api-key': first.apikey },
    });
    expect(await json(accounts)).toEqual({ accounts: [] });
    const acc = t.fake.data.accounts[0]!.accountId;
    const denied = await t.call(`/sports/accounts/${acc}/athletes`, {
      auth: false,
      headers: { ...(await token()), 'x-api-key': first.apikey },
    });
    expect(denied.status).toBe(403);
  });
});

describe('shared-secret rotation', () => {
  it('issues a pending secret, activates it on a confirm signed with it, then rejects the old one', async () => {
    const t = makeFake();
    const old = t.fake.sharedSecret;
    const { sharedSecret: fresh } = await json<{ sharedSecret: string }>(await t.call('/account/new-secret'));
    expect(fresh).toHaveLength(36);
    expect(fresh).not.toBe(old);

    // Not active yet: the old secret still works, the new one only for the confirm call.
    expect(
      (await t.call('/sports/accounts', { auth: false, headers: await bearer(t, {}, old) })).status,
    ).toBe(200);
    const early = await t.call('/sports/accounts', { auth: false, headers: await bearer(t, {}, fresh) });
    expect(early.status).toBe(401);
    expect(early.headers.get('x-fake-reason')).toBe('secret not confirmed yet');

    // Confirm signed with the old secret is refused.
    const wrong = await t.call('/account/new-secret/confirm', {
      method: 'POST',
      auth: false,
      headers: await bearer(t, {}, old),
    });
    expect(wrong.status).toBe(401);

    const confirm = await t.call('/account/new-secret/confirm', {
      method: 'POST',
      auth: false,
      headers: await bearer(t, {}, fresh),
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toBe('');
    expect(t.fake.sharedSecret).toBe(fresh);

    expect(
      (await t.call('/sports/accounts', { auth: false, headers: await bearer(t, {}, old) })).status,
    ).toBe(401);
    expect(
      (await t.call('/sports/accounts', { auth: false, headers: await bearer(t, {}, fresh) })).status,
    ).toBe(200);
  });

  it('keeps the API key across a rotation', async () => {
    const t = makeFake();
    const before = t.fake.apiKey;
    const { sharedSecret } = await json<{ sharedSecret: string }>(await t.call('/account/new-secret'));
    await t.call('/account/new-secret/confirm', {
      method: 'POST',
      auth: false,
      headers: await bearer(t, {}, sharedSecret),
    });
    expect(t.fake.apiKey).toBe(before);
  });
});
