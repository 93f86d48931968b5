import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src';
import { ApiKeyProvider } from '../../src/auth/api-key-provider';
import { apiKeyFirstPolicy, authPolicy } from '../../src/auth/auth-policy';
import { Credentials } from '../../src/auth/credentials';
import { TokenProvider } from '../../src/auth/token-provider';
import { Redactor } from '../../src/errors/redact';
import { ClientEventEmitter } from '../../src/internal/events';
import { exchange, scriptedNext } from '../policies/stub-exchange';
import { manualClock } from '../support/manual-clock';

function setup(apiKey?: string) {
  const clock = manualClock();
  const redactor = new Redactor();
  const credentials = new Credentials(
    'consumer-1',
    'a-shared-secret-of-some-length-0123456789',
    apiKey,
    redactor,
  );
  const tokens = new TokenProvider(credentials, clock, redactor);
  const fetched: string[] = [];
  const apiKeys = new ApiKeyProvider(credentials, async () => {
    fetched.push('key');
    return 'fetched-api-key';
  });
  const events = new ClientEventEmitter();
  return {
    clock,
    credentials,
    tokens,
    apiKeys,
    fetched,
    policy: authPolicy(tokens, apiKeys, { clock, events }),
  };
}

describe('authPolicy', () => {
  it('adds the bearer token, and the API key where the endpoint needs it', async () => {
    const { tokens, policy } = setup('configured-key');
    const token = await tokens.token();
    const withKey = scriptedNext('ok');
    await policy(exchange({ auth: 'jwt+key' }), withKey);
    expect(withKey.calls[0]!.headers).toEqual({
      authorization: `Bearer ${token}`,
      'x-api-key': 'configured-key',
    });
    const jwtOnly = scriptedNext('ok');
    await policy(exchange({ auth: 'jwt' }), jwtOnly);
    expect(jwtOnly.calls[0]!.headers).toEqual({ authorization: `Bearer ${token}` });
    const none = scriptedNext('ok');
    await policy(exchange({ auth: 'none' }), none);
    expect(none.calls[0]!.headers).toEqual({});
  });

  it('a 401 drops the token it was sent with, so the next request signs a new one', async () => {
    const { clock, tokens, policy } = setup('configured-key');
    const rejected = new AuthenticationError('401', { status: 401 });
    await expect(policy(exchange(), scriptedNext(rejected))).rejects.toBe(rejected);
    expect(tokens.signings).toBe(1);
    await clock.advance(1_000);
    await policy(exchange(), scriptedNext('ok'));
    expect(tokens.signings).toBe(2);
  });

  it('a rotation confirm is signed with the pending secret and leaves the current token alone', async () => {
    const { credentials, tokens, policy } = setup('configured-key');
    const current = await tokens.token();
    credentials.pendingSharedSecret = 'the-new-shared-secret-0123456789abcdef';
    const next = scriptedNext(new AuthenticationError('401', { status: 401 }));
    await expect(
      policy(exchange({ auth: 'pending-secret+key', method: 'POST' }), next),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect(next.calls[0]!.headers.authorization).not.toBe(`Bearer ${current}`);
    expect(await tokens.token()).toBe(current);
  });
});

describe('apiKeyFirstPolicy', () => {
  it('fetches a missing API key once, before the request goes on; JWT-only requests do not wait', async () => {
    const { apiKeys, fetched } = setup();
    const policy = apiKeyFirstPolicy(apiKeys);
    await policy(exchange({ auth: 'jwt' }), scriptedNext('ok'));
    expect(fetched).toEqual([]);
    await Promise.all([
      policy(exchange({ auth: 'jwt+key' }), scriptedNext('ok')),
      policy(exchange({ auth: 'jwt+key' }), scriptedNext('ok')),
    ]);
    expect(fetched).toEqual(['key']);
    expect(apiKeys.known).toBe(true);
  });
});
