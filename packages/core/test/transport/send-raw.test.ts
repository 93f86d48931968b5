import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, ConnectionError, RedirectError, ServerError, SportsCloudClient } from '../../src';
import { manualClock } from '../support/manual-clock';
import { CREDENTIALS } from '../support/scripted-fetch';

const BASE = 'https://api.test/v1';

/** A fetch that returns plain `Response` objects (no ofetch, no polyfill fields) and counts its calls. */
function plainFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    calls.push({ url: String(input), init });
    return respond(String(input), init);
  };
  return { fetch, calls };
}

const client = (fetch: typeof globalThis.fetch, options: Record<string, unknown> = {}) =>
  new SportsCloudClient({
    ...CREDENTIALS,
    baseURL: BASE,
    fetch,
    clock: manualClock(),
    maxRetries: 0,
    ...options,
  });

describe('the transport through ofetch, public API only', () => {
  it('reads a plain Response from the injected fetch, sent with redirect "manual" and our headers', async () => {
    const { fetch, calls } = plainFetch(
      () =>
        new Response('{"accounts":[{"accountId":"3-1","name":"A"}]}', {
          headers: { 'content-type': 'application/json' },
        }),
    );
    expect(await client(fetch).accounts.list()).toEqual([{ accountId: '3-1', name: 'A' }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${BASE}/sports/accounts`);
    expect(calls[0]!.init.redirect).toBe('manual');
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('x-api-key')).toBe(CREDENTIALS.apiKey);
    expect(headers.get('authorization')).toMatch(/^Bearer eyJ/);
  });

  it('leaves the body to the capped reader: an endless stream is cancelled at the cap, not buffered', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(1024).fill(32));
        },
        cancel() {
          cancelled = true;
        },
      });
    // No content-type: ofetch would guess JSON and read the whole body, if it read anything.
    const { fetch } = plainFetch(() => new Response(endless()));
    const error = await client(fetch, { maxResponseBytes: 4096 })
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(16);
  });

  it('retries nothing itself and throws our typed error for a 5xx, not a FetchError', async () => {
    const { fetch, calls } = plainFetch(() => new Response('{"message":"down"}', { status: 503 }));
    const error = await client(fetch)
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });

  it('follows no redirect itself: a cross-origin 302 is refused by our redirect check after one call', async () => {
    const { fetch, calls } = plainFetch(
      () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.test/steal' } }),
    );
    const error = await client(fetch)
      .accounts.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/sports/accounts`]);
  });

  it("maps a failing fetch from the fetch's own error, not ofetch's wrapper (whose message quotes the URL)", async () => {
    const fetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    };
    const error = (await client(fetch)
      .accounts.list()
      .catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('GET /v1/sports/accounts: connect ECONNREFUSED 127.0.0.1:9');
    expect((error.cause as Error).name).toBe('TypeError');
    expect((error.cause as Error).message).toBe('fetch failed');
  });
});
