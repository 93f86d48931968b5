import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSportsCloud, createSimulatedClock, type FakeSportsCloud } from '../src/index';
import { createSportsCloudHandlers } from '../src/msw';

describe('msw handlers backed by the fake', () => {
  let fake: FakeSportsCloud = createFakeSportsCloud({ seed: 8, clock: createSimulatedClock() });
  const server = setupServer(
    // Route through a variable so each test can swap the fake behind the same handlers.
    ...createSportsCloudHandlers({ fetch: (request) => fake.fetch(request) }),
    ...createSportsCloudHandlers(
      { fetch: (request) => fake.fetch(request) },
      { baseURL: 'https://proxy.test/fb/api/v1/' },
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('answers global fetch at the real base URL', async () => {
    const res = await fetch('https://api.firstbeat.com/v1/sports/accounts', {
      headers: await fake.authHeaders(),
    });
    expect(res.status).toBe(200);
    const { accounts } = (await res.json()) as { accounts: Array<{ accountId: string }> };
    expect(accounts.map((a) => a.accountId)).toEqual(fake.data.accounts.map((a) => a.accountId));
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/sports/accounts',
      status: 200,
      operation: 'listAccounts',
    });
  });

  it('maps a custom base URL with a path prefix onto /v1 and keeps the query', async () => {
    const acc = fake.data.accounts[0]!;
    const res = await fetch(
      `https://proxy.test/fb/api/v1/sports/accounts/${acc.accountId}/coaches?offset=1`,
      {
        headers: await fake.authHeaders(),
      },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { coaches: unknown[] }).coaches).toHaveLength(acc.coaches.length - 1);
    expect(fake.requests.at(-1)?.path).toBe(`/sports/accounts/${acc.accountId}/coaches?offset=1`);
  });

  it('forwards POST bodies and serves /__fake/stats', async () => {
    const reg = await fetch('https://api.firstbeat.com/v1/account/register', {
      method: 'POST',
      body: JSON.stringify({ consumerName: 'Through msw' }),
    });
    expect(reg.status).toBe(200);
    const stats = (await (await fetch('https://api.firstbeat.com/__fake/stats')).json()) as { total: number };
    expect(stats.total).toBe(fake.stats().total);
  });

  it('turns a reset fault into a network error', async () => {
    fake = createFakeSportsCloud({ faults: { rate: 1, kinds: { reset: 1 } } });
    await expect(
      fetch('https://api.firstbeat.com/v1/sports/accounts', { headers: await fake.authHeaders() }),
    ).rejects.toThrow(TypeError);
  });
});
