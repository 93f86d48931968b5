import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  SportsCloudClient,
  type SportsCloudError,
  ValidationError,
} from '../../src';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const BASE = 'https://api.test/v1';

/** Everything a user could print or ship about an error: message, stack, JSON, bundle, cause chain. */
function everyRendering(error: SportsCloudError): string {
  const parts = [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    JSON.stringify(error.toSupportBundle()),
  ];
  let cause: unknown = error.cause;
  for (let depth = 0; cause !== undefined && depth < 10; depth++) {
    const c = cause as { message?: unknown; stack?: unknown; cause?: unknown };
    parts.push(String(c.message), String(c.stack), JSON.stringify(cause));
    cause = c.cause;
  }
  return parts.join('\n');
}

/** Every character as a JSON `\uXXXX` escape. */
const escapeAll = (s: string) =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('a fetch that throws with the request in its message', () => {
  it('keeps neither the JWT, the API key nor URL user-info in message, JSON, cause or bundle', async () => {
    const seenTokens: string[] = [];
    const fetch = async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      // Any HeadersInit (the transport sends a Headers object): quoted below as a plain record.
      const headers = Object.fromEntries(new Headers(init?.headers));
      seenTokens.push(headers.authorization!.replace('Bearer ', ''));
      const inner = new Error(`proxy https://bob:hunter2pass@proxy.test refused ${JSON.stringify(headers)}`);
      throw new TypeError(`request failed with headers ${JSON.stringify(headers)}`, { cause: inner });
    };
    const client = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch, maxRetries: 0 });
    const error = (await client.accounts.list().catch((e: unknown) => e)) as SportsCloudError;
    expect(error).toBeInstanceOf(ConnectionError);
    const out = everyRendering(error);
    expect(seenTokens[0]).toMatch(/^eyJ/);
    for (const secret of [...seenTokens, CREDENTIALS.apiKey, CREDENTIALS.sharedSecret, 'hunter2pass']) {
      expect(out).not.toContain(secret);
    }
    // Still useful: the cause chain is there, redacted.
    expect((error.cause as Error).message).toContain('request failed with headers');
    expect(((error.cause as Error).cause as Error).message).toContain('[REDACTED]');
  });
});

describe('redaction happens after JSON unescaping', () => {
  it('a credential written with \\u escapes in a 400 body does not reappear in plaintext', async () => {
    const { fetch } = scriptedFetch(
      () =>
        new Response(
          `{"message":"key ${escapeAll(CREDENTIALS.apiKey)} and secret ${CREDENTIALS.sharedSecret.replaceAll('-', '\\u002d')} rejected"}`,
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch, maxRetries: 0 });
    const error = (await client.accounts.list().catch((e: unknown) => e)) as SportsCloudError;
    expect(error).toBeInstanceOf(BadRequestError);
    const out = everyRendering(error);
    expect(out).not.toContain(CREDENTIALS.apiKey);
    expect(out).not.toContain(CREDENTIALS.sharedSecret);
    expect(out).not.toContain(escapeAll(CREDENTIALS.apiKey));
    expect(out).not.toContain('\\u002d4bee');
    expect(error.message).toContain('key [REDACTED] and secret [REDACTED] rejected');
  });
});

describe('support bundles', () => {
  it("a validation error's bundle names the consumer and the request", async () => {
    const { fetch } = scriptedFetch(() => json({ accounts: [{ accountId: 12 }] }));
    const client = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch, maxRetries: 0 });
    const error = (await client.accounts.list().catch((e: unknown) => e)) as SportsCloudError;
    expect(error).toBeInstanceOf(ValidationError);
    const bundle = error.toSupportBundle();
    expect(bundle.consumerId).toBe(CREDENTIALS.consumerId);
    expect(bundle.request).toMatchObject({ method: 'GET', url: `${BASE}/sports/accounts` });
    expect(bundle.request?.headers['x-api-key']).toBe('[REDACTED]');
    expect(bundle.response?.status).toBe(200);
  });
});

describe('credentials in the base URL', () => {
  it('are refused at construction, and the error does not repeat them', () => {
    const make = () =>
      new SportsCloudClient({ ...CREDENTIALS, baseURL: 'https://bob:hunter2pass@api.test/v1' });
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(/baseURL must not contain user-info/);
    try {
      make();
    } catch (error) {
      expect(everyRendering(error as SportsCloudError)).not.toContain('hunter2pass');
    }
    expect(() =>
      SportsCloudClient.register({
        consumerName: 'Club app',
        baseURL: 'https://bob:hunter2pass@api.test/v1',
      }),
    ).toThrow(/baseURL must not contain user-info/);
  });
});

describe('every error names the consumer', () => {
  it('also those the policies raise: the daily quota, a redirect loop', async () => {
    const { fetch } = scriptedFetch((r) =>
      r.url.pathname.startsWith('/v1/loop')
        ? new Response(null, { status: 302, headers: { location: '/v1/loop' } })
        : json({ accounts: [] }),
    );
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: BASE,
      fetch,
      rateLimit: { dailyQuota: 1 },
    });
    await client.accounts.list();
    const quota = (await client.accounts.list().catch((e: unknown) => e)) as SportsCloudError;
    expect(quota.code).toBe('rate_limited');
    expect(quota.toSupportBundle().consumerId).toBe(CREDENTIALS.consumerId);

    const looping = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: `${BASE}/loop`,
      fetch,
      maxRedirects: 1,
    });
    const redirect = (await looping.accounts.list().catch((e: unknown) => e)) as SportsCloudError;
    expect(redirect.code).toBe('redirect');
    expect(redirect.toSupportBundle().consumerId).toBe(CREDENTIALS.consumerId);
  });
});
