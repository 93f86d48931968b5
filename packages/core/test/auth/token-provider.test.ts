import { decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { Credentials } from '../../src/auth/credentials';
import { TokenProvider } from '../../src/auth/token-provider';
import { ConfigurationError } from '../../src/errors';
import { Redactor } from '../../src/errors/redact';
import { manualClock } from '../support/manual-clock';

const secret = 'a-shared-secret-of-some-length-0123456789';

const pendingSecret = 'the-pending-secret-0123456789-abcdef';

function provider() {
  const clock = manualClock();
  const redactor = new Redactor();
  const credentials = new Credentials('consumer-1', secret, undefined, redactor);
  const tokens = new TokenProvider(credentials, clock, redactor);
  return { clock, tokens, redactor, credentials };
}

const issuedAt = (token: string) => decodeJwt(token).iat! * 1000;

describe('TokenProvider', () => {
  it('reuses the current token, and signs a new one once it is dropped', async () => {
    const { tokens } = provider();
    const first = await tokens.token();
    expect(await tokens.token()).toBe(first);
    expect(tokens.signings).toBe(1);
    tokens.invalidate(first);
    await tokens.token();
    expect(tokens.signings).toBe(2);
  });

  it('a 401 for an old token does not discard the freshly minted one', async () => {
    const { clock, tokens } = provider();
    const old = await tokens.token();
    tokens.invalidate(old);
    await clock.advance(1_000);
    const fresh = await tokens.token();
    expect(fresh).not.toBe(old);
    // A request sent with the old token comes back 401 after the new one was minted.
    tokens.invalidate(old);
    expect(await tokens.token()).toBe(fresh);
    expect(tokens.signings).toBe(2);
    // Without a token, everything is dropped.
    tokens.invalidate();
    await clock.advance(1_000);
    expect(await tokens.token()).not.toBe(fresh);
    expect(tokens.signings).toBe(3);
  });

  it('every token it signs is known to the redactor', async () => {
    const { tokens, redactor } = provider();
    const token = await tokens.token();
    expect(redactor.text(`Bearer ${token.slice(0, 40)}… and ${token}`)).not.toContain(token);
  });

  it('reuses a token until a minute before it expires, then signs the next', async () => {
    const { clock, tokens } = provider();
    const start = clock.now();
    const first = await tokens.token();
    expect(decodeJwt(first)).toMatchObject({ iss: 'consumer-1', iat: start / 1000, exp: start / 1000 + 300 });
    await clock.advance(239_999);
    expect(await tokens.token()).toBe(first);
    await clock.advance(1);
    const next = await tokens.token();
    expect(next).not.toBe(first);
    expect(issuedAt(next)).toBe(start + 240_000);
    expect(tokens.signings).toBe(2);
  });

  it('signs once for any number of concurrent callers', async () => {
    const { tokens } = provider();
    const all = await Promise.all(Array.from({ length: 5 }, () => tokens.token()));
    expect(new Set(all).size).toBe(1);
    expect(tokens.signings).toBe(1);
  });

  it('signs on the server clock once corrected, and drops the token signed on the local one', async () => {
    const { clock, tokens } = provider();
    const local = clock.now();
    const before = await tokens.token();
    expect(tokens.clockOffsetMs).toBe(0);
    expect(tokens.serverNow()).toBe(local);
    tokens.correctClock(-90_000);
    expect(tokens.clockOffsetMs).toBe(-90_000);
    expect(tokens.serverNow()).toBe(local - 90_000);
    const after = await tokens.token();
    expect(after).not.toBe(before);
    expect(issuedAt(after)).toBe(local - 90_000);
    expect(tokens.signings).toBe(2);
    // Its expiry is judged on the server clock too: still fresh 239.999 s later, renewed at 240 s.
    await clock.advance(239_999);
    expect(await tokens.token()).toBe(after);
    await clock.advance(1);
    expect(issuedAt(await tokens.token())).toBe(local + 240_000 - 90_000);
  });

  it('invalidates only the token it is given, or the current one without an argument', async () => {
    const { tokens } = provider();
    const current = await tokens.token();
    tokens.invalidate('some-other-token');
    expect(await tokens.token()).toBe(current);
    expect(tokens.signings).toBe(1);
    tokens.invalidate();
    await tokens.token();
    expect(tokens.signings).toBe(2);
  });

  it('takes a second 401 for the same token calmly: two requests in flight both failed with it', async () => {
    const { tokens } = provider();
    const token = await tokens.token();
    tokens.invalidate(token);
    expect(() => tokens.invalidate(token)).not.toThrow();
    expect(() => provider().tokens.invalidate('never-minted')).not.toThrow();
    await tokens.token();
    expect(tokens.signings).toBe(2);
  });

  it('signs a one-off token with the pending secret, on the server clock, without replacing the current one', async () => {
    const { clock, tokens, credentials, redactor } = provider();
    await expect(tokens.pendingSecretToken()).rejects.toThrow(ConfigurationError);
    await expect(tokens.pendingSecretToken()).rejects.toThrow('No secret rotation is in progress');
    const current = await tokens.token();
    credentials.pendingSharedSecret = pendingSecret;
    tokens.correctClock(30_000);
    const pending = await tokens.pendingSecretToken();
    const { payload } = await jwtVerify(pending, new TextEncoder().encode(pendingSecret), {
      currentDate: new Date(clock.now() + 30_000),
    });
    expect(payload).toMatchObject({ iss: 'consumer-1', iat: (clock.now() + 30_000) / 1000 });
    await expect(jwtVerify(pending, new TextEncoder().encode(secret))).rejects.toThrow();
    expect(redactor.text(`x ${pending} y`)).toBe('x [REDACTED] y');
    // Not a signing of the current token: the next token() signs once, with the confirmed secret.
    expect(tokens.signings).toBe(1);
    const next = await tokens.token();
    expect(next).not.toBe(current);
    expect(next).not.toBe(pending);
    expect(tokens.signings).toBe(2);
    await expect(
      jwtVerify(next, new TextEncoder().encode(secret), { currentDate: new Date(clock.now() + 30_000) }),
    ).resolves.toBeDefined();
  });
});
