import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  AnalysisFailedError,
  AnalysisPendingError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  GatewayTimeoutError,
  isSportsCloudError,
  NotFoundError,
  PermissionDeniedError,
  ResponseTooLargeError,
  ServerError,
  SportsCloudClient,
  SportsCloudError,
  TimeoutError,
} from '../../src';
import { supportedContentEncodings } from '../../src/decoders/body';
import { type ManualClock, manualClock, runUntilSettled } from '../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const BASE = 'https://api.test/v1';
const ids = { accountId: '3-12345', athleteId: 11, measurementId: 22 };

function client(fetch: typeof globalThis.fetch, options: Record<string, unknown> = {}) {
  const clock = (options.clock as ManualClock | undefined) ?? manualClock();
  return new SportsCloudClient({
    ...CREDENTIALS,
    baseURL: BASE,
    fetch,
    clock,
    random: () => 0.5,
    ...options,
  });
}

describe('status codes map to typed errors', () => {
  it.each([
    [400, BadRequestError, 'bad_request'],
    [401, AuthenticationError, 'authentication'],
    [403, PermissionDeniedError, 'permission_denied'],
    [404, NotFoundError, 'not_found'],
    [413, ResponseTooLargeError, 'response_too_large'],
    [419, ResponseTooLargeError, 'response_too_large'],
    [500, ServerError, 'server_error'],
    [504, GatewayTimeoutError, 'gateway_timeout'],
  ] as const)('%i → %s', async (status, ErrorClass, code) => {
    const { fetch } = scriptedFetch(() => json({ message: `status ${status}` }, { status }));
    // One variable: a 413/504 on several would be split (test/endpoints/results/split-results.test.ts).
    const error = await client(fetch, { maxRetries: 0 })
      .measurements.results({ ...ids, vars: ['trimp'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(SportsCloudError);
    expect(error).toMatchObject({ code, status });
    expect((error as Error).message).toContain(`status ${status}`);
    expect((error as SportsCloudError).request?.url).toBe(
      `${BASE}/sports/accounts/3-12345/athletes/11/measurements/22/results?var=trimp`,
    );
  });

  it('202 and 204 from results endpoints are typed outcomes', async () => {
    let status = 202;
    const { fetch } = scriptedFetch(() => new Response(null, { status }));
    const c = client(fetch, { analysisPolling: { maxAttempts: 1 } });
    await expect(c.measurements.results(ids)).rejects.toBeInstanceOf(AnalysisPendingError);
    status = 204;
    const failed = await c.sessions
      .results({ accountId: '3-12345', teamId: 5, sessionId: 6 })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AnalysisFailedError);
    expect(failed).toMatchObject({ code: 'analysis_failed', status: 204 });
  });
});

describe('retries', () => {
  it('retries a GET after 5xx and lost connections with full-jitter backoff on the injected clock', async () => {
    const clock = manualClock();
    const { fetch, seen } = scriptedFetch((_, i) => {
      if (i === 0) return json({}, { status: 503 });
      if (i === 1) throw new TypeError('fetch failed: ECONNRESET');
      return json({ accounts: [{ accountId: '3-1' }] });
    });
    const sentAt: number[] = [];
    const c = client(fetch, { clock, random: () => 0.5 });
    c.on('request', () => sentAt.push(clock.now()));
    await expect(runUntilSettled(clock, c.accounts.list())).resolves.toEqual([{ accountId: '3-1' }]);
    expect(seen).toHaveLength(3);
    // Delays of 0.5 × 500 ms, then 0.5 × 1000 ms.
    expect(sentAt.map((t) => t - sentAt[0]!)).toEqual([0, 250, 750]);
  });

  it('gives up after maxRetries (per call overrides client) with the last error', async () => {
    const clock = manualClock();
    const { fetch, seen } = scriptedFetch(() => json({}, { status: 500 }));
    const c = client(fetch, { clock });
    await expect(runUntilSettled(clock, c.accounts.list({ maxRetries: 4 }))).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(seen).toHaveLength(5);
  });

  it.each([400, 403, 404, 413])('never retries %i', async (status) => {
    const { fetch, seen } = scriptedFetch(() => json({}, { status }));
    await expect(
      client(fetch, { random: () => 0 }).measurements.results({ ...ids, vars: ['trimp'] }),
    ).rejects.toBeInstanceOf(SportsCloudError);
    expect(seen).toHaveLength(1);
  });

  it('wraps network failures in ConnectionError without keeping request options', async () => {
    const { fetch } = scriptedFetch(() => {
      throw new TypeError('getaddrinfo ENOTFOUND api.test');
    });
    const error = (await client(fetch, { maxRetries: 0 })
      .accounts.list()
      .catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('ENOTFOUND');
    expect(JSON.stringify(error.cause ?? {})).not.toContain('headers');
  });
});

describe('timeouts and aborts', () => {
  it('an attempt that outlives `timeout` on the injected clock fails with TimeoutError', async () => {
    const clock = manualClock();
    const { fetch } = scriptedFetch(() => new Promise<Response>(() => {}));
    const start = clock.now();
    const pending = client(fetch, { clock, maxRetries: 0 })
      .accounts.list({ timeout: 1_000 })
      .catch((e: unknown) => e);
    const error = await runUntilSettled(clock, pending);
    expect(clock.now() - start).toBe(1_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1_000 });
  });

  it("the caller's signal aborts the call, retries included", async () => {
    const clock = manualClock();
    const controller = new AbortController();
    const { fetch } = scriptedFetch(() => json({}, { status: 500 }));
    const c = client(fetch, { clock, maxRetries: 5 });
    const pending = c.accounts.list({ signal: controller.signal }).catch((e: unknown) => e);
    c.on('retry', () => controller.abort());
    await clock.advance(10);
    expect(await runUntilSettled(clock, pending)).toBeInstanceOf(AbortError);
    expect(clock.pendingSleeps).toBe(0);
  });
});

describe('fetch resolution', () => {
  const original = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = original;
  });

  it('uses the global fetch as it is at call time, so interceptors installed later apply', async () => {
    const c = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, clock: manualClock() });
    const { fetch, seen } = scriptedFetch(() => json({ accounts: [] }));
    globalThis.fetch = vi.fn(fetch) as typeof globalThis.fetch;
    await c.accounts.list();
    expect(seen).toHaveLength(1);
  });
});

describe('isSportsCloudError', () => {
  it('recognises errors from another copy of the package', async () => {
    vi.resetModules();
    const copy = await import('../../src/errors/sports-cloud-error');
    const foreign = new copy.SportsCloudError('not_found', 'from another bundle');
    expect(foreign).not.toBeInstanceOf(SportsCloudError);
    expect(isSportsCloudError(foreign)).toBe(true);
    expect(isSportsCloudError(new Error('plain'))).toBe(false);
    expect(isSportsCloudError({ code: 'not_found' })).toBe(false);
  });
});

describe('request shape', () => {
  it('asks for compressed bodies it can decode and sends JSON headers', async () => {
    const { fetch, seen } = scriptedFetch(() => json({ accounts: [] }));
    await client(fetch).accounts.list();
    const accept = seen[0]!.headers.get('accept-encoding')!.split(/,\s*/);
    expect(accept).toEqual(expect.arrayContaining(['zstd', 'gzip', 'deflate']));
    // An injected fetch may hand back raw brotli: ask for it only if we can decode it ourselves.
    expect(accept.includes('br')).toBe(supportedContentEncodings().includes('br'));
    expect(seen[0]!.headers.get('accept')).toBe('application/json');
  });
});
