import { describe, expect, it } from 'vitest';
import { AbortError, type ClientOptions, NotFoundError, SportsCloudClient, TimeoutError } from '../../src';
import { type ManualClock, manualClock, runUntilSettled } from '../support/manual-clock';
import { CREDENTIALS, json, type Responder, scriptedFetch } from '../support/scripted-fetch';

/** Abort and deadline end a call within milliseconds, whatever it waits for (issue 7, point 13). */

const BASE = 'https://api.test/v1';

function setup(responder: Responder, options: Partial<ClientOptions> = {}) {
  const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
  const server = scriptedFetch(responder);
  const client = new SportsCloudClient({
    ...CREDENTIALS,
    baseURL: BASE,
    fetch: server.fetch,
    clock,
    random: () => 0.5,
    ...options,
  });
  return { clock, client, seen: server.seen };
}

/** When (simulated ms after `start`) `call` settled, and with what. */
async function settleTime(clock: ManualClock, call: Promise<unknown>) {
  const start = clock.now();
  const outcome = await runUntilSettled(
    clock,
    call.then(
      (value) => ({ value, error: undefined as unknown, ms: clock.now() - start }),
      (error: unknown) => ({ value: undefined, error, ms: clock.now() - start }),
    ),
  );
  return outcome;
}

const abortAfter = (clock: ManualClock, ms: number) => {
  const controller = new AbortController();
  void clock.sleep(ms).then(() => controller.abort());
  return controller.signal;
};

describe('a call queued behind another rate-limit wait', () => {
  // One token every 10 s: the second call waits 10 s for it, the third queues behind the second.
  const slow = { rateLimit: { perSecond: 0.1, burst: 1, arrivalJitterMs: 0 } };

  it('is rejected as soon as its signal aborts, not when the call ahead of it gets its token', async () => {
    const { clock, client, seen } = setup(() => json({ accounts: [] }), slow);
    await client.accounts.list();
    const ahead = client.accounts.list();
    const queued = settleTime(clock, client.accounts.list({ signal: abortAfter(clock, 300) }));
    const { error, ms } = await queued;
    expect(error).toBeInstanceOf(AbortError);
    expect(ms).toBe(300);
    // The call ahead still gets its turn, and the aborted one never took a token or sent anything.
    await runUntilSettled(clock, ahead);
    expect(seen).toHaveLength(2);
  });

  it('is rejected when its deadline passes', async () => {
    const { clock, client } = setup(() => json({ accounts: [] }), slow);
    await client.accounts.list();
    const ahead = client.accounts.list();
    const { error, ms } = await settleTime(clock, client.accounts.list({ deadline: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBe(500);
    await runUntilSettled(clock, ahead);
  });

  it('the token it would have had goes to the next call in line', async () => {
    const { clock, client, seen } = setup(() => json({ accounts: [] }), slow);
    await client.accounts.list();
    const controller = new AbortController();
    const first = client.accounts.list({ signal: controller.signal }).catch((e: unknown) => e);
    const second = settleTime(clock, client.accounts.list());
    controller.abort();
    expect(await first).toBeInstanceOf(AbortError);
    const { error, ms } = await second;
    expect(error).toBeUndefined();
    expect(ms).toBe(10_000);
    expect(seen).toHaveLength(2);
  });
});

describe('a call waiting for the API key to be fetched', () => {
  /** GET /account/api-key takes 10 s, then fails with a 503; everything else answers at once. */
  const slowKey: (clock: () => ManualClock) => Responder = (clock) => async (request) => {
    if (request.url.pathname.endsWith('/account/api-key')) {
      await clock().sleep(10_000);
      return json({ message: 'Service Unavailable' }, { status: 503 });
    }
    return json({ accounts: [] });
  };

  it('is rejected as soon as its signal aborts, and the key request is abandoned with it', async () => {
    let clockRef: ManualClock | undefined;
    const { clock, client, seen } = setup(
      slowKey(() => clockRef!),
      { apiKey: undefined },
    );
    clockRef = clock;
    const { error, ms } = await settleTime(clock, client.accounts.list({ signal: abortAfter(clock, 200) }));
    expect(error).toBeInstanceOf(AbortError);
    expect(ms).toBe(200);
    // Nobody waits for the key any more: no second attempt at it.
    await runUntilSettled(clock, clock.sleep(60_000));
    expect(seen.map((r) => r.url.pathname)).toEqual(['/v1/account/api-key']);
  });

  it('is rejected when its deadline passes', async () => {
    let clockRef: ManualClock | undefined;
    const { clock, client } = setup(
      slowKey(() => clockRef!),
      { apiKey: undefined },
    );
    clockRef = clock;
    const { error, ms } = await settleTime(clock, client.accounts.list({ deadline: 1_000 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBe(1_000);
  });

  it("one caller's abort does not fail the others waiting for the same key", async () => {
    let calls = 0;
    const { clock, client, seen } = setup(
      async (request) => {
        if (request.url.pathname.endsWith('/account/api-key')) {
          calls += 1;
          await clock.sleep(2_000);
          return json({ apikey: 'fetched-key-0123456789abcdef' });
        }
        return json({ accounts: [] });
      },
      { apiKey: undefined },
    );
    const leaving = client.accounts.list({ signal: abortAfter(clock, 100) }).catch((e: unknown) => e);
    const staying = settleTime(clock, client.accounts.list());
    expect(await leaving).toBeInstanceOf(AbortError);
    const { error, ms } = await staying;
    expect(error).toBeUndefined();
    expect(ms).toBe(2_000);
    expect(calls).toBe(1);
    expect(seen.at(-1)?.headers.get('x-api-key')).toBe('fetched-key-0123456789abcdef');
  });
});

describe('a logger that throws', () => {
  const throwing = {
    debug: () => {
      throw new Error('logger exploded');
    },
    info: () => {},
    warn: () => {},
    error: () => {},
  };

  it('does not fail a request that succeeded', async () => {
    const { client } = setup(() => json({ accounts: [] }), { logger: throwing });
    await expect(client.accounts.list()).resolves.toEqual([]);
  });

  it('does not replace the typed error of a request that failed', async () => {
    const { client } = setup(() => json({ message: 'Not Found' }, { status: 404 }), { logger: throwing });
    await expect(client.accounts.list()).rejects.toBeInstanceOf(NotFoundError);
  });
});
