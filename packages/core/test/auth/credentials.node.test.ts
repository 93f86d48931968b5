import { inspect } from 'node:util';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { Credentials } from '../../src/auth/credentials';
import { MAX_TOKEN_LIFETIME_S, mintToken } from '../../src/auth/jwt';
import { Redactor } from '../../src/errors/redact';

const secret = 'a-shared-secret-of-some-length-0123456789';

describe('Credentials', () => {
  it('show only the consumer id to JSON.stringify and util.inspect', () => {
    const credentials = new Credentials('consumer-1', secret, 'AK_api_key_0123456789', new Redactor());
    credentials.pendingSharedSecret = 'pending-secret-0123456789';
    expect(JSON.parse(JSON.stringify(credentials))).toEqual({ consumerId: 'consumer-1' });
    expect(inspect(credentials)).toBe("Credentials { consumerId: 'consumer-1' }");
    expect(inspect({ nested: credentials }, { depth: 5 })).toBe(
      "{ nested: Credentials { consumerId: 'consumer-1' } }",
    );
  });
});

describe('mintToken', () => {
  it('never signs a token that lives longer than the API accepts (300 s)', async () => {
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    const long = await mintToken('consumer-1', secret, now, 3_600);
    expect(long.expiresAt).toBe(now + MAX_TOKEN_LIFETIME_S * 1000);
    expect(decodeJwt(long.token)).toMatchObject({ iat: now / 1000, exp: now / 1000 + 300 });
    const short = await mintToken('consumer-1', secret, now, 60);
    expect(short.expiresAt).toBe(now + 60_000);
  });
});
